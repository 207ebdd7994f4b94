#include "apigateway/http_api/cors.h"

#include <boost/beast/core/string.hpp>
#include <boost/json.hpp>

namespace cloudlet::apigateway::http_api {
namespace json = boost::json;
namespace {

std::string Join(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

// The Access-Control-Allow-Origin value for `origin`, empty when not allowed.
std::string AllowedOrigin(const CorsConfig& cors, std::string_view origin) {
  if (origin.empty()) return {};
  for (const auto& item : cors.allow_origins) {
    if (item == "*") return cors.allow_credentials ? std::string(origin) : "*";
    if (boost::beast::iequals(item, origin)) return std::string(origin);
  }
  return {};
}

}  // namespace

CorsConfig ParseCorsConfig(const json::value& stored) {
  CorsConfig cors;
  if (!stored.is_object()) return cors;
  const json::object& o = stored.as_object();
  auto strings = [&o](std::string_view key, std::vector<std::string>& out) {
    if (auto* list = o.if_contains(key); list && list->is_array())
      for (const auto& item : list->as_array())
        if (item.is_string()) out.emplace_back(item.as_string());
  };
  strings("allowHeaders", cors.allow_headers);
  strings("allowMethods", cors.allow_methods);
  strings("allowOrigins", cors.allow_origins);
  strings("exposeHeaders", cors.expose_headers);
  if (auto* c = o.if_contains("allowCredentials"); c && c->is_bool()) cors.allow_credentials = c->as_bool();
  if (auto* m = o.if_contains("maxAge"); m && m->is_int64()) cors.max_age = m->as_int64();
  return cors;
}

bool IsPreflight(const http::Request& request) {
  return request.method() == http::Verb::options && request.find(http::Field::origin) != request.end() &&
         request.find(http::Field::access_control_request_method) != request.end();
}

http::Response CorsPreflight(const CorsConfig& cors, const http::Request& request) {
  http::Response res{http::beast_http::status::no_content, 11};
  std::string origin = AllowedOrigin(cors, request[http::Field::origin]);
  if (origin.empty()) return res;  // not allowed: the browser sees no CORS headers and refuses
  res.set(http::Field::access_control_allow_origin, origin);
  if (!cors.allow_methods.empty()) res.set(http::Field::access_control_allow_methods, Join(cors.allow_methods));
  if (!cors.allow_headers.empty()) res.set(http::Field::access_control_allow_headers, Join(cors.allow_headers));
  if (!cors.expose_headers.empty()) res.set(http::Field::access_control_expose_headers, Join(cors.expose_headers));
  if (cors.allow_credentials) res.set(http::Field::access_control_allow_credentials, "true");
  if (cors.max_age && *cors.max_age >= 0) res.set(http::Field::access_control_max_age, std::to_string(*cors.max_age));
  return res;
}

void ApplyCors(const CorsConfig& cors, std::string_view origin, http::Response& response) {
  std::vector<std::string> names;
  for (const auto& field : response) {
    std::string_view name = field.name_string();
    if (name.size() > 15 && boost::beast::iequals(name.substr(0, 15), "access-control-")) names.emplace_back(name);
  }
  for (const auto& name : names) response.erase(name);
  std::string allowed = AllowedOrigin(cors, origin);
  if (allowed.empty()) return;
  response.set(http::Field::access_control_allow_origin, allowed);
  if (cors.allow_credentials) response.set(http::Field::access_control_allow_credentials, "true");
  if (!cors.expose_headers.empty())
    response.set(http::Field::access_control_expose_headers, Join(cors.expose_headers));
}

}  // namespace cloudlet::apigateway::http_api
