// HTTP APIs (apigatewayv2) as the API Gateway service hands them over: the
// /v2/ control plane (control_plane.h) and the data plane for the ids that
// are HTTP APIs (data_plane.h). The service (apigateway_service.cc) routes
// between this and the REST APIs (rest/rest_apis.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "apigateway/common/gateway_metrics.h"
#include "apigateway/gateway_deps.h"
#include "aws/service.h"
#include "http/handler.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::apigateway::http_api {

class HttpApis {
 public:
  virtual ~HttpApis() = default;

  // One /v2/... control-plane request (restJson1).
  virtual void HandleControl(http::Request& request, http::RequestContext& ctx, http::Responder respond) = 0;

  // Data plane: `api_id` is the execute-api id, `rest` the path after it
  // ("/{stage}/{path...}" or "/{path...}" for $default, query included).
  // Returns false, without calling `respond`, when `api_id` is not an HTTP API.
  virtual bool Serve(std::string_view api_id, std::string_view rest, http::Request& request,
                     http::RequestContext& ctx, http::Responder respond) = 0;

  // With --auth sigv4: whether this data-plane request reaches an AWS_IAM route.
  virtual bool RequiresSignature(std::string_view api_id, std::string_view rest, const http::Request& request) = 0;
};

// Requests are counted in `metrics` (the service's, shared with REST APIs),
// which must outlive the result.
std::unique_ptr<HttpApis> MakeHttpApis(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                       const GatewayDeps& deps, std::string url_port, GatewayMetrics& metrics);

}  // namespace cloudlet::apigateway::http_api
