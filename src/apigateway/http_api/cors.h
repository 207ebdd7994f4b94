// An HTTP API's CorsConfiguration applied by the gateway (APIGW guide
// "http-api-cors"):
//   - a preflight (OPTIONS with Origin and Access-Control-Request-Method)
//     is answered 204 by the gateway, whatever the routes; it carries
//     Access-Control-Allow-Origin/-Methods/-Headers/-Max-Age/-Credentials
//     only when the origin is allowed;
//   - any other response gets Access-Control-Allow-Origin (and
//     -Credentials, -Expose-Headers) when the request's Origin is allowed,
//     and the integration's own Access-Control-* headers are dropped.
// Without a configuration nothing is added and OPTIONS goes to the routes.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace cloudlet::apigateway::http_api {

struct CorsConfig {
  bool allow_credentials = false;
  std::vector<std::string> allow_headers, allow_methods, allow_origins, expose_headers;
  std::optional<int64_t> max_age;
};

// From the stored corsConfiguration ({"allowOrigins":[...],...}).
CorsConfig ParseCorsConfig(const boost::json::value& stored);

bool IsPreflight(const http::Request& request);
http::Response CorsPreflight(const CorsConfig& cors, const http::Request& request);
void ApplyCors(const CorsConfig& cors, std::string_view origin, http::Response& response);

}  // namespace cloudlet::apigateway::http_api
