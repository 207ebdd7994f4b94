// CreateAuthorizer, GetAuthorizers, GetAuthorizer, UpdateAuthorizer,
// DeleteAuthorizer: Lambda TOKEN and REQUEST authorizers
// (APIGW guide "apigateway-use-lambda-authorizer"):
//   TOKEN    identitySource "method.request.header.<name>", an optional
//            identityValidationExpression (a regular expression the token must match)
//   REQUEST  identitySource a comma-separated list of method.request.header.<name>,
//            method.request.querystring.<name>, stageVariables.<name>, context.<name>
// authorizerUri arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<functionArn>/invocations;
// authorizerResultTtlInSeconds 0-3600, 300 when left out. At most 10 per API.
// COGNITO_USER_POOLS authorizers are refused (cloudlet has no Cognito).
#include <fmt/format.h>

#include <regex>

#include "apigateway/common/ids.h"
#include "apigateway/rest/authorizer_config.h"
#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/patch.h"

namespace cloudlet::apigateway::rest {
namespace {

constexpr std::size_t kMaxAuthorizers = 10;

aws::Status CheckAuthorizer(const json::object& a) {
  std::string_view type = Str(a, "type");
  if (type == "COGNITO_USER_POOLS")
    return errors::BadRequest("cloudlet does not support COGNITO_USER_POOLS authorizers");
  if (type != "TOKEN" && type != "REQUEST")
    return errors::Validation(fmt::format(
        "1 validation error detected: Value '{}' at 'createAuthorizerInput.type' failed to satisfy constraint: "
        "Member must satisfy enum value set: [TOKEN, REQUEST, COGNITO_USER_POOLS]",
        type));
  if (Str(a, "name").empty()) return errors::BadRequest("Authorizer name must be specified");
  std::string_view uri = Str(a, "authorizerUri");
  if (uri.empty()) return errors::BadRequest("Authorizer URI must be specified");
  if (!AuthorizerFunction(uri)) return errors::BadRequest(fmt::format("Invalid Authorizer URI: {}", uri));
  auto ttl = Num(a, "authorizerResultTtlInSeconds");
  if (ttl && (*ttl < 0 || *ttl > 3600))
    return errors::BadRequest("Invalid authorizer result TTL, must be between 0 and 3600 seconds");
  std::string_view source = Str(a, "identitySource");
  if (source.empty()) {
    if (type == "TOKEN" || ttl.value_or(300) > 0)
      return errors::BadRequest("Identity Source must be specified for authorizer type " + std::string(type) +
                                (type == "REQUEST" ? " when caching is enabled" : ""));
  } else {
    auto sources = ParseIdentitySources(source);
    if (!sources || (type == "TOKEN" && (sources->size() != 1 || (*sources)[0].kind != IdentitySource::kHeader)))
      return errors::BadRequest(fmt::format("Invalid identity source specified: {}", source));
  }
  if (std::string_view expr = Str(a, "identityValidationExpression"); !expr.empty()) {
    try {
      std::regex check{std::string(expr)};
    } catch (const std::regex_error&) {
      return errors::BadRequest(fmt::format("Invalid identity validation expression specified: {}", expr));
    }
  }
  return aws::OkStatus();
}

}  // namespace

aws::Result<ControlReply> CreateAuthorizer(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  const json::object& body = req.body;
  json::object a;
  for (std::string_view member : {"name", "type", "authType", "authorizerUri", "authorizerCredentials",
                                  "identitySource", "identityValidationExpression"}) {
    auto v = OptString(body, member);
    CLOUDLET_TRY(v);
    if (*v && !(*v)->empty()) a[member] = **v;
  }
  auto ttl = OptInt(body, "authorizerResultTtlInSeconds");
  CLOUDLET_TRY(ttl);
  a["authorizerResultTtlInSeconds"] = ttl->value_or(300);
  auto providers = OptStringList(body, "providerARNs");
  CLOUDLET_TRY(providers);
  if (*providers && !(*providers)->empty()) a["providerARNs"] = std::move(**providers);
  CLOUDLET_TRY(CheckAuthorizer(a));
  auto existing = cp.store().ListChildren(api_id, Kind::kAuthorizer);
  CLOUDLET_TRY(existing);
  if (existing->size() >= kMaxAuthorizers)
    return errors::LimitExceeded(fmt::format("An API can have at most {} authorizers", kMaxAuthorizers));
  std::string id = NewResourceId(6);
  a["id"] = id;
  storage::WriteBatch batch;
  cp.store().PutChild(batch, api_id, Kind::kAuthorizer, id, a);
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  return JsonReply(201, a);
}

aws::Result<ControlReply> GetAuthorizers(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto authorizers = cp.store().ListChildren(api_id, Kind::kAuthorizer);
  CLOUDLET_TRY(authorizers);
  return Page(req, *authorizers);
}

aws::Result<ControlReply> GetAuthorizer(ControlPlane& cp, const ControlRequest& req) {
  auto a = cp.LoadChild(req, req.Label("restapi_id"), Kind::kAuthorizer, req.Label("authorizer_id"),
                        errors::AuthorizerNotFound);
  CLOUDLET_TRY(a);
  return JsonReply(200, *a);
}

aws::Result<ControlReply> UpdateAuthorizer(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  std::string_view id = req.Label("authorizer_id");
  auto a = cp.LoadChild(req, api_id, Kind::kAuthorizer, id, errors::AuthorizerNotFound);
  CLOUDLET_TRY(a);
  auto ops = ReadPatchOperations(req.body, "updateAuthorizerInput");
  CLOUDLET_TRY(ops);
  static constexpr std::string_view kPaths =
      "/name, /type, /authType, /authorizerUri, /authorizerCredentials, /identitySource, "
      "/identityValidationExpression, /authorizerResultTtlInSeconds";
  static constexpr std::string_view kMembers[] = {"name", "type", "authType", "authorizerUri", "authorizerCredentials",
                                                  "identitySource", "identityValidationExpression",
                                                  "authorizerResultTtlInSeconds"};
  for (const auto& op : *ops) {
    bool known = false;
    for (auto m : kMembers) known = known || (op.segments.size() == 1 && op.segments[0] == m);
    if (!known) return PatchPathNotOneOf(op, kPaths);
    if (op.op != "replace") return PatchOpNotSupported(op);
    const std::string& member = op.segments[0];
    std::string value = op.value.value_or("");
    if (member == "authorizerResultTtlInSeconds") {
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0')
        return errors::BadRequest("Invalid authorizer result TTL, must be between 0 and 3600 seconds");
      (*a)[member] = static_cast<int64_t>(n);
    } else if (value.empty()) {
      a->erase(member);
    } else {
      (*a)[member] = value;
    }
  }
  CLOUDLET_TRY(CheckAuthorizer(*a));
  storage::WriteBatch batch;
  cp.store().PutChild(batch, api_id, Kind::kAuthorizer, id, *a);
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  if (cp.hooks().reset_authorizer_cache) cp.hooks().reset_authorizer_cache(api_id);
  return JsonReply(200, *a);
}

aws::Result<ControlReply> DeleteAuthorizer(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  std::string_view id = req.Label("authorizer_id");
  auto a = cp.LoadChild(req, api_id, Kind::kAuthorizer, id, errors::AuthorizerNotFound);
  CLOUDLET_TRY(a);
  auto resources = cp.store().ListChildren(api_id, Kind::kResource);
  CLOUDLET_TRY(resources);
  for (const auto& r : *resources)
    for (const auto& [name, method] : Obj(r.record, "resourceMethods"))
      if (method.is_object() && Str(method.as_object(), "authorizerId") == id)
        return errors::Conflict(fmt::format("Cannot delete authorizer '{}', is referenced in method: {}/{}",
                                            Str(*a, "name"), Str(r.record, "path"), std::string_view(name)));
  storage::WriteBatch batch;
  cp.store().DeleteChild(batch, api_id, Kind::kAuthorizer, id);
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  if (cp.hooks().reset_authorizer_cache) cp.hooks().reset_authorizer_cache(api_id);
  return Accepted(202);
}

}  // namespace cloudlet::apigateway::rest
