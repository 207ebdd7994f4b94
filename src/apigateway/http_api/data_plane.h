// The data plane of HTTP APIs: requests to an execute-api id that is an
// HTTP API, served per stage and route (exchange.h has the steps).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "apigateway/common/gateway_metrics.h"
#include "apigateway/gateway_deps.h"
#include "apigateway/http_api/api_store.h"
#include "aws/service.h"
#include "http/handler.h"

namespace cloudlet::apigateway::http_api {

struct Core;

class DataPlane {
 public:
  // `metrics` must outlive the data plane.
  DataPlane(const ApiStore& store, const aws::ServiceEnvironment& env, GatewayDeps deps, GatewayMetrics& metrics);
  ~DataPlane();  // stops the gateway's threads; requests in flight answer or are abandoned

  // False when `api_id` is not an HTTP API (nothing answered).
  bool Serve(std::string_view api_id, std::string_view rest, http::Request& request, http::RequestContext& ctx,
             http::Responder respond);
  bool RequiresSignature(std::string_view api_id, std::string_view rest, const http::Request& request);

  void Invalidate(std::string_view api_id);
  void ResetAuthorizerCache(std::string_view api_id);

 private:
  std::shared_ptr<Core> core_;
};

}  // namespace cloudlet::apigateway::http_api
