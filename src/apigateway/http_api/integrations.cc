// The two integrations of HTTP APIs:
//   AWS_PROXY  the payload 1.0 or 2.0 event to the function (GatewayDeps::invoke);
//              its result mapped by lambda_response.h. Function error → 500,
//              no answer within TimeoutInMillis → 503 {"message":"Service Unavailable"}.
//   HTTP_PROXY the request forwarded to IntegrationUri (outbound_http.h), with
//              {param} and ${stageVariables.x} substituted, the query string
//              kept, and the request path appended for the $default route;
//              no answer within TimeoutInMillis → 504 {"message":"Gateway Timeout"},
//              an unreachable backend → 500.
#include <boost/beast/core/string.hpp>

#include "apigateway/common/proxy_rules.h"
#include "apigateway/http_api/exchange.h"
#include "apigateway/common/lambda_response.h"

namespace cloudlet::apigateway::http_api {
namespace {

void AddGatewayHeaders(Exchange& ex) {
  ex.parts.AddHeaderIfAbsent("x-amzn-trace-id", ex.trace_id);
  ex.parts.AddHeaderIfAbsent("x-forwarded-for", ex.source_ip);
  ex.parts.AddHeaderIfAbsent("x-forwarded-port", ex.port);
  ex.parts.AddHeaderIfAbsent("x-forwarded-proto", "http");
}

void IntegrationDone(Exchange& ex, int status) {
  ex.integration_latency = std::chrono::steady_clock::now() - ex.integration_started;
  ex.integration_status = status;
}

void InvokeLambda(const std::shared_ptr<Exchange>& ex) {
  const CompiledIntegration& integration = *ex->route->integration;
  AddGatewayHeaders(*ex);
  EventInput in = ex->Event();
  std::string event = integration.payload_v2 ? BuildEventV2(in) : BuildEventV1(in);
  std::string function = integration.target.find("${") == std::string::npos
                             ? integration.target
                             : WithStageVariables(integration.target, *ex->stage);
  uint64_t token = ex->Open();
  ex->integration_started = std::chrono::steady_clock::now();
  ex->deadline = ex->core->deadlines.Add(ex->integration_started + integration.timeout, [ex, token] {
    if (!ex->Settle(token)) return;
    IntegrationDone(*ex, -1);
    ex->integration_latency = std::chrono::nanoseconds(-1);
    ex->integration_error = "The integration timed out";
    FinishWithMessage(ex, 503, "Service Unavailable");
  });
  ex->core->deps.invoke(function, std::move(event), ex->trace_id, [ex, token](aws::Result<FunctionResult> result) {
    if (!ex->Settle(token)) return;
    ex->core->deadlines.Cancel(ex->deadline);
    if (!result.ok()) {
      IntegrationDone(*ex, result.error().http_status);
      ex->integration_error = result.error().message;
      return FinishWithMessage(ex, 500, "Internal Server Error");
    }
    IntegrationDone(*ex, 200);
    if (result->function_error) {
      ex->integration_error = "The Lambda function returned an error: " + *result->function_error;
      return FinishWithMessage(ex, 500, "Internal Server Error");
    }
    MappedResponse mapped = ex->route->integration->payload_v2 ? MapLambdaResponseV2(result->payload)
                                                               : MapLambdaResponseV1(result->payload);
    if (!mapped.error.empty()) {
      ex->integration_error = std::move(mapped.error);
      ex->error_message = "Internal Server Error";
    }
    Finish(ex, std::move(mapped.response));
  });
}

void ForwardHttp(const std::shared_ptr<Exchange>& ex) {
  const CompiledIntegration& integration = *ex->route->integration;
  std::string target = SubstitutePathParams(WithStageVariables(integration.target, *ex->stage), ex->params);
  auto url = ParseUrl(target);
  if (!url) {
    ex->integration_error = "The integration URI is not a valid URL: " + target;
    return FinishWithMessage(ex, 500, "Internal Server Error");
  }
  if (ex->route->key.is_default && ex->route_path != "/") {
    std::string_view path = url->target.substr(0, url->target.find('?'));
    std::string query = url->target.substr(path.size());
    std::string joined(path);
    if (!joined.empty() && joined.back() == '/') joined.pop_back();
    joined += ex->route_path;
    url->target = joined + query;
  }
  if (!ex->raw_query.empty())
    url->target += (url->target.find('?') == std::string::npos ? "?" : "&") + std::string(ex->raw_query);

  OutboundRequest out;
  out.method = integration.method.empty() || integration.method == "ANY"
                   ? ex->request.method()
                   : http::beast_http::string_to_verb(integration.method);
  if (out.method == http::Verb::unknown) out.method = ex->request.method();
  out.url = std::move(*url);
  out.headers = ForwardedHeaders(ex->request, ex->trace_id);
  out.headers.emplace_back("X-Forwarded-For", ex->source_ip);
  out.headers.emplace_back("X-Forwarded-Port", ex->port);
  out.headers.emplace_back("X-Forwarded-Proto", "http");
  out.body = ex->request.body();
  out.timeout = integration.timeout;
  uint64_t token = ex->Open();
  ex->integration_started = std::chrono::steady_clock::now();
  ex->core->outbound.Send(std::move(out), [ex, token](OutboundResult result) {
    if (!ex->Settle(token)) return;
    switch (result.status) {
      case OutboundResult::Status::kOk: break;
      case OutboundResult::Status::kTimeout:
        IntegrationDone(*ex, -1);
        ex->integration_error = "The integration timed out";
        return FinishWithMessage(ex, 504, "Gateway Timeout");
      case OutboundResult::Status::kFailed:
      case OutboundResult::Status::kUnsupported:
        IntegrationDone(*ex, -1);
        ex->integration_error = result.error;
        return FinishWithMessage(ex, 500, "Internal Server Error");
    }
    IntegrationDone(*ex, static_cast<int>(result.response.result_int()));
    Finish(ex, ProxiedResponse(std::move(result.response)));
  });
}

}  // namespace

void Integrate(const std::shared_ptr<Exchange>& ex) {
  const CompiledIntegration* integration = ex->route->integration;
  if (!integration) {
    ex->integration_error = "The route has no integration";
    return FinishWithMessage(ex, 500, "Internal Server Error");
  }
  if (integration->type == CompiledIntegration::Type::kLambda) return InvokeLambda(ex);
  ForwardHttp(ex);
}

}  // namespace cloudlet::apigateway::http_api
