// REST APIs (the apigateway v1 API): their control plane and their data
// plane, as the API Gateway service (apigateway_service.cc) hands them over.
// The service routes a request here when its path is a v1 control-plane path
// (IsControlPath) or when the execute-api id it names is a REST API (Serve
// returns false for ids it does not know).
#pragma once

#include <memory>
#include <string_view>

#include "apigateway/common/gateway_metrics.h"
#include "apigateway/gateway_deps.h"
#include "aws/service.h"
#include "http/handler.h"
#include "http/message.h"
#include "http/request_context.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::apigateway::rest {

class RestApis {
 public:
  virtual ~RestApis() = default;

  // Whether `path` (no query) belongs to the v1 control plane: /restapis...,
  // /apikeys..., /usageplans..., /account, /tags/..., and the other v1 paths.
  virtual bool IsControlPath(std::string_view path) const = 0;
  // One v1 control-plane request (restJson1); answers through `respond`.
  virtual void HandleControl(http::Request& request, http::RequestContext& ctx, http::Responder respond) = 0;

  // Data plane: `api_id` is the execute-api id, `rest` the path after it
  // ("/{stage}/{path...}", query included). Returns false, without calling
  // `respond`, when `api_id` is not a REST API; otherwise answers through it.
  virtual bool Serve(std::string_view api_id, std::string_view rest, http::Request& request,
                     http::RequestContext& ctx, http::Responder respond) = 0;

  // With --auth sigv4: whether this data-plane request reaches a method with
  // AWS_IAM authorization (the pipeline then verifies its signature). Every
  // other data-plane request is served unsigned.
  virtual bool RequiresSignature(std::string_view api_id, std::string_view rest, const http::Request& request) {
    return false;
  }
};

// Requests are counted in `metrics` (the service's, shared with HTTP APIs),
// which must outlive the result.
std::unique_ptr<RestApis> MakeRestApis(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                       const GatewayDeps& deps, std::string url_port, GatewayMetrics& metrics);

}  // namespace cloudlet::apigateway::rest
