// Method authorization of REST APIs, then API keys and usage plans:
//   NONE     nothing to check
//   AWS_IAM  a SigV4 signature (verified by the pipeline with --auth sigv4);
//            unsigned → 403 {"message":"Missing Authentication Token"}
//   CUSTOM   a Lambda TOKEN or REQUEST authorizer (APIGW guide "apigateway-use-lambda-authorizer"):
//            a missing identity source, or a token failing identityValidationExpression,
//            → 401 {"message":"Unauthorized"} without calling the function; the function's
//            IAM policy is evaluated against the method ARN: an explicit Deny → 403
//            {"Message":"User is not authorized to access this resource with an explicit deny"},
//            no matching Allow → 403 {"Message":"User is not authorized to access this resource"};
//            the function failing with "Unauthorized" → 401; any other failure, a bad
//            answer or 10 s without one → 500 {"message": null}. Answers are cached for
//            authorizerResultTtlInSeconds per identity-source values.
#include <boost/json.hpp>
#include <fmt/format.h>

#include "apigateway/common/iam_caller.h"
#include "apigateway/common/policy.h"
#include "apigateway/rest/exchange.h"

namespace cloudlet::apigateway::rest {
namespace json = boost::json;
namespace {

constexpr auto kAuthorizerTimeout = std::chrono::milliseconds(10000);

void AuthorizerFailed(const std::shared_ptr<Exchange>& ex, std::string why) {
  ex->authorizer_error = std::move(why);
  FinishGateway(ex, GatewayResponse::kAuthorizerError);
}

void Unauthorized(const std::shared_ptr<Exchange>& ex, std::string why) {
  ex->authorizer_error = std::move(why);
  FinishGateway(ex, GatewayResponse::kUnauthorized);
}

// REST hands the authorizer's context to the integration with every value a string.
std::string StringifiedContext(std::string_view context_json) {
  boost::system::error_code ec;
  json::value v = json::parse(context_json, ec);
  if (ec || !v.is_object()) return "{}";
  json::object out;
  for (const auto& [k, val] : v.as_object()) {
    if (val.is_string()) out[k] = val;
    else if (val.is_bool()) out[k] = val.as_bool() ? "true" : "false";
    else if (!val.is_null()) out[k] = json::serialize(val);
  }
  return json::serialize(out);
}

void ApplyResult(const std::shared_ptr<Exchange>& ex, const AuthorizerResult& result, int64_t latency_ms) {
  switch (EvaluatePolicy(result.policy_json, ex->MethodArn())) {
    case PolicyDecision::kExplicitDeny:
      ex->authorizer_error = "the authorizer's policy denies the method";
      return FinishGateway(ex, GatewayResponse::kExplicitDeny);
    case PolicyDecision::kNoAllow:
      ex->authorizer_error = "the authorizer's policy does not allow the method";
      return FinishGateway(ex, GatewayResponse::kNotAllowed);
    case PolicyDecision::kAllow:
      break;
  }
  ex->authorizer.kind = AuthorizerContext::Kind::kLambda;
  ex->authorizer.context_json = StringifiedContext(result.context_json);
  ex->authorizer.principal_id = result.principal_id;
  ex->authorizer.integration_latency_ms = latency_ms;
  ex->usage_identifier_key = result.usage_identifier_key;
  CheckApiKey(ex);
}

std::string Joined(const std::vector<std::string_view>& values) {
  std::string out;
  for (auto v : values) {
    if (!out.empty()) out.push_back(',');
    out.append(v);
  }
  return out;
}

// The value of one identity source; empty when missing.
std::string IdentityValue(const Exchange& ex, const IdentitySource& source) {
  switch (source.kind) {
    case IdentitySource::kHeader: {
      const HeaderValues* h = ex.parts.Header(source.name);
      return h ? Joined(h->values) : std::string{};
    }
    case IdentitySource::kQuery: {
      const QueryValues* q = ex.parts.Query(source.name);
      if (!q) return {};
      std::string out;
      for (const auto& v : q->values) out += (out.empty() ? "" : ",") + v;
      return out;
    }
    case IdentitySource::kStageVariable:
      return std::string(ex.stage->Variable(source.name));
    case IdentitySource::kContext: {
      const std::string& n = source.name;
      if (n == "requestId") return ex.request_id;
      if (n == "stage") return ex.stage->name;
      if (n == "apiId") return ex.api->api_id;
      if (n == "httpMethod") return std::string(ex.http_method);
      if (n == "path") return std::string(ex.raw_path);
      if (n == "resourcePath") return ex.method->resource_path;
      if (n == "resourceId") return ex.method->resource_id;
      if (n == "identity.sourceIp") return ex.source_ip;
      if (n == "identity.userAgent") return std::string(ex.request[http::Field::user_agent]);
      if (n == "accountId") return ex.ctx.account_id;
      if (n == "domainName") return ex.domain_name;
      return {};
    }
  }
  return {};
}

void AuthorizeLambda(const std::shared_ptr<Exchange>& ex) {
  const RestAuthorizer* a = ex->method->authorizer;
  if (!a || a->function_arn.empty()) return AuthorizerFailed(ex, "the method's authorizer does not exist");
  std::vector<std::string> identity;
  for (const auto& source : a->sources) {
    std::string value = IdentityValue(*ex, source);
    if (value.empty()) return Unauthorized(ex, "the identity source " + source.name + " is missing");
    identity.push_back(std::move(value));
  }
  if (a->token) {
    if (identity.empty()) return Unauthorized(ex, "the authorizer has no identity source");
    if (a->validation && !std::regex_match(identity[0], *a->validation))
      return Unauthorized(ex, "the token does not match the identityValidationExpression");
  }
  std::string cache_key;
  bool cacheable = a->ttl_seconds > 0 && !identity.empty();
  if (cacheable) {
    cache_key = AuthorizerCache::Key(ex->api->api_id, a->id, identity);
    if (auto cached = ex->core->authorizers.Find(cache_key, std::chrono::steady_clock::now()))
      return ApplyResult(ex, *cached, 0);
  }
  std::string method_arn = ex->MethodArn();
  std::string input = a->token ? BuildTokenAuthorizerInput(identity[0], method_arn)
                               : BuildRestRequestAuthorizerInput(ex->Event(), method_arn);
  uint64_t token = ex->steps.Open();
  auto started = std::chrono::steady_clock::now();
  ex->deadline = ex->core->deadlines.Add(started + kAuthorizerTimeout, [ex, token] {
    if (!ex->steps.Settle(token)) return;
    AuthorizerFailed(ex, "the authorizer timed out");
  });
  ex->core->deps.invoke(
      a->function_arn, std::move(input), ex->trace_id,
      [ex, token, started, cacheable, ttl = a->ttl_seconds,
       cache_key = std::move(cache_key)](aws::Result<FunctionResult> result) mutable {
        if (!ex->steps.Settle(token)) return;
        ex->core->deadlines.Cancel(ex->deadline);
        int64_t ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        if (!result.ok()) return AuthorizerFailed(ex, result.error().message);
        if (result->function_error) {
          // A function failing with the message "Unauthorized" refuses the caller (401).
          boost::system::error_code ec;
          json::value err = json::parse(result->payload, ec);
          const json::value* message = !ec && err.is_object() ? err.as_object().if_contains("errorMessage") : nullptr;
          if (message && message->is_string() && message->as_string() == "Unauthorized")
            return Unauthorized(ex, "the authorizer answered Unauthorized");
          return AuthorizerFailed(ex, "the authorizer function failed");
        }
        std::string why;
        auto answer = ReadAuthorizerAnswer(result->payload, {.primitive_context = true}, &why);
        if (!answer) return AuthorizerFailed(ex, why);
        if (cacheable) {
          answer->expires = std::chrono::steady_clock::now() + std::chrono::seconds(ttl);
          ex->core->authorizers.Store(std::move(cache_key), *answer);
        }
        ApplyResult(ex, *answer, ms);
      });
}

}  // namespace

void Authorize(const std::shared_ptr<Exchange>& ex) {
  switch (ex->method->auth) {
    case RestMethod::Auth::kNone:
      return CheckApiKey(ex);
    case RestMethod::Auth::kIam:
      if (!ReadIamCaller(ex->request, ex->ctx, &ex->authorizer))
        return FinishGateway(ex, GatewayResponse::kMissingAuthenticationToken);
      return CheckApiKey(ex);
    case RestMethod::Auth::kCustom:
      return AuthorizeLambda(ex);
    case RestMethod::Auth::kCognito:
      return AuthorizerFailed(ex, "cloudlet has no Cognito user pools");
  }
}

void CheckApiKey(const std::shared_ptr<Exchange>& ex) {
  if (!ex->method->api_key_required) return Integrate(ex);
  std::string value;
  if (ex->stage->api_key_from_authorizer) {
    value = ex->usage_identifier_key;
  } else if (const HeaderValues* h = ex->parts.Header("x-api-key")) {
    value = std::string(h->values.back());
  }
  UsagePlans::Admission admission =
      ex->core->usage.Admit(ex->region, ex->api->api_id, ex->stage->name, value, ex->now);
  switch (admission.verdict) {
    case UsagePlans::Verdict::kForbidden: return FinishGateway(ex, GatewayResponse::kForbidden);
    case UsagePlans::Verdict::kThrottled: return FinishGateway(ex, GatewayResponse::kThrottled);
    case UsagePlans::Verdict::kQuotaExceeded: return FinishGateway(ex, GatewayResponse::kQuotaExceeded);
    case UsagePlans::Verdict::kAllowed: break;
  }
  ex->api_key = std::move(value);
  ex->api_key_id = std::move(admission.key_id);
  Integrate(ex);
}

}  // namespace cloudlet::apigateway::rest
