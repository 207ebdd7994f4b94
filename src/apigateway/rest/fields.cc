#include "apigateway/rest/fields.h"

#include <cmath>

#include "apigateway/rest/errors.h"

namespace cloudlet::apigateway::rest {
namespace {

std::string_view JavaType(const json::value& v) {
  switch (v.kind()) {
    case json::kind::bool_: return "java.lang.Boolean";
    case json::kind::string: return "java.lang.String";
    case json::kind::array: return "java.util.ArrayList";
    case json::kind::object: return "java.util.LinkedHashMap";
    default: return "com.amazon.coral.value.json.numbers.TruncatingBigNumber";
  }
}

}  // namespace

const json::value* Given(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

aws::Result<std::optional<std::string>> OptString(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<std::string>{};
  if (!v->is_string()) return errors::Serialization(JavaType(*v), "String");
  return std::optional<std::string>(std::string(v->as_string()));
}

aws::Result<std::optional<bool>> OptBool(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<bool>{};
  if (!v->is_bool()) return errors::Serialization(JavaType(*v), "Boolean");
  return std::optional<bool>(v->as_bool());
}

aws::Result<std::optional<int64_t>> OptInt(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<int64_t>{};
  if (v->is_int64()) return std::optional<int64_t>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= INT64_MAX) return std::optional<int64_t>(static_cast<int64_t>(v->as_uint64()));
  if (v->is_double() && std::floor(v->as_double()) == v->as_double())
    return std::optional<int64_t>(static_cast<int64_t>(v->as_double()));
  return errors::Serialization(JavaType(*v), "Integer");
}

aws::Result<std::optional<double>> OptDouble(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<double>{};
  if (v->is_double()) return std::optional<double>(v->as_double());
  if (v->is_int64()) return std::optional<double>(static_cast<double>(v->as_int64()));
  if (v->is_uint64()) return std::optional<double>(static_cast<double>(v->as_uint64()));
  return errors::Serialization(JavaType(*v), "Double");
}

aws::Result<std::optional<json::array>> OptStringList(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<json::array>{};
  if (!v->is_array()) return errors::Serialization(JavaType(*v), "List");
  for (const auto& item : v->as_array())
    if (!item.is_string()) return errors::Serialization(JavaType(item), "String");
  return std::optional<json::array>(v->as_array());
}

aws::Result<std::optional<json::object>> OptStringMap(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<json::object>{};
  if (!v->is_object()) return errors::Serialization(JavaType(*v), "Map");
  for (const auto& [k, item] : v->as_object())
    if (!item.is_string() && !item.is_null()) return errors::Serialization(JavaType(item), "String");
  return std::optional<json::object>(v->as_object());
}

aws::Result<std::optional<json::object>> OptBoolMap(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<json::object>{};
  if (!v->is_object()) return errors::Serialization(JavaType(*v), "Map");
  for (const auto& [k, item] : v->as_object())
    if (!item.is_bool()) return errors::Serialization(JavaType(item), "Boolean");
  return std::optional<json::object>(v->as_object());
}

bool TextIsTrue(std::string_view text) { return text == "true" || text == "TRUE" || text == "True"; }

}  // namespace cloudlet::apigateway::rest
