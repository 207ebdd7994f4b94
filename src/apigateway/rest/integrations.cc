// The integrations REST APIs serve:
//   AWS_PROXY  the payload 1.0 event (REST flavour, common/events.h) to the function;
//              its result mapped by MapLambdaResponseRest. A function error, Lambda
//              refusing or a malformed result → 502 {"message": "Internal server error"};
//              no answer within timeoutInMillis (29 s) → 504 {"message": "Endpoint request timed out"}.
//   HTTP_PROXY the request to the URI with {name} from the path parameters (or
//              requestParameters' integration.request.path.<name>) and
//              ${stageVariables.x}, the query string passed on; unreachable → 500,
//              silent within the timeout → 504.
//   MOCK       the statusCode of the request template chosen by Content-Type
//              (application/json without one; passthroughBehavior otherwise), then
//              the integration response whose selectionPattern matches it (else the
//              default one): its status, static 'header' values and a literal body
//              template. None matching → 500. VTL templates are not run: 500.
#include <boost/json.hpp>

#include <regex>

#include "apigateway/common/lambda_response.h"
#include "apigateway/common/proxy_rules.h"
#include "apigateway/rest/exchange.h"

namespace cloudlet::apigateway::rest {
namespace json = boost::json;
namespace {

void IntegrationDone(Exchange& ex, int status) {
  ex.integration_latency = std::chrono::steady_clock::now() - ex.integration_started;
  ex.integration_status = status;
}

void IntegrationFailed(const std::shared_ptr<Exchange>& ex, GatewayResponse which, std::string why) {
  ex->integration_error = std::move(why);
  FinishGateway(ex, which);
}

void InvokeLambda(const std::shared_ptr<Exchange>& ex) {
  const RestIntegration& integration = ex->method->integration;
  ex->parts.AddHeaderIfAbsent("x-amzn-trace-id", ex->trace_id, "X-Amzn-Trace-Id");
  ex->parts.AddHeaderIfAbsent("x-forwarded-for", ex->source_ip, "X-Forwarded-For");
  ex->parts.AddHeaderIfAbsent("x-forwarded-port", ex->port, "X-Forwarded-Port");
  ex->parts.AddHeaderIfAbsent("x-forwarded-proto", "http", "X-Forwarded-Proto");
  std::string event = BuildEventV1(ex->Event());
  std::string function = integration.target.find("${") == std::string::npos
                             ? integration.target
                             : WithStageVariables(integration.target, *ex->stage);
  uint64_t token = ex->steps.Open();
  ex->integration_started = std::chrono::steady_clock::now();
  ex->deadline = ex->core->deadlines.Add(ex->integration_started + integration.timeout, [ex, token] {
    if (!ex->steps.Settle(token)) return;
    IntegrationDone(*ex, -1);
    ex->integration_latency = std::chrono::nanoseconds(-1);
    IntegrationFailed(ex, GatewayResponse::kIntegrationTimeout, "The integration timed out");
  });
  ex->core->deps.invoke(function, std::move(event), ex->trace_id, [ex, token](aws::Result<FunctionResult> result) {
    if (!ex->steps.Settle(token)) return;
    ex->core->deadlines.Cancel(ex->deadline);
    if (!result.ok()) {
      IntegrationDone(*ex, result.error().http_status);
      return IntegrationFailed(ex, GatewayResponse::kIntegrationFailure, result.error().message);
    }
    IntegrationDone(*ex, 200);
    if (result->function_error)
      return IntegrationFailed(ex, GatewayResponse::kIntegrationFailure,
                               "The Lambda function returned an error: " + *result->function_error);
    MappedResponse mapped =
        MapLambdaResponseRest(result->payload, ex->stage->IsBinary(ex->request[http::Field::accept]));
    if (!mapped.error.empty()) return IntegrationFailed(ex, GatewayResponse::kIntegrationFailure, mapped.error);
    Finish(ex, std::move(mapped.response));
  });
}

// The integration's path parameters: the method's by name, unless requestParameters map them.
PathParams IntegrationPathParams(const Exchange& ex) {
  const RestIntegration& integration = ex.method->integration;
  PathParams out;
  for (const auto& [name, value] : ex.params) {
    bool remapped = false;
    for (const auto& m : integration.path_from_method) remapped = remapped || m.first == name;
    for (const auto& m : integration.path_static) remapped = remapped || m.first == name;
    if (!remapped) out.emplace_back(name, value);
  }
  for (const auto& [to, from] : integration.path_from_method)
    for (const auto& [name, value] : ex.params)
      if (name == from) out.emplace_back(to, value);
  for (const auto& [to, value] : integration.path_static) out.emplace_back(to, value);
  return out;
}

void ForwardHttp(const std::shared_ptr<Exchange>& ex) {
  const RestIntegration& integration = ex->method->integration;
  std::string target =
      SubstitutePathParams(WithStageVariables(integration.target, *ex->stage), IntegrationPathParams(*ex));
  auto url = ParseUrl(target);
  if (!url)
    return IntegrationFailed(ex, GatewayResponse::kHttpIntegrationFailure,
                             "The integration URI is not a valid URL: " + target);
  if (!ex->raw_query.empty())
    url->target += (url->target.find('?') == std::string::npos ? "?" : "&") + std::string(ex->raw_query);
  OutboundRequest out;
  out.method = integration.http_method.empty() || integration.http_method == "ANY"
                   ? ex->request.method()
                   : http::beast_http::string_to_verb(integration.http_method);
  if (out.method == http::Verb::unknown) out.method = ex->request.method();
  out.url = std::move(*url);
  out.headers = ForwardedHeaders(ex->request, ex->trace_id);
  out.headers.emplace_back("X-Amzn-Apigateway-Api-Id", ex->api->api_id);
  out.body = ex->request.body();
  out.timeout = integration.timeout;
  uint64_t token = ex->steps.Open();
  ex->integration_started = std::chrono::steady_clock::now();
  ex->core->outbound.Send(std::move(out), [ex, token](OutboundResult result) {
    if (!ex->steps.Settle(token)) return;
    switch (result.status) {
      case OutboundResult::Status::kOk: break;
      case OutboundResult::Status::kTimeout:
        IntegrationDone(*ex, -1);
        return IntegrationFailed(ex, GatewayResponse::kIntegrationTimeout, "The integration timed out");
      case OutboundResult::Status::kFailed:
      case OutboundResult::Status::kUnsupported:
        IntegrationDone(*ex, -1);
        return IntegrationFailed(ex, GatewayResponse::kHttpIntegrationFailure, result.error);
    }
    IntegrationDone(*ex, static_cast<int>(result.response.result_int()));
    Finish(ex, ProxiedResponse(std::move(result.response)));
  });
}

// The statusCode a MOCK request template gives: JSON, or the lenient
// {statusCode: 200} that CDK writes; nullopt when there is none.
std::optional<int> MockStatus(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (!ec && v.is_object()) {
    const json::value* code = v.as_object().if_contains("statusCode");
    if (code && code->is_int64()) return static_cast<int>(code->as_int64());
    if (code && code->is_uint64()) return static_cast<int>(code->as_uint64());
    return std::nullopt;
  }
  static const std::regex kLenient(R"(^\s*\{.*['"]?statusCode['"]?\s*:\s*(\d{3})\s*[,}])");
  std::cmatch m;
  if (std::regex_search(text.data(), text.data() + text.size(), m, kLenient)) return std::stoi(m[1].str());
  return std::nullopt;
}

void AnswerMock(const std::shared_ptr<Exchange>& ex) {
  const RestIntegration& integration = ex->method->integration;
  std::string_view content_type = ex->request[http::Field::content_type];
  std::string type(content_type.substr(0, content_type.find(';')));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type.empty()) type = "application/json";
  const std::string* chosen = nullptr;
  for (const auto& [ct, text] : integration.request_templates)
    if (ct == type) chosen = &text;
  std::string_view text;
  if (chosen) {
    text = *chosen;
  } else if (integration.passthrough == "NEVER" ||
             (integration.passthrough == "WHEN_NO_TEMPLATES" && !integration.request_templates.empty())) {
    return FinishGateway(ex, GatewayResponse::kUnsupportedMediaType);
  } else {
    text = ex->request.body();
  }
  ex->integration_started = std::chrono::steady_clock::now();
  std::optional<int> status = MockStatus(text);
  if (!status)
    return IntegrationFailed(ex, GatewayResponse::kConfigurationError,
                             "Unable to parse statusCode. It should be an integer that is defined in the request "
                             "template.");
  IntegrationDone(*ex, *status);
  std::string code = std::to_string(*status);
  const MockResponse* selected = nullptr;
  for (const auto& r : integration.responses)
    if (r.pattern && std::regex_match(code, *r.pattern)) {
      selected = &r;
      break;
    }
  if (!selected)
    for (const auto& r : integration.responses)
      if (!r.pattern) {
        selected = &r;
        break;
      }
  if (!selected)
    return IntegrationFailed(ex, GatewayResponse::kConfigurationError,
                             "No match for output mapping and no default output mapping configured. Endpoint "
                             "Response Status Code: " + code);
  if (selected->vtl)
    return IntegrationFailed(ex, GatewayResponse::kConfigurationError,
                             "cloudlet does not run VTL mapping templates yet");
  int answer_status = std::atoi(selected->status_code.c_str());
  http::Response res{static_cast<http::beast_http::status>(answer_status), 11};
  res.set(http::Field::content_type, "application/json");
  for (const auto& [name, value] : selected->headers) res.set(name, value);
  if (selected->body) res.body() = *selected->body;
  Finish(ex, std::move(res));
}

}  // namespace

void Integrate(const std::shared_ptr<Exchange>& ex) {
  switch (ex->method->integration.type) {
    case RestIntegration::Type::kLambda: return InvokeLambda(ex);
    case RestIntegration::Type::kHttp: return ForwardHttp(ex);
    case RestIntegration::Type::kMock: return AnswerMock(ex);
    case RestIntegration::Type::kNone: break;
  }
  IntegrationFailed(ex, GatewayResponse::kConfigurationError, "The method has no integration");
}

}  // namespace cloudlet::apigateway::rest
