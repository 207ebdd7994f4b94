// Decides which service a request is for, from what the request itself says,
// in this order (the first that answers wins):
//   1. the service of the SigV4 credential scope (Authorization header or
//      X-Amz-Credential query parameter): "dynamodb", "lambda", "s3", ...
//   2. the X-Amz-Target prefix: "DynamoDB_20120810.", "Logs_20140328.", ...
//   3. the Host, port ignored: "*.execute-api.localhost", "*.s3.localhost", ...
//   4. the longest matching path prefix: "/2015-03-31/", "/_cloudlet/", ...
//   5. the Action of query protocols, from the query string or, once read,
//      the form body (RouteByAction).
// Services register matchers; the router holds no service names itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace cloudlet::http {

struct ServiceMatchers {
  std::vector<std::string> signing_names;    // SigV4 scope service names
  std::vector<std::string> target_prefixes;  // X-Amz-Target prefixes, dot included
  std::vector<std::string> host_patterns;    // '*' matches one or more characters
  std::vector<std::string> path_prefixes;
  std::vector<std::string> query_actions;    // Action values of query protocols
};

// The credential scope as the router reads it: enough to route, nothing verified.
struct ScopeHint {
  std::string region;
  std::string service;
};

struct RouteDecision {
  int service = -1;           // index given by Add(), -1 when no matcher claimed it
  std::optional<ScopeHint> scope;
  bool needs_form_body = false;  // unclaimed, but a form body may name an Action
};

class Router {
 public:
  // Registers a service; returns its index. Not thread-safe; call before serving.
  int Add(ServiceMatchers matchers);

  // Steps 1-5 (Action from the query string only). Reads headers and target; no allocation
  // unless a scope is present.
  RouteDecision Route(const Request& header) const;

  // Step 5 for a form-encoded body: the service whose query_actions hold the body's Action.
  int RouteByFormBody(std::string_view body) const;

  // One sentence naming what was looked at, for the "not recognised" error.
  static std::string DescribeUnrouted(const Request& request, const std::optional<ScopeHint>& scope);

  static std::optional<ScopeHint> FindScope(const Request& header);
  static bool HostMatches(std::string_view pattern, std::string_view host);

 private:
  int MatchAction(std::string_view action) const;
  std::vector<ServiceMatchers> services_;
};

// Decodes one application/x-www-form-urlencoded or query-string parameter.
std::optional<std::string> FormParameter(std::string_view encoded, std::string_view name);
std::string PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace cloudlet::http
