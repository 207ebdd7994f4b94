// PartiQL's ValidationException texts, as DynamoDB words them. Messages
// with a position end in " at line:column:length" (Position::At).
#pragma once

#include <string>
#include <string_view>

#include "dynamodb/errors.h"

namespace cloudlet::dynamodb::partiql {

// "Statement wasn't well formed, can't be processed: <detail>"
inline aws::AwsError NotWellFormed(std::string_view detail) {
  return errors::Validation("Statement wasn't well formed, can't be processed: " + std::string(detail));
}

inline constexpr std::string_view kUnexpectedTokenAfterExpression = "Unexpected token after expression";
inline constexpr std::string_view kIncompleteKey =
    "Where clause does not contain a mandatory equality on all key attributes";
inline constexpr std::string_view kParameterCountMismatch = "Number of parameters in request and statement don't match.";
inline constexpr std::string_view kDuplicateItem = "Duplicate primary key exists in table";
inline constexpr std::string_view kTableNotFound = "Cannot do operations on a non-existent table";

// DuplicateItemException (an INSERT of an existing key).
inline aws::AwsError DuplicateItem() {
  return aws::AwsError::Make(400, "DuplicateItemException", std::string(kDuplicateItem), errors::kServiceNs);
}

}  // namespace cloudlet::dynamodb::partiql
