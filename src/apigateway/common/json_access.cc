#include "apigateway/common/json_access.h"

namespace cloudlet::apigateway {
namespace json = boost::json;

std::string_view Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->as_string()) : std::string_view{};
}

bool Bool(const json::object& o, std::string_view key, bool fallback) {
  const json::value* v = o.if_contains(key);
  return v && v->is_bool() ? v->as_bool() : fallback;
}

std::optional<double> Num(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return std::nullopt;
}

const json::object& Obj(const json::object& o, std::string_view key) {
  static const json::object kEmpty;
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? v->as_object() : kEmpty;
}

std::vector<std::string> Strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const json::value* v = o.if_contains(key); v && v->is_array())
    for (const auto& item : v->as_array())
      if (item.is_string()) out.emplace_back(item.as_string());
  return out;
}

json::object& ObjMember(json::object& o, std::string_view key) {
  json::value& v = o[key];
  if (!v.is_object()) v.emplace_object();
  return v.as_object();
}

}  // namespace cloudlet::apigateway
