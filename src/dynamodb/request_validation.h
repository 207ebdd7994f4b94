// Request-member checks shared by the operations, with DynamoDB's texts:
//   "1 validation error detected: Value 'x' at 'tableName' failed to satisfy
//    constraint: Member must have length greater than or equal to 3"
// Constraint violations are collected and reported together, as DynamoDB
// does ("2 validation errors detected: ...; ..."). Members of the wrong JSON
// type are SerializationExceptions.
#pragma once

#include <boost/json/object.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"

namespace cloudlet::dynamodb {

class ConstraintErrors {
 public:
  // `value` is printed as 'text' (or null when absent).
  void Add(const boost::json::value* value, std::string_view path, std::string_view rule);
  void AddRaw(std::string violation) { errors_.push_back(std::move(violation)); }
  bool empty() const { return errors_.empty(); }
  // The combined ValidationException, or nullopt when nothing was added.
  std::optional<aws::AwsError> Error() const;

 private:
  std::vector<std::string> errors_;
};

// How DynamoDB prints a member's value inside 'Value ... at'.
std::string ValueText(const boost::json::value& value);

// Typed member access. Absent -> nullopt / nullptr; wrong JSON type -> SerializationException.
aws::Result<std::optional<std::string_view>> StringMember(const boost::json::object& req, std::string_view name);
aws::Result<const boost::json::object*> ObjectMember(const boost::json::object& req, std::string_view name);
aws::Result<const boost::json::array*> ArrayMember(const boost::json::object& req, std::string_view name);
aws::Result<std::optional<bool>> BoolMember(const boost::json::object& req, std::string_view name);
aws::Result<std::optional<int64_t>> IntMember(const boost::json::object& req, std::string_view name);

// TableName of data-plane operations (length 1..255 — CreateTable uses 3), pattern [a-zA-Z0-9_.-]+.
// With min_length 1 a table ARN ("arn:...", up to 1024 characters) is accepted as well.
void CheckTableName(const boost::json::object& req, ConstraintErrors& errors, std::size_t min_length = 1,
                    std::string_view path = "tableName");
// An enum member: adds "Member must satisfy enum value set: [A, B]" (values in AWS's order).
void CheckEnum(const boost::json::object& req, std::string_view member, std::string_view path,
               std::initializer_list<std::string_view> allowed, ConstraintErrors& errors);

}  // namespace cloudlet::dynamodb
