// The data plane of REST APIs: requests to an execute-api id that is a REST
// API, served per stage, resource and method (exchange.h has the steps).
#pragma once

#include <memory>
#include <string_view>

#include "apigateway/common/gateway_metrics.h"
#include "apigateway/gateway_deps.h"
#include "apigateway/rest/rest_store.h"
#include "aws/service.h"
#include "http/handler.h"

namespace cloudlet::apigateway::rest {

struct Core;

class DataPlane {
 public:
  // `metrics` must outlive the data plane.
  DataPlane(const RestStore& store, const aws::ServiceEnvironment& env, GatewayDeps deps, GatewayMetrics& metrics);
  ~DataPlane();  // stops the gateway's threads; requests in flight answer or are abandoned

  // False when `api_id` is not a REST API (nothing answered).
  bool Serve(std::string_view api_id, std::string_view rest, http::Request& request, http::RequestContext& ctx,
             http::Responder respond);
  bool RequiresSignature(std::string_view api_id, std::string_view rest, const http::Request& request);

  void ApiChanged(std::string_view api_id);
  void KeysChanged();
  void ResetAuthorizerCache(std::string_view api_id);

 private:
  std::shared_ptr<Core> core_;
};

}  // namespace cloudlet::apigateway::rest
