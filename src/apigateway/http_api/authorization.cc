// Route authorization: AWS_IAM (a SigV4 signature, verified by the
// pipeline with --auth sigv4), JWT authorizers (jwt.h, keys from jwks.h)
// and Lambda REQUEST authorizers (payload 1.0 or 2.0; simple or IAM policy
// responses; results cached per identity for AuthorizerResultTtlInSeconds).
//   missing identity → 401 {"message":"Unauthorized"} (the function is not called)
//   bad or expired JWT → 401 with www-authenticate; scopes lacking → 403 {"message":"Forbidden"}
//   Lambda deny → 403 {"message":"Forbidden"}; authorizer failure → 500
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cctype>

#include "apigateway/common/iam_caller.h"
#include "apigateway/common/json_writer.h"
#include "apigateway/common/time_format.h"
#include "apigateway/http_api/exchange.h"
#include "apigateway/common/lambda_response.h"
#include "apigateway/common/policy.h"

namespace cloudlet::apigateway::http_api {
namespace json = boost::json;
namespace {

constexpr auto kAuthorizerTimeout = std::chrono::milliseconds(10000);

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// 401 {"message":"Unauthorized"} or 403 {"message":"Forbidden"}, with the reason for the access log.
void Refuse(const std::shared_ptr<Exchange>& ex, unsigned status, std::string why, std::string www_authenticate = {}) {
  ex->authorizer_error = std::move(why);
  ex->error_message = status == 401 ? "Unauthorized" : "Forbidden";
  http::Response res = GatewayError(status, ex->error_message);
  if (!www_authenticate.empty()) res.set(http::Field::www_authenticate, www_authenticate);
  Finish(ex, std::move(res));
}

void Unauthorized(const std::shared_ptr<Exchange>& ex, std::string why, std::string www_authenticate = {}) {
  Refuse(ex, 401, std::move(why), std::move(www_authenticate));
}

void Forbidden(const std::shared_ptr<Exchange>& ex, std::string why, std::string www_authenticate = {}) {
  Refuse(ex, 403, std::move(why), std::move(www_authenticate));
}

void AuthorizerFailed(const std::shared_ptr<Exchange>& ex, std::string why) {
  ex->authorizer_error = std::move(why);
  FinishWithMessage(ex, 500, "Internal Server Error");
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) {
    if (!out.empty()) out.push_back(' ');
    out.append(s);
  }
  return out;
}

// ---- JWT ----

void JwtVerified(const std::shared_ptr<Exchange>& ex, const Jwt& jwt) {
  const CompiledAuthorizer& a = *ex->route->authorizer;
  ClaimRules rules{a.issuer, a.audiences, ex->route->scopes, EpochSeconds(std::chrono::system_clock::now())};
  if (auto failure = CheckClaims(jwt, rules)) {
    std::string scopes = JoinScopes(ex->route->scopes);
    if (failure->insufficient_scope)
      return Forbidden(ex, failure->description, WwwAuthenticate(scopes, "insufficient_scope", failure->description));
    return Unauthorized(ex, failure->description, WwwAuthenticate(scopes, "invalid_token", failure->description));
  }
  ex->authorizer.kind = AuthorizerContext::Kind::kJwt;
  ex->authorizer.claims_json = ClaimsAsStrings(jwt);
  std::vector<std::string> scopes = TokenScopes(jwt);
  if (!ex->route->scopes.empty() && !scopes.empty()) {
    JsonWriter w(ex->authorizer.scopes_json);
    w.BeginArray();
    for (const auto& s : scopes) w.String(s);
    w.EndArray();
  }
  Integrate(ex);
}

void AuthorizeJwt(const std::shared_ptr<Exchange>& ex) {
  const CompiledAuthorizer& a = *ex->route->authorizer;
  std::string token = a.identity_sources.empty() ? std::string{} : IdentityValue(*ex, a.identity_sources[0]);
  if (token.empty()) return Unauthorized(ex, "the identity source is missing");
  std::string error;
  auto jwt = ParseJwt(token, &error);
  std::string scopes = JoinScopes(ex->route->scopes);
  if (!jwt) return Unauthorized(ex, error, WwwAuthenticate(scopes, "invalid_token", error));
  const json::value* alg = jwt->header.if_contains("alg");
  std::string_view alg_text = alg && alg->is_string() ? std::string_view(alg->as_string()) : std::string_view("none");
  if (alg_text != "RS256" && alg_text != "RS384" && alg_text != "RS512") {
    std::string why = fmt::format("signing method {} is invalid", alg_text);
    return Unauthorized(ex, why, WwwAuthenticate(scopes, "invalid_token", why));
  }
  const json::value* kid = jwt->header.if_contains("kid");
  std::string kid_text = kid && kid->is_string() ? std::string(kid->as_string()) : std::string{};
  uint64_t token_id = ex->Open();
  auto parsed = std::make_shared<Jwt>(std::move(*jwt));
  ex->core->jwks.FindKey(a.issuer, kid_text, [ex, parsed, token_id, scopes](RsaPublicKey key, std::string error) {
    if (!ex->Settle(token_id)) return;
    if (!key) return Unauthorized(ex, error, WwwAuthenticate(scopes, "invalid_token", error));
    const json::value& alg = parsed->header.at("alg");
    if (!VerifyRsaSignature(key, alg.as_string(), parsed->signing_input, parsed->signature)) {
      std::string why = "the token's signature is invalid";
      return Unauthorized(ex, why, WwwAuthenticate(scopes, "invalid_token", why));
    }
    JwtVerified(ex, *parsed);
  });
}

// ---- Lambda REQUEST authorizers ----

std::string RouteArn(const Exchange& ex) {
  std::string_view path = ex.route_path;
  if (path.starts_with('/')) path.remove_prefix(1);
  return fmt::format("arn:aws:execute-api:{}:{}:{}/{}/{}/{}", ex.api->region.empty() ? ex.core->env.region : ex.api->region,
                     ex.ctx.account_id, ex.api->api_id, ex.stage->name, ex.method, path);
}

void ApplyResult(const std::shared_ptr<Exchange>& ex, const AuthorizerResult& result) {
  bool allowed = result.simple ? result.authorized : PolicyAllows(result.policy_json, RouteArn(*ex));
  if (!allowed) return Forbidden(ex, result.simple ? "the authorizer answered isAuthorized false"
                                                   : "the authorizer's policy does not allow this route");
  ex->authorizer.kind = AuthorizerContext::Kind::kLambda;
  ex->authorizer.context_json = result.context_json;
  ex->authorizer.principal_id = result.principal_id;
  Integrate(ex);
}

void AuthorizeLambda(const std::shared_ptr<Exchange>& ex) {
  const CompiledAuthorizer& a = *ex->route->authorizer;
  std::vector<std::string> identity;
  for (const auto& source : a.identity_sources) {
    std::string value = IdentityValue(*ex, source);
    if (value.empty()) return Unauthorized(ex, "the identity source " + source + " is missing");
    identity.push_back(std::move(value));
  }
  std::string cache_key;
  bool cacheable = a.ttl_seconds > 0 && !identity.empty();
  if (cacheable) {
    cache_key = AuthorizerCache::Key(ex->api->api_id, a.id, identity);
    if (auto cached = ex->core->authorizers.Find(cache_key, std::chrono::steady_clock::now()))
      return ApplyResult(ex, *cached);
  }
  EventInput in = ex->Event();
  std::string input = a.payload_v2 ? BuildAuthorizerInputV2(in, RouteArn(*ex), identity)
                                   : BuildAuthorizerInputV1(in, RouteArn(*ex), identity);
  uint64_t token = ex->Open();
  auto started = std::chrono::steady_clock::now();
  ex->deadline = ex->core->deadlines.Add(started + kAuthorizerTimeout, [ex, token] {
    if (!ex->Settle(token)) return;
    AuthorizerFailed(ex, "the authorizer timed out");
  });
  ex->core->deps.invoke(a.function_arn, std::move(input), ex->trace_id,
                        [ex, token, started, cacheable, cache_key = std::move(cache_key)](
                            aws::Result<FunctionResult> result) mutable {
                          if (!ex->Settle(token)) return;
                          ex->core->deadlines.Cancel(ex->deadline);
                          const CompiledAuthorizer& a = *ex->route->authorizer;
                          auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started);
                          ex->authorizer.integration_latency_ms = ms.count();
                          if (!result.ok()) return AuthorizerFailed(ex, result.error().message);
                          if (result->function_error) return AuthorizerFailed(ex, "the authorizer function failed");
                          std::string why;
                          auto answer = ReadAuthorizerAnswer(
                              result->payload, {.simple_responses = a.payload_v2 && a.simple_responses}, &why);
                          if (!answer) return AuthorizerFailed(ex, why);
                          if (cacheable) {
                            answer->expires = std::chrono::steady_clock::now() + std::chrono::seconds(a.ttl_seconds);
                            ex->core->authorizers.Store(std::move(cache_key), *answer);
                          }
                          ApplyResult(ex, *answer);
                        });
}

}  // namespace

std::string IdentityValue(const Exchange& ex, std::string_view source) {
  auto join = [](const auto& values) {
    std::string out;
    for (const auto& v : values) {
      if (!out.empty()) out.push_back(',');
      out.append(v);
    }
    return out;
  };
  if (source.starts_with("$request.header.")) {
    const HeaderValues* h = ex.parts.Header(Lower(source.substr(16)));
    return h ? join(h->values) : std::string{};
  }
  if (source.starts_with("$request.querystring.")) {
    const QueryValues* q = ex.parts.Query(source.substr(21));
    return q ? join(q->values) : std::string{};
  }
  if (source.starts_with("$stageVariables.")) return std::string(ex.stage->Variable(source.substr(16)));
  if (source.starts_with("$context.")) {
    std::string_view name = source.substr(9);
    if (name == "requestId") return ex.request_id;
    if (name == "routeKey") return ex.route ? ex.route->route_key : std::string{};
    if (name == "stage") return ex.stage->name;
    if (name == "apiId") return ex.api->api_id;
    if (name == "httpMethod") return std::string(ex.method);
    if (name == "path") return std::string(ex.raw_path);
    if (name == "identity.sourceIp") return ex.source_ip;
    if (name == "accountId") return ex.ctx.account_id;
  }
  return {};
}

void Authorize(const std::shared_ptr<Exchange>& ex) {
  const CompiledRoute& route = *ex->route;
  switch (route.auth) {
    case CompiledRoute::Auth::kNone:
      return Integrate(ex);
    case CompiledRoute::Auth::kIam:
      if (!ReadIamCaller(ex->request, ex->ctx, &ex->authorizer))
        return Forbidden(ex, "the request is not signed (AWS_IAM)");
      return Integrate(ex);
    case CompiledRoute::Auth::kJwt:
      if (!route.authorizer) return AuthorizerFailed(ex, "the route's authorizer does not exist");
      return AuthorizeJwt(ex);
    case CompiledRoute::Auth::kCustom:
      if (!route.authorizer) return AuthorizerFailed(ex, "the route's authorizer does not exist");
      return AuthorizeLambda(ex);
  }
}

}  // namespace cloudlet::apigateway::http_api
