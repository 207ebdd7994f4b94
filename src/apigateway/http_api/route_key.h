// Route keys of HTTP APIs and how a request picks one (APIGW guide
// "http-api-develop-routes").
//
//   route_key = "$default" | method " " path
//   method    = "ANY" | "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
//   path      = "/" | ("/" segment)+
//   segment   = literal | "{" name "}" | "{" name "+}"      greedy only as the last segment
//   e.g. "GET /pets/{id}", "ANY /{proxy+}", "$default"
//
// Precedence, most specific first: routes without a greedy variable, then
// greedy ones; between two routes of the same kind the one whose segments
// are more literal, left to right, wins (so /pets/{proxy+} beats /{proxy+},
// /pets/dog/{id} beats /pets/{a}/{b}); on equal paths a route naming the
// method beats ANY; $default comes last. A {name} matches one non-empty
// segment, {name+} one or more (at least one character).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apigateway/common/request_parts.h"  // PathParams

namespace cloudlet::apigateway::http_api {

struct RouteSegment {
  enum class Type { kLiteral, kParam, kGreedy };
  Type type;
  std::string text;  // the literal, or the variable's name
};

struct RouteKey {
  bool is_default = false;
  std::string method;  // "ANY", "GET", ...; empty for $default
  std::string path;    // "/pets/{id}"
  std::vector<RouteSegment> segments;
};

// nullopt when `key` is not a route key of an HTTP API.
std::optional<RouteKey> ParseRouteKey(std::string_view key);

// True when `a` must be tried before `b` (the order above).
bool MoreSpecific(const RouteKey& a, const RouteKey& b);


// Whether `route` matches `method` and `path` (the path after any stage
// prefix, without its query; starts with '/'). Fills `params` with views
// into `path` and `route`.
bool Matches(const RouteKey& route, std::string_view method, std::string_view path, PathParams* params);

// The index of the first of `routes` (already in precedence order) that
// matches, else nullopt; a $default route among them matches anything.
std::optional<std::size_t> MatchFirst(const std::vector<const RouteKey*>& routes, std::string_view method,
                                      std::string_view path, PathParams* params);

}  // namespace cloudlet::apigateway::http_api
