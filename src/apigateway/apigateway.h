// API Gateway: HTTP APIs (apigatewayv2) and REST APIs (apigateway), their
// control planes (signing name "apigateway": /v2/... and /restapis, /apikeys,
// /usageplans, ...) and their data plane on the one edge port:
//   http://{apiId}.execute-api.localhost:{port}/{stage}/{path}
//   http://localhost:{port}/_aws/execute-api/{apiId}/{stage}/{path}
// (no stage segment for an HTTP API's $default stage). This is the one
// header other modules include; the module depends on no other service:
// app.cc connects Lambda and CloudWatch Logs through the callbacks below.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "apigateway/gateway_deps.h"
#include "aws/service.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::apigateway {

struct ApiGatewayOptions {
  GatewayDeps deps;
  // The port written into reported endpoints (ApiEndpoint, invoke URLs).
  std::string url_port = "4566";
};

// The service and its metrics: `append_metrics` adds the per-API, per-route
// families (cloudlet_apigateway_*) to /_cloudlet/metrics; valid while
// `service` lives.
struct ApiGateway {
  std::unique_ptr<aws::Service> service;
  std::function<void(std::string&)> append_metrics;
};

// The store must outlive the service; records live under the key prefix
// documented in http_api/api_store.h (first byte 0x50). Destroy it before
// the services its callbacks reach (Lambda, Logs).
ApiGateway MakeApiGateway(storage::KvStore& store, const aws::ServiceEnvironment& env, ApiGatewayOptions options);

std::unique_ptr<aws::Service> MakeApiGatewayService(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                                    ApiGatewayOptions options);

}  // namespace cloudlet::apigateway
