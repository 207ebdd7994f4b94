#include "dynamodb/request_validation.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "dynamodb/errors.h"

namespace cloudlet::dynamodb {
namespace {

aws::AwsError WrongType(std::string_view expected) {
  return errors::Serialization(fmt::format("Unexpected value type in payload: expected {}", expected));
}

}  // namespace

std::string ValueText(const boost::json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_null()) return "null";
  return boost::json::serialize(value);
}

void ConstraintErrors::Add(const boost::json::value* value, std::string_view path, std::string_view rule) {
  std::string text = value == nullptr || value->is_null() ? "Value null" : "Value '" + ValueText(*value) + "'";
  errors_.push_back(fmt::format("{} at '{}' failed to satisfy constraint: {}", text, path, rule));
}

std::optional<aws::AwsError> ConstraintErrors::Error() const {
  if (errors_.empty()) return std::nullopt;
  std::string message = fmt::format("{} validation error{} detected: ", errors_.size(), errors_.size() == 1 ? "" : "s");
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    if (i) message += "; ";
    message += errors_[i];
  }
  return errors::Validation(std::move(message));
}

aws::Result<std::optional<std::string_view>> StringMember(const boost::json::object& req, std::string_view name) {
  auto* v = req.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<std::string_view>{};
  if (!v->is_string()) return WrongType("string");
  return std::optional<std::string_view>{std::string_view(v->get_string())};
}

aws::Result<const boost::json::object*> ObjectMember(const boost::json::object& req, std::string_view name) {
  auto* v = req.if_contains(name);
  if (v == nullptr || v->is_null()) return static_cast<const boost::json::object*>(nullptr);
  if (!v->is_object()) return WrongType("structure");
  return &v->get_object();
}

aws::Result<const boost::json::array*> ArrayMember(const boost::json::object& req, std::string_view name) {
  auto* v = req.if_contains(name);
  if (v == nullptr || v->is_null()) return static_cast<const boost::json::array*>(nullptr);
  if (!v->is_array()) return WrongType("list");
  return &v->get_array();
}

aws::Result<std::optional<bool>> BoolMember(const boost::json::object& req, std::string_view name) {
  auto* v = req.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<bool>{};
  if (!v->is_bool()) return WrongType("boolean");
  return std::optional<bool>{v->get_bool()};
}

aws::Result<std::optional<int64_t>> IntMember(const boost::json::object& req, std::string_view name) {
  auto* v = req.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<int64_t>{};
  if (v->is_int64()) return std::optional<int64_t>{v->get_int64()};
  if (v->is_uint64() && v->get_uint64() <= uint64_t(INT64_MAX)) return std::optional<int64_t>{int64_t(v->get_uint64())};
  // Whole numbers written with a fraction or exponent ("5.0", "1e3"), within range.
  if (v->is_double()) {
    double d = v->get_double();
    if (d >= -9.2e18 && d <= 9.2e18 && d == double(int64_t(d))) return std::optional<int64_t>{int64_t(d)};
  }
  return WrongType("integer");
}

void CheckTableName(const boost::json::object& req, ConstraintErrors& errors, std::size_t min_length,
                    std::string_view path) {
  auto* v = req.if_contains("TableName");
  if (v == nullptr || v->is_null()) {
    errors.Add(nullptr, path, "Member must not be null");
    return;
  }
  if (!v->is_string()) return;  // reported as a SerializationException by the caller's StringMember
  std::string_view name = v->get_string();
  // An existing table may be named by its ARN (TableNameOf resolves it); CreateTable takes names only.
  if (min_length == 1 && name.starts_with("arn:")) {
    if (name.size() > 1024) errors.Add(v, path, "Member must have length less than or equal to 1024");
    return;
  }
  if (name.size() < min_length)
    errors.Add(v, path, fmt::format("Member must have length greater than or equal to {}", min_length));
  if (name.size() > 255) errors.Add(v, path, "Member must have length less than or equal to 255");
  bool pattern_ok = !name.empty();
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) pattern_ok = false;
  if (!pattern_ok && !name.empty())
    errors.Add(v, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
}

void CheckEnum(const boost::json::object& req, std::string_view member, std::string_view path,
               std::initializer_list<std::string_view> allowed, ConstraintErrors& errors) {
  auto* v = req.if_contains(member);
  if (v == nullptr || v->is_null() || !v->is_string()) return;
  for (auto a : allowed)
    if (a == v->get_string()) return;
  std::string set = "[";
  for (auto a : allowed) {
    if (set.size() > 1) set += ", ";
    set.append(a);
  }
  set += "]";
  errors.Add(v, path, "Member must satisfy enum value set: " + set);
}

}  // namespace cloudlet::dynamodb
