// What the data plane serves: an HTTP API compiled from its stored records
// into stages ready to match requests. A stage serves the snapshot of its
// deployment, or the live routes, integrations, authorizers and CORS
// configuration when it auto-deploys; its own settings (variables,
// throttling, access logs) always apply. Built once per change of the API
// (RuntimeCache), shared read-only by every request in flight.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "apigateway/common/access_log.h"
#include "apigateway/common/runtime_cache.h"
#include "apigateway/http_api/api_store.h"
#include "apigateway/http_api/cors.h"
#include "apigateway/common/gateway_metrics.h"
#include "apigateway/http_api/route_key.h"
#include "apigateway/common/token_bucket.h"

namespace cloudlet::apigateway::http_api {

struct CompiledIntegration {
  enum class Type { kLambda, kHttp };
  Type type = Type::kLambda;
  std::string id;
  std::string target;        // the function ARN, or the URL; may hold ${stageVariables.x}
  std::string method;        // HTTP_PROXY: IntegrationMethod ("ANY": the request's)
  bool payload_v2 = true;
  std::chrono::milliseconds timeout{30000};
};

struct CompiledAuthorizer {
  enum class Type { kJwt, kRequest };
  Type type = Type::kJwt;
  std::string id;
  std::vector<std::string> identity_sources;  // "$request.header.Authorization", ...
  // JWT
  std::string issuer;
  std::vector<std::string> audiences;
  // REQUEST
  std::string function_arn;
  bool payload_v2 = true;
  bool simple_responses = false;
  int ttl_seconds = 0;
};

struct CompiledRoute {
  enum class Auth { kNone, kIam, kJwt, kCustom };
  RouteKey key;
  std::string route_key;
  std::string route_id;
  const CompiledIntegration* integration = nullptr;  // null: the route has no target
  Auth auth = Auth::kNone;
  const CompiledAuthorizer* authorizer = nullptr;
  std::vector<std::string> scopes;
  std::unique_ptr<TokenBucket> bucket;  // null: not throttled
  RouteMetrics* metrics = nullptr;
};

struct StageRuntime {
  std::string name;
  std::vector<std::unique_ptr<CompiledIntegration>> integrations;
  std::vector<std::unique_ptr<CompiledAuthorizer>> authorizers;
  std::vector<std::unique_ptr<CompiledRoute>> routes;  // most specific first
  std::vector<const RouteKey*> keys;                   // routes[i]->key, for MatchFirst
  std::optional<CorsConfig> cors;
  std::vector<std::pair<std::string, std::string>> stage_variables;
  std::string stage_variables_json;  // "{...}", empty when there are none
  std::optional<AccessLogTarget> access_log;
  RouteMetrics* unmatched_metrics = nullptr;

  std::string_view Variable(std::string_view name) const;
};

struct ApiRuntime {
  std::string api_id;
  std::string region;
  bool disable_execute_api_endpoint = false;
  std::vector<std::unique_ptr<StageRuntime>> stages;

  const StageRuntime* Stage(std::string_view name) const;
};

// Compiles `api_id` from the store; nullptr when there is no such HTTP API.
aws::Result<std::shared_ptr<const ApiRuntime>> BuildApiRuntime(const ApiStore& store, std::string_view api_id,
                                                               GatewayMetrics& metrics);

// Substitutes ${stageVariables.name} in `text` (integration URIs).
std::string WithStageVariables(std::string_view text, const StageRuntime& stage);

// The runtimes of the HTTP APIs requests have asked for.
using RuntimeCache = apigateway::RuntimeCache<ApiRuntime>;

}  // namespace cloudlet::apigateway::http_api
