// One data-plane request on its way through a REST API, and what its steps
// share (data_plane.cc: stage, method, throttle, answer and logs;
// authorization.cc: AWS_IAM and Lambda TOKEN/REQUEST authorizers, then API
// keys and usage plans; integrations.cc: AWS_PROXY, HTTP_PROXY, MOCK):
//
//   Serve → stage → method (resource tree) → stage throttle → authorize → API key
//         → integrate → Finish
//
// An Exchange lives in a shared_ptr while any callback may still reach it;
// asynchronous steps settle through AsyncSteps (common/async_step.h), and
// only the winner touches `request` and `ctx` (valid until the answer).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "apigateway/common/async_step.h"
#include "apigateway/common/deadline_queue.h"
#include "apigateway/common/events.h"
#include "apigateway/common/gateway_metrics.h"
#include "apigateway/common/lambda_authorizer.h"
#include "apigateway/common/outbound_http.h"
#include "apigateway/common/request_parts.h"
#include "apigateway/common/worker.h"
#include "apigateway/gateway_deps.h"
#include "apigateway/rest/gateway_responses.h"
#include "apigateway/rest/runtime.h"
#include "apigateway/rest/usage_plans.h"
#include "aws/service.h"
#include "http/handler.h"

namespace cloudlet::apigateway::rest {

// What every exchange shares, alive as long as any exchange is.
struct Core {
  Core(const RestStore& store, const aws::ServiceEnvironment& env, GatewayDeps deps, GatewayMetrics& metrics)
      : env(env),
        deps(std::move(deps)),
        metrics(metrics),
        cache([&store, &metrics](std::string_view api_id) { return BuildApiRuntime(store, api_id, metrics); }),
        usage(store) {}

  aws::ServiceEnvironment env;
  GatewayDeps deps;
  GatewayMetrics& metrics;  // the service's, shared with HTTP APIs
  RuntimeCache cache;
  UsagePlans usage;
  OutboundHttp outbound;
  DeadlineQueue deadlines;
  Worker log_writer;
  AuthorizerCache authorizers;

  void Stop() {
    deadlines.Stop();
    outbound.Stop();
    log_writer.Stop();
  }
};

struct Exchange : std::enable_shared_from_this<Exchange> {
  Exchange(std::shared_ptr<Core> core, http::Request& request, http::RequestContext& ctx, http::Responder respond)
      : core(std::move(core)), request(request), ctx(ctx), respond(std::move(respond)) {}

  std::shared_ptr<Core> core;
  std::shared_ptr<const ApiRuntime> api;
  const StageRuntime* stage = nullptr;
  const RestMethod* method = nullptr;
  http::Request& request;
  http::RequestContext& ctx;
  http::Responder respond;

  std::string_view http_method;
  std::string_view raw_path;    // "/{stage}/{path}" as received, no query
  std::string_view route_path;  // after the stage, "/" at least
  std::string_view raw_query;
  std::string region;
  std::string source_ip;
  std::string domain_name;
  std::string port;
  std::string request_id;           // x-amzn-RequestId, requestContext.requestId
  std::string extended_request_id;  // x-amz-apigw-id
  std::string trace_id;
  std::chrono::system_clock::time_point now;
  RequestParts parts;
  PathParams params;
  AuthorizerContext authorizer;
  std::string usage_identifier_key;  // from a Lambda authorizer
  std::string api_key, api_key_id;   // a validated API key

  DeadlineQueue::Handle deadline;
  std::chrono::steady_clock::time_point integration_started;
  std::chrono::nanoseconds integration_latency{-1};
  int integration_status = -1;
  std::string integration_error;
  std::string authorizer_error;
  std::string_view error_message;   // $context.error.message
  std::string_view error_type;      // $context.error.responseType
  AsyncSteps steps;

  EventInput Event() const;
  // "arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}"
  std::string MethodArn() const;
};

// The answer, with x-amzn-RequestId, x-amz-apigw-id, X-Amzn-Trace-Id, the
// access log line and the metrics. Call once, by the owner of the exchange.
void Finish(const std::shared_ptr<Exchange>& ex, http::Response response);
// One of the gateway's own answers through Finish.
void FinishGateway(const std::shared_ptr<Exchange>& ex, GatewayResponse which);

// Steps after routing and the stage throttle.
void Authorize(const std::shared_ptr<Exchange>& ex);
void CheckApiKey(const std::shared_ptr<Exchange>& ex);
void Integrate(const std::shared_ptr<Exchange>& ex);

}  // namespace cloudlet::apigateway::rest
