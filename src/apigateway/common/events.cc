#include "apigateway/common/events.h"

#include "apigateway/common/base64.h"
#include "apigateway/common/json_writer.h"
#include "apigateway/common/time_format.h"
#include "http/router.h"

namespace cloudlet::apigateway {
namespace {

std::string_view Protocol(const http::Request& r) { return r.version() == 10 ? "HTTP/1.0" : "HTTP/1.1"; }

std::string_view UserAgent(const EventInput& in) {
  const HeaderValues* h = in.parts->Header("user-agent");
  return h ? h->values.back() : std::string_view{};
}

void JoinedHeaders(JsonWriter& w, const RequestParts& parts) {
  w.BeginObject();
  std::string joined;
  for (const auto& h : parts.headers) {
    w.Key(h.name);
    if (h.values.size() == 1) {
      w.String(h.values[0]);
      continue;
    }
    joined.clear();
    for (std::size_t i = 0; i < h.values.size(); ++i) {
      if (i) joined += ',';
      joined += h.values[i];
    }
    w.String(joined);
  }
  w.EndObject();
}

void JoinedQuery(JsonWriter& w, const RequestParts& parts) {
  w.BeginObject();
  std::string joined;
  for (const auto& q : parts.query) {
    joined.clear();
    for (std::size_t i = 0; i < q.values.size(); ++i) {
      if (i) joined += ',';
      joined += q.values[i];
    }
    w.Member(q.name, joined);
  }
  w.EndObject();
}

void PathParameters(JsonWriter& w, const PathParams& params) {
  w.BeginObject();
  for (const auto& [name, value] : params) w.Member(name, http::PercentDecode(value, false));
  w.EndObject();
}

void Cookies(JsonWriter& w, const RequestParts& parts) {
  w.BeginArray();
  for (auto c : parts.cookies) w.String(c);
  w.EndArray();
}

void Body(JsonWriter& w, const EventInput& in, bool null_when_empty) {
  const std::string& body = in.request->body();
  if (body.empty()) {
    if (null_when_empty) {
      w.Key("body");
      w.Null();
    }
    w.Key("isBase64Encoded");
    w.Bool(false);
    return;
  }
  w.Key("body");
  if (in.body_is_text) w.String(body);
  else w.String(Base64Encode(body));
  w.Key("isBase64Encoded");
  w.Bool(!in.body_is_text);
}

void AuthorizerV2(JsonWriter& w, const AuthorizerContext& a) {
  w.BeginObject();
  switch (a.kind) {
    case AuthorizerContext::Kind::kJwt:
      w.Key("jwt");
      w.BeginObject();
      w.Key("claims");
      w.Raw(a.claims_json.empty() ? std::string_view("{}") : std::string_view(a.claims_json));
      w.Key("scopes");
      w.Raw(a.scopes_json.empty() ? std::string_view("null") : std::string_view(a.scopes_json));
      w.EndObject();
      break;
    case AuthorizerContext::Kind::kLambda:
      w.Key("lambda");
      w.Raw(a.context_json.empty() ? std::string_view("{}") : std::string_view(a.context_json));
      break;
    case AuthorizerContext::Kind::kIam:
      w.Key("iam");
      w.BeginObject();
      w.Member("accessKey", a.access_key);
      w.Member("accountId", a.caller_account_id);
      w.Member("callerId", a.user_id);
      w.Key("cognitoIdentity");
      w.Null();
      w.Key("principalOrgId");
      w.Null();
      w.Member("userArn", a.user_arn);
      w.Member("userId", a.user_id);
      w.EndObject();
      break;
    case AuthorizerContext::Kind::kNone:
      break;
  }
  w.EndObject();
}

// Payload 1.0's requestContext.authorizer: JWT claims and scopes, or the
// Lambda authorizer's context keys beside principalId and integrationLatency.
void AuthorizerV1(JsonWriter& w, const AuthorizerContext& a) {
  w.BeginObject();
  if (a.kind == AuthorizerContext::Kind::kJwt) {
    w.Key("claims");
    w.Raw(a.claims_json.empty() ? std::string_view("{}") : std::string_view(a.claims_json));
    w.Key("scopes");
    w.Raw(a.scopes_json.empty() ? std::string_view("null") : std::string_view(a.scopes_json));
  } else if (a.kind == AuthorizerContext::Kind::kLambda) {
    std::string_view ctx = a.context_json;
    // Splice the context object's members in: "{...}" without its braces.
    if (ctx.size() > 2) w.Raw(ctx.substr(1, ctx.size() - 2));
    if (!a.principal_id.empty()) w.Member("principalId", a.principal_id);
    w.Key("integrationLatency");
    w.Int(a.integration_latency_ms);
  } else {
    w.Key("claims");
    w.Null();
    w.Key("scopes");
    w.Null();
  }
  w.EndObject();
}

// requestContext of payload 2.0 (and of authorizer input 2.0).
void RequestContextV2(JsonWriter& w, const EventInput& in, bool with_authorizer) {
  w.BeginObject();
  w.Member("accountId", in.account_id);
  w.Member("apiId", in.api_id);
  if (with_authorizer && in.authorizer && in.authorizer->kind != AuthorizerContext::Kind::kNone) {
    w.Key("authorizer");
    AuthorizerV2(w, *in.authorizer);
  }
  w.Member("domainName", in.domain_name);
  w.Member("domainPrefix", in.domain_prefix);
  w.Key("http");
  w.BeginObject();
  w.Member("method", in.method);
  w.Member("path", in.raw_path);
  w.Member("protocol", Protocol(*in.request));
  w.Member("sourceIp", in.source_ip);
  w.Member("userAgent", UserAgent(in));
  w.EndObject();
  w.Member("requestId", in.request_id);
  w.Member("routeKey", in.route_key);
  w.Member("stage", in.stage);
  w.Member("time", ClfTime(in.now));
  w.Key("timeEpoch");
  w.Int(EpochMillis(in.now));
  w.EndObject();
}

void RequestContextV1(JsonWriter& w, const EventInput& in, bool with_authorizer) {
  w.BeginObject();
  w.Member("accountId", in.account_id);
  w.Member("apiId", in.api_id);
  // REST events show requestContext.authorizer only for Lambda authorizers (IAM fills identity).
  bool has_authorizer = in.authorizer && in.authorizer->kind != AuthorizerContext::Kind::kNone &&
                        in.authorizer->kind != AuthorizerContext::Kind::kIam;
  if (with_authorizer && (!in.rest || has_authorizer)) {
    w.Key("authorizer");
    AuthorizerV1(w, in.authorizer ? *in.authorizer : AuthorizerContext{});
  }
  if (in.rest) w.Member("deploymentId", in.deployment_id);
  w.Member("domainName", in.domain_name);
  w.Member("domainPrefix", in.domain_prefix);
  w.Member("extendedRequestId", in.extended_request_id.empty() ? in.request_id : in.extended_request_id);
  w.Member("httpMethod", in.method);
  w.Key("identity");
  w.BeginObject();
  if (!in.api_key.empty()) {
    w.Member("apiKey", in.api_key);
    w.Member("apiKeyId", in.api_key_id);
  }
  bool iam = in.authorizer && in.authorizer->kind == AuthorizerContext::Kind::kIam;
  for (std::string_view key : {"accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                               "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId",
                               "principalOrgId"}) {
    w.Key(key);
    if (iam && key == "accessKey") w.String(in.authorizer->access_key);
    else if (iam && key == "accountId") w.String(in.authorizer->caller_account_id);
    else if (iam && key == "caller") w.String(in.authorizer->user_id);
    else w.Null();
  }
  w.Member("sourceIp", in.source_ip);
  w.Key("user");
  if (iam) w.String(in.authorizer->user_id);
  else w.Null();
  w.Member("userAgent", UserAgent(in));
  w.Key("userArn");
  if (iam) w.String(in.authorizer->user_arn);
  else w.Null();
  w.EndObject();
  w.Member("path", in.raw_path);
  w.Member("protocol", Protocol(*in.request));
  w.Member("requestId", in.request_id);
  w.Member("requestTime", ClfTime(in.now));
  w.Key("requestTimeEpoch");
  w.Int(EpochMillis(in.now));
  w.Member("resourceId", in.route_id);
  w.Member("resourcePath", in.resource_path);
  w.Member("stage", in.stage);
  w.EndObject();
}

// The members payload 1.0 and authorizer input 1.0 share, after "version".
void CommonV1(JsonWriter& w, const EventInput& in) {
  w.Member("resource", in.resource_path);
  w.Member("path", in.route_path);
  w.Member("httpMethod", in.method);
  w.Key("headers");
  w.BeginObject();
  for (const auto& h : in.parts->headers) w.Member(in.rest ? h.raw_name : h.name, h.values.back());
  w.EndObject();
  w.Key("multiValueHeaders");
  w.BeginObject();
  for (const auto& h : in.parts->headers) {
    w.Key(in.rest ? h.raw_name : h.name);
    w.BeginArray();
    for (auto v : h.values) w.String(v);
    w.EndArray();
  }
  w.EndObject();
  w.Key("queryStringParameters");
  if (in.parts->query.empty()) {
    w.Null();
  } else {
    w.BeginObject();
    for (const auto& q : in.parts->query) w.Member(q.name, q.values.back());
    w.EndObject();
  }
  w.Key("multiValueQueryStringParameters");
  if (in.parts->query.empty()) {
    w.Null();
  } else {
    w.BeginObject();
    for (const auto& q : in.parts->query) {
      w.Key(q.name);
      w.BeginArray();
      for (const auto& v : q.values) w.String(v);
      w.EndArray();
    }
    w.EndObject();
  }
}

void PathAndStageV1(JsonWriter& w, const EventInput& in) {
  w.Key("pathParameters");
  if (in.path_params && !in.path_params->empty()) PathParameters(w, *in.path_params);
  else w.Null();
  w.Key("stageVariables");
  if (!in.stage_variables_json.empty()) w.Raw(in.stage_variables_json);
  else w.Null();
}

// The members payload 2.0 and authorizer input 2.0 share: routeKey through
// stageVariables, requestContext in between.
void CommonV2(JsonWriter& w, const EventInput& in, bool with_authorizer) {
  w.Member("routeKey", in.route_key);
  w.Member("rawPath", in.raw_path);
  w.Member("rawQueryString", in.raw_query);
  if (!in.parts->cookies.empty()) {
    w.Key("cookies");
    Cookies(w, *in.parts);
  }
  w.Key("headers");
  JoinedHeaders(w, *in.parts);
  if (!in.parts->query.empty()) {
    w.Key("queryStringParameters");
    JoinedQuery(w, *in.parts);
  }
  w.Key("requestContext");
  RequestContextV2(w, in, with_authorizer);
  if (in.path_params && !in.path_params->empty()) {
    w.Key("pathParameters");
    PathParameters(w, *in.path_params);
  }
  if (!in.stage_variables_json.empty()) {
    w.Key("stageVariables");
    w.Raw(in.stage_variables_json);
  }
}

}  // namespace

std::string BuildEventV2(const EventInput& in) {
  std::string out;
  out.reserve(1024 + in.request->body().size() * 4 / 3);
  JsonWriter w(out);
  w.BeginObject();
  w.Member("version", "2.0");
  CommonV2(w, in, true);
  Body(w, in, false);
  w.EndObject();
  return out;
}

std::string BuildEventV1(const EventInput& in) {
  std::string out;
  out.reserve(1536 + in.request->body().size() * 4 / 3);
  JsonWriter w(out);
  w.BeginObject();
  if (!in.rest) w.Member("version", "1.0");
  CommonV1(w, in);
  w.Key("requestContext");
  RequestContextV1(w, in, true);
  PathAndStageV1(w, in);
  Body(w, in, true);
  w.EndObject();
  return out;
}

std::string BuildAuthorizerInputV2(const EventInput& in, std::string_view route_arn,
                                   const std::vector<std::string>& identity_values) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Member("version", "2.0");
  w.Member("type", "REQUEST");
  w.Member("routeArn", route_arn);
  w.Key("identitySource");
  w.BeginArray();
  for (const auto& v : identity_values) w.String(v);
  w.EndArray();
  CommonV2(w, in, false);
  w.EndObject();
  return out;
}

std::string BuildAuthorizerInputV1(const EventInput& in, std::string_view method_arn,
                                   const std::vector<std::string>& identity_values) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Member("version", "1.0");
  w.Member("type", "REQUEST");
  w.Member("methodArn", method_arn);
  std::string joined;
  for (const auto& v : identity_values) joined += (joined.empty() ? "" : ",") + v;
  w.Member("identitySource", joined);
  w.Member("authorizationToken", joined);
  CommonV1(w, in);
  w.Key("requestContext");
  RequestContextV1(w, in, false);
  PathAndStageV1(w, in);
  w.EndObject();
  return out;
}

std::string BuildTokenAuthorizerInput(std::string_view token, std::string_view method_arn) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Member("type", "TOKEN");
  w.Member("authorizationToken", token);
  w.Member("methodArn", method_arn);
  w.EndObject();
  return out;
}

std::string BuildRestRequestAuthorizerInput(const EventInput& in, std::string_view method_arn) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Member("type", "REQUEST");
  w.Member("methodArn", method_arn);
  CommonV1(w, in);
  PathAndStageV1(w, in);
  w.Key("requestContext");
  RequestContextV1(w, in, false);
  w.EndObject();
  return out;
}

}  // namespace cloudlet::apigateway
