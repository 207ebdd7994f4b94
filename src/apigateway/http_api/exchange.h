// One data-plane request on its way through an HTTP API, and what its steps
// share (data_plane.cc: stage, CORS, route, throttle, answer and logs;
// authorization.cc: JWT, Lambda and IAM authorization; integrations.cc:
// Lambda and HTTP proxy integrations):
//
//   Serve → stage → [CORS preflight] → route → throttle → authorize → integrate → Finish
//
// An Exchange lives in a shared_ptr while any callback may still reach it.
// Each asynchronous step (an authorizer, an integration) opens a token; its
// completion and its deadline race to settle that token, and only the
// winner goes on (and is the last to touch `request` and `ctx`, which the
// edge keeps valid only until the answer). A stale callback of an earlier
// step can never settle a later one.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "apigateway/common/async_step.h"
#include "apigateway/common/deadline_queue.h"
#include "apigateway/common/outbound_http.h"
#include "apigateway/common/worker.h"
#include "apigateway/gateway_deps.h"
#include "apigateway/common/events.h"
#include "apigateway/common/gateway_metrics.h"
#include "apigateway/common/lambda_authorizer.h"
#include "apigateway/http_api/jwks.h"
#include "apigateway/common/request_parts.h"
#include "apigateway/http_api/runtime.h"
#include "aws/service.h"
#include "http/handler.h"

namespace cloudlet::apigateway::http_api {

// What every exchange shares, alive as long as any exchange is.
struct Core {
  Core(const ApiStore& store, const aws::ServiceEnvironment& env, GatewayDeps deps, GatewayMetrics& metrics)
      : env(env), deps(std::move(deps)), metrics(metrics), cache([&store, &metrics](std::string_view api_id) { return BuildApiRuntime(store, api_id, metrics); }),
        jwks(outbound) {}

  aws::ServiceEnvironment env;
  GatewayDeps deps;
  GatewayMetrics& metrics;  // the service's, shared with REST APIs
  RuntimeCache cache;
  OutboundHttp outbound;
  DeadlineQueue deadlines;
  Worker log_writer;
  JwksCache jwks;

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
  const CompiledRoute* route = nullptr;
  http::Request& request;
  http::RequestContext& ctx;
  http::Responder respond;

  std::string_view method;
  std::string_view raw_path;    // path as received after the API part, stage included
  std::string_view route_path;  // after the stage
  std::string_view raw_query;
  std::string source_ip;
  std::string domain_name;
  std::string port;             // of the Host, for x-forwarded-port
  std::string request_id;       // apigw-requestid
  std::string trace_id;
  std::chrono::system_clock::time_point now;
  RequestParts parts;
  PathParams params;
  AuthorizerContext authorizer;

  DeadlineQueue::Handle deadline;
  std::chrono::steady_clock::time_point integration_started;
  std::chrono::nanoseconds integration_latency{-1};
  int integration_status = -1;
  std::string integration_error;
  std::string authorizer_error;
  std::string error_message;        // the gateway's own answer ("Not Found", ...)
  bool preflight = false;           // answered from the CORS configuration itself

  EventInput Event() const;

  // Open() and Settle(token) for the authorizer and integration steps.
  AsyncSteps steps;
  uint64_t Open() { return steps.Open(); }
  bool Settle(uint64_t token) { return steps.Settle(token); }
};

// The answer, with CORS headers, apigw-requestid, the access log line and
// the metrics. Call once, by the owner of the exchange.
void Finish(const std::shared_ptr<Exchange>& ex, http::Response response);
// The gateway's own {"message": ...} answer through Finish.
void FinishWithMessage(const std::shared_ptr<Exchange>& ex, unsigned status, std::string_view message);

// Steps after routing and throttling.
void Authorize(const std::shared_ptr<Exchange>& ex);
void Integrate(const std::shared_ptr<Exchange>& ex);

// The value of an identity source ($request.header.X, $request.querystring.X,
// $context.X, $stageVariables.X); empty when missing.
std::string IdentityValue(const Exchange& ex, std::string_view source);

}  // namespace cloudlet::apigateway::http_api
