// CreateAuthorizer, GetAuthorizer, GetAuthorizers, UpdateAuthorizer,
// DeleteAuthorizer: JWT authorizers (an issuer and audiences) and Lambda
// REQUEST authorizers (payload 1.0 or 2.0, simple responses with 2.0).
#include <fmt/format.h>

#include "apigateway/http_api/control_plane.h"
#include "apigateway/http_api/errors.h"
#include "apigateway/http_api/fields.h"
#include "apigateway/http_api/records.h"

namespace cloudlet::apigateway::http_api {
namespace {

bool ValidIdentitySource(std::string_view s) {
  for (std::string_view prefix : {"$request.header.", "$request.querystring.", "$context.", "$stageVariables."})
    if (s.starts_with(prefix) && s.size() > prefix.size()) return true;
  return false;
}

aws::Status ApplyAuthorizerMembers(const json::object& body, json::object& authorizer) {
  auto name = OptString(body, "name", 1, 128);
  CLOUDLET_TRY(name);
  if (*name) authorizer["name"] = **name;
  auto type = OptString(body, "authorizerType");
  CLOUDLET_TRY(type);
  if (*type) {
    CLOUDLET_TRY(CheckEnum("authorizerType", **type, {"REQUEST", "JWT"}));
    authorizer["authorizerType"] = **type;
  }
  CLOUDLET_TRY(CopyStrings(body, authorizer, {"authorizerCredentialsArn", "authorizerPayloadFormatVersion",
                                              "authorizerUri", "identityValidationExpression"}));
  CLOUDLET_TRY(CopyBools(body, authorizer, {"enableSimpleResponses"}));
  auto ttl = OptInt(body, "authorizerResultTtlInSeconds", 0, 3600);
  CLOUDLET_TRY(ttl);
  if (*ttl) authorizer["authorizerResultTtlInSeconds"] = **ttl;
  auto sources = OptStringList(body, "identitySource");
  CLOUDLET_TRY(sources);
  if (*sources) authorizer["identitySource"] = std::move(**sources);
  if (const json::value* jwt = Given(body, "jwtConfiguration")) {
    if (!jwt->is_object()) return errors::BadRequest("Invalid input for 'jwtConfiguration': expected an object");
    json::object config;
    auto audience = OptStringList(jwt->as_object(), "audience");
    CLOUDLET_TRY(audience);
    if (*audience) config["audience"] = std::move(**audience);
    auto issuer = OptString(jwt->as_object(), "issuer", 1, 2048);
    CLOUDLET_TRY(issuer);
    if (*issuer) config["issuer"] = **issuer;
    authorizer["jwtConfiguration"] = std::move(config);
  }

  // The authorizer as it now stands.
  const json::value* sources_now = authorizer.if_contains("identitySource");
  const json::array empty;
  const json::array& list = sources_now && sources_now->is_array() ? sources_now->as_array() : empty;
  for (const auto& s : list)
    if (!ValidIdentitySource(s.as_string()))
      return errors::BadRequest(fmt::format("Invalid identity source specified: '{}'", std::string_view(s.as_string())));
  std::string_view kind = authorizer.at("authorizerType").as_string();
  if (kind == "JWT") {
    if (list.size() != 1)
      return errors::BadRequest("A JWT authorizer needs exactly one identity source, e.g. $request.header.Authorization");
    std::string_view source = list[0].as_string();
    if (!source.starts_with("$request.header.") && !source.starts_with("$request.querystring."))
      return errors::BadRequest("The identity source of a JWT authorizer must be a header or a query string parameter");
    const json::value* config = authorizer.if_contains("jwtConfiguration");
    if (!config || !config->as_object().contains("issuer"))
      return errors::BadRequest("JwtConfiguration with an Issuer is required for JWT authorizers");
    const json::value* audience = config->as_object().if_contains("audience");
    if (!audience || audience->as_array().empty())
      return errors::BadRequest("JwtConfiguration with at least one Audience is required for JWT authorizers");
    if (audience->as_array().size() > 50) return errors::BadRequest("A JWT authorizer can have at most 50 audiences");
  } else {
    const json::value* uri = authorizer.if_contains("authorizerUri");
    if (!uri) return errors::BadRequest("AuthorizerUri is required for REQUEST authorizers");
    if (!LambdaFunctionOfUri(uri->as_string()))
      return errors::BadRequest(fmt::format("Invalid authorizer URI specified: '{}'", std::string_view(uri->as_string())));
    const json::value* version = authorizer.if_contains("authorizerPayloadFormatVersion");
    if (!version) return errors::BadRequest("AuthorizerPayloadFormatVersion is required for REQUEST authorizers");
    if (version->as_string() != "1.0" && version->as_string() != "2.0")
      return errors::BadRequest("AuthorizerPayloadFormatVersion must be 1.0 or 2.0");
    const json::value* simple = authorizer.if_contains("enableSimpleResponses");
    if (simple && simple->as_bool() && version->as_string() != "2.0")
      return errors::BadRequest("EnableSimpleResponses is supported only with AuthorizerPayloadFormatVersion 2.0");
    const json::value* ttl_now = authorizer.if_contains("authorizerResultTtlInSeconds");
    if (ttl_now && ttl_now->as_int64() > 0 && list.empty())
      return errors::BadRequest("An identity source is required when authorizer caching is enabled");
  }
  return aws::OkStatus();
}

}  // namespace

aws::Result<ControlReply> CreateAuthorizer(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  for (std::string_view required : {"name", "authorizerType"})
    if (!Given(req.body, required)) return MissingMember(required);
  auto existing = cp.store().ListChildren(api_id, Kind::kAuthorizer);
  CLOUDLET_TRY(existing);
  if (existing->size() >= 10) return aws::AwsError::Make(429, "TooManyRequestsException", "An API can have at most 10 authorizers");
  json::object authorizer;
  authorizer["authorizerId"] = NewAuthorizerId();
  CLOUDLET_TRY(ApplyAuthorizerMembers(req.body, authorizer));
  storage::WriteBatch batch;
  ApiStore::PutChild(batch, api_id, Kind::kAuthorizer, authorizer.at("authorizerId").as_string(), authorizer);
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  return JsonReply(201, authorizer);
}

aws::Result<ControlReply> GetAuthorizer(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto authorizer = cp.LoadChild(req, api_id, Kind::kAuthorizer, req.Label("authorizerId"), "Authorizer");
  CLOUDLET_TRY(authorizer);
  return JsonReply(200, *authorizer);
}

aws::Result<ControlReply> GetAuthorizers(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto authorizers = cp.store().ListChildren(api_id, Kind::kAuthorizer);
  CLOUDLET_TRY(authorizers);
  return Page(req, std::move(*authorizers));
}

aws::Result<ControlReply> UpdateAuthorizer(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  std::string_view id = req.Label("authorizerId");
  auto authorizer = cp.LoadChild(req, api_id, Kind::kAuthorizer, id, "Authorizer");
  CLOUDLET_TRY(authorizer);
  CLOUDLET_TRY(ApplyAuthorizerMembers(req.body, *authorizer));
  storage::WriteBatch batch;
  ApiStore::PutChild(batch, api_id, Kind::kAuthorizer, id, *authorizer);
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  if (cp.hooks().reset_authorizer_cache) cp.hooks().reset_authorizer_cache(api_id);
  return JsonReply(200, *authorizer);
}

aws::Result<ControlReply> DeleteAuthorizer(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  std::string_view id = req.Label("authorizerId");
  CLOUDLET_TRY(cp.LoadChild(req, api_id, Kind::kAuthorizer, id, "Authorizer"));
  auto routes = cp.store().ListChildren(api_id, Kind::kRoute);
  CLOUDLET_TRY(routes);
  for (const auto& r : *routes)
    if (const json::value* a = r.record.if_contains("authorizerId"); a && a->is_string() && a->as_string() == id)
      return errors::Conflict(fmt::format("Authorizer {} is used by route {} and cannot be deleted", id,
                                          std::string_view(r.record.at("routeKey").as_string())));
  storage::WriteBatch batch;
  ApiStore::DeleteChild(batch, api_id, Kind::kAuthorizer, id);
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  if (cp.hooks().reset_authorizer_cache) cp.hooks().reset_authorizer_cache(api_id);
  return ControlReply{204, {}};
}

}  // namespace cloudlet::apigateway::http_api
