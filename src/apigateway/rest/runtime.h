// What the data plane serves: a REST API compiled from its stored records
// into stages ready to match requests. A stage serves the snapshot of its
// deployment (resources, methods, integrations, authorizers, and the API
// settings a deployment freezes: binaryMediaTypes, apiKeySource,
// disableExecuteApiEndpoint); its own settings (variables, method-settings
// throttling, access logs) apply at once. Built once per change of the API
// (RuntimeCache), shared read-only by every request in flight.
#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "apigateway/common/access_log.h"
#include "apigateway/common/gateway_metrics.h"
#include "apigateway/common/runtime_cache.h"
#include "apigateway/common/token_bucket.h"
#include "apigateway/rest/authorizer_config.h"
#include "apigateway/rest/resource_tree.h"
#include "apigateway/rest/rest_store.h"

namespace cloudlet::apigateway::rest {

struct RestAuthorizer {
  std::string id;
  bool token = true;  // TOKEN, else REQUEST
  std::string function_arn;
  std::vector<IdentitySource> sources;
  std::optional<std::regex> validation;  // TOKEN identityValidationExpression
  int ttl_seconds = 300;
};

// A MOCK integration's response, chosen by its selectionPattern.
struct MockResponse {
  std::string status_code;
  std::optional<std::regex> pattern;  // none: the default response
  std::vector<std::pair<std::string, std::string>> headers;  // static 'values' of method.response.header.X
  std::optional<std::string> body;    // the application/json template, when it holds no VTL
  bool vtl = false;                   // a template cloudlet cannot run
};

struct RestIntegration {
  enum class Type { kNone, kLambda, kHttp, kMock };
  Type type = Type::kNone;
  std::string target;       // function ARN or URL; may hold ${stageVariables.x}
  std::string http_method;  // HTTP_PROXY's
  // HTTP_PROXY: {name} in the URI takes the method's path parameter `name`,
  // unless requestParameters map integration.request.path.<name> from
  // method.request.path.<other> (first) or a static 'value' (second empty).
  std::vector<std::pair<std::string, std::string>> path_from_method;  // name → method parameter
  std::vector<std::pair<std::string, std::string>> path_static;       // name → value
  std::chrono::milliseconds timeout{29000};
  // MOCK
  std::vector<std::pair<std::string, std::string>> request_templates;  // content type → template
  std::string passthrough = "WHEN_NO_MATCH";
  std::vector<MockResponse> responses;
};

struct RestMethod {
  enum class Auth { kNone, kIam, kCustom, kCognito };
  std::string http_method;    // as defined: "GET", "ANY"
  std::string resource_id;
  std::string resource_path;  // "/pets/{id}"
  std::string route;          // "GET /pets/{id}": metrics, access logs
  Auth auth = Auth::kNone;
  const RestAuthorizer* authorizer = nullptr;
  bool api_key_required = false;
  RestIntegration integration;
  std::unique_ptr<TokenBucket> bucket;  // stage method settings; null: not throttled
  RouteMetrics* metrics = nullptr;
};

struct StageRuntime {
  std::string name;
  std::string deployment_id;
  ResourceTree tree;
  // Per resource (the tree's index), its methods by MethodBit.
  std::vector<std::array<const RestMethod*, 8>> methods;
  std::vector<std::unique_ptr<RestMethod>> owned_methods;
  std::vector<std::unique_ptr<RestAuthorizer>> authorizers;
  std::vector<std::pair<std::string, std::string>> variables;
  std::string variables_json;  // "{...}", empty when there are none
  std::optional<AccessLogTarget> access_log;
  std::vector<std::string> binary_media_types;
  bool api_key_from_authorizer = false;  // apiKeySource AUTHORIZER
  bool disable_execute_api_endpoint = false;
  RouteMetrics* unmatched_metrics = nullptr;

  std::string_view Variable(std::string_view name) const;
  // Whether `content_type` (a Content-Type or Accept value) is one of binaryMediaTypes.
  bool IsBinary(std::string_view content_type) const;
};

struct ApiRuntime {
  std::string api_id;
  std::string region;
  std::vector<std::unique_ptr<StageRuntime>> stages;

  const StageRuntime* Stage(std::string_view name) const;
};

// Compiles `api_id` from the store; nullptr when there is no such REST API.
aws::Result<std::shared_ptr<const ApiRuntime>> BuildApiRuntime(const RestStore& store, std::string_view api_id,
                                                               GatewayMetrics& metrics);

// Substitutes ${stageVariables.name} in `text` (integration URIs).
std::string WithStageVariables(std::string_view text, const StageRuntime& stage);

// `pattern` ("image/*", "*/*", "application/octet-stream") against a media type.
bool MediaTypeMatches(std::string_view pattern, std::string_view media_type);

using RuntimeCache = apigateway::RuntimeCache<ApiRuntime>;

}  // namespace cloudlet::apigateway::rest
