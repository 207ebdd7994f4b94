#include "apigateway/http_api/fields.h"

#include <fmt/format.h>

#include <cmath>

#include "apigateway/http_api/errors.h"

namespace cloudlet::apigateway::http_api {
namespace {

aws::AwsError BadType(std::string_view key, std::string_view type) {
  return errors::BadRequest(fmt::format("Invalid input for '{}': expected {}", key, type));
}

}  // namespace

const json::value* Given(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

aws::AwsError MissingMember(std::string_view key) {
  return errors::BadRequest(fmt::format("Missing required field '{}'", key));
}

aws::Result<std::optional<std::string>> OptString(const json::object& body, std::string_view key,
                                                  std::size_t min_len, std::size_t max_len) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<std::string>{};
  if (!v->is_string()) return BadType(key, "a string");
  std::string s(v->as_string());
  if (s.size() < min_len || s.size() > max_len)
    return errors::BadRequest(max_len == SIZE_MAX
                                  ? fmt::format("Invalid input for '{}': must be at least {} characters", key, min_len)
                                  : fmt::format("Invalid input for '{}': must be between {} and {} characters", key,
                                                min_len, max_len));
  return std::optional<std::string>(std::move(s));
}

aws::Result<std::optional<bool>> OptBool(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<bool>{};
  if (!v->is_bool()) return BadType(key, "a boolean");
  return std::optional<bool>(v->as_bool());
}

aws::Result<std::optional<int64_t>> OptInt(const json::object& body, std::string_view key, int64_t min, int64_t max) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<int64_t>{};
  int64_t n;
  if (v->is_int64()) n = v->as_int64();
  else if (v->is_uint64() && v->as_uint64() <= INT64_MAX) n = static_cast<int64_t>(v->as_uint64());
  else if (v->is_double() && std::floor(v->as_double()) == v->as_double()) n = static_cast<int64_t>(v->as_double());
  else return BadType(key, "an integer");
  if (n < min || n > max)
    return errors::BadRequest(fmt::format("Invalid input for '{}': must be between {} and {}", key, min, max));
  return std::optional<int64_t>(n);
}

aws::Result<std::optional<double>> OptDouble(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<double>{};
  if (v->is_double()) return std::optional<double>(v->as_double());
  if (v->is_int64()) return std::optional<double>(static_cast<double>(v->as_int64()));
  if (v->is_uint64()) return std::optional<double>(static_cast<double>(v->as_uint64()));
  return BadType(key, "a number");
}

aws::Result<std::optional<json::array>> OptStringList(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<json::array>{};
  if (!v->is_array()) return BadType(key, "a list of strings");
  for (const auto& item : v->as_array())
    if (!item.is_string()) return BadType(key, "a list of strings");
  return std::optional<json::array>(v->as_array());
}

aws::Result<std::optional<json::object>> OptStringMap(const json::object& body, std::string_view key) {
  const json::value* v = Given(body, key);
  if (!v) return std::optional<json::object>{};
  if (!v->is_object()) return BadType(key, "a map of strings");
  for (const auto& [k, item] : v->as_object())
    if (!item.is_string()) return BadType(key, "a map of strings");
  return std::optional<json::object>(v->as_object());
}

aws::Status CheckEnum(std::string_view key, std::string_view value, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (a == value) return aws::OkStatus();
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return errors::BadRequest(fmt::format("Invalid {} specified. Must be one of [{}]", key, list));
}

aws::Status CopyStrings(const json::object& body, json::object& record, std::initializer_list<std::string_view> keys) {
  for (auto key : keys) {
    auto v = OptString(body, key);
    CLOUDLET_TRY(v);
    if (*v) record[key] = **v;
  }
  return aws::OkStatus();
}

aws::Status CopyBools(const json::object& body, json::object& record, std::initializer_list<std::string_view> keys) {
  for (auto key : keys) {
    auto v = OptBool(body, key);
    CLOUDLET_TRY(v);
    if (*v) record[key] = **v;
  }
  return aws::OkStatus();
}

aws::Result<json::object> ParseCorsConfiguration(const json::value& value) {
  if (!value.is_object()) return BadType("corsConfiguration", "an object");
  const json::object& in = value.as_object();
  json::object out;
  for (std::string_view key : {"allowHeaders", "allowMethods", "allowOrigins", "exposeHeaders"}) {
    auto list = OptStringList(in, key);
    CLOUDLET_TRY(list);
    if (*list) out[key] = std::move(**list);
  }
  auto credentials = OptBool(in, "allowCredentials");
  CLOUDLET_TRY(credentials);
  if (*credentials) out["allowCredentials"] = **credentials;
  auto max_age = OptInt(in, "maxAge", -1, 86400);
  CLOUDLET_TRY(max_age);
  if (*max_age) out["maxAge"] = **max_age;
  return out;
}

aws::Result<json::object> ParseRouteSettings(const json::value& value, std::string_view member) {
  if (!value.is_object()) return BadType(member, "an object");
  const json::object& in = value.as_object();
  json::object out;
  auto trace = OptBool(in, "dataTraceEnabled");
  CLOUDLET_TRY(trace);
  if (*trace) out["dataTraceEnabled"] = **trace;
  auto detailed = OptBool(in, "detailedMetricsEnabled");
  CLOUDLET_TRY(detailed);
  out["detailedMetricsEnabled"] = detailed->value_or(false);
  auto level = OptString(in, "loggingLevel");
  CLOUDLET_TRY(level);
  if (*level) {
    CLOUDLET_TRY(CheckEnum("loggingLevel", **level, {"ERROR", "INFO", "OFF"}));
    out["loggingLevel"] = **level;
  }
  auto burst = OptInt(in, "throttlingBurstLimit", 0, INT32_MAX);
  CLOUDLET_TRY(burst);
  if (*burst) out["throttlingBurstLimit"] = **burst;
  auto rate = OptDouble(in, "throttlingRateLimit");
  CLOUDLET_TRY(rate);
  if (*rate) {
    if (**rate < 0) return errors::BadRequest("Invalid input for 'throttlingRateLimit': must not be negative");
    out["throttlingRateLimit"] = **rate;
  }
  return out;
}

}  // namespace cloudlet::apigateway::http_api
