// CreateRoute, GetRoute, GetRoutes, UpdateRoute, DeleteRoute.
#include <fmt/format.h>

#include "apigateway/http_api/control_plane.h"
#include "apigateway/http_api/errors.h"
#include "apigateway/http_api/fields.h"
#include "apigateway/http_api/records.h"

namespace cloudlet::apigateway::http_api {
namespace {

// Copies and checks every member CreateRoute and UpdateRoute take, then the
// whole route's consistency: its key, its authorizer and its target.
aws::Status ApplyRouteMembers(ControlPlane& cp, const ControlRequest& req, std::string_view api_id,
                              json::object& route) {
  const json::object& body = req.body;
  auto key = OptString(body, "routeKey");
  CLOUDLET_TRY(key);
  if (*key) route["routeKey"] = **key;
  CLOUDLET_TRY(CopyBools(body, route, {"apiKeyRequired"}));
  auto type = OptString(body, "authorizationType");
  CLOUDLET_TRY(type);
  if (*type) {
    CLOUDLET_TRY(CheckEnum("authorizationType", **type, {"NONE", "AWS_IAM", "CUSTOM", "JWT"}));
    route["authorizationType"] = **type;
  }
  CLOUDLET_TRY(CopyStrings(body, route, {"authorizerId", "modelSelectionExpression", "routeResponseSelectionExpression"}));
  auto operation = OptString(body, "operationName", 1, 64);
  CLOUDLET_TRY(operation);
  if (*operation) route["operationName"] = **operation;
  auto scopes = OptStringList(body, "authorizationScopes");
  CLOUDLET_TRY(scopes);
  if (*scopes) route["authorizationScopes"] = std::move(**scopes);
  auto target = OptString(body, "target", 1, 128);
  CLOUDLET_TRY(target);
  if (*target) route["target"] = **target;
  for (std::string_view map : {"requestModels"}) {
    auto m = OptStringMap(body, map);
    CLOUDLET_TRY(m);
    if (*m) route[map] = std::move(**m);
  }
  if (const json::value* params = Given(body, "requestParameters")) {
    if (!params->is_object()) return errors::BadRequest("Invalid input for 'requestParameters': expected a map");
    route["requestParameters"] = *params;
  }

  // Consistency of the route as it now stands.
  std::string route_key(route.at("routeKey").as_string());
  if (!ParseRouteKey(route_key)) return errors::BadRequest(InvalidRouteKeyMessage(route_key));
  std::string auth(route.at("authorizationType").as_string());
  if (auth == "JWT" || auth == "CUSTOM") {
    std::string_view wanted = auth == "JWT" ? "JWT" : "REQUEST";
    std::string message = fmt::format("Invalid authorizer ID specified. Setting the authorization type to {} requires a "
                                      "valid {} authorizer.",
                                      auth, wanted);
    const json::value* id = route.if_contains("authorizerId");
    if (!id || !id->is_string()) return errors::BadRequest(message);
    auto authorizer = cp.store().GetChild(api_id, Kind::kAuthorizer, id->as_string());
    CLOUDLET_TRY(authorizer);
    if (!*authorizer) return errors::BadRequest(message);
    const json::value* kind = (*authorizer)->if_contains("authorizerType");
    if (!kind || !kind->is_string() || kind->as_string() != wanted) return errors::BadRequest(message);
  } else {
    route.erase("authorizerId");
  }
  if (const json::value* s = route.if_contains("authorizationScopes"); s && !s->as_array().empty()) {
    if (auth != "JWT")
      return errors::BadRequest("Authorization scopes are supported only for routes with a JWT authorizer");
    if (s->as_array().size() > 10) return errors::BadRequest("A route can have at most 10 authorization scopes");
  }
  if (const json::value* t = route.if_contains("target"); t && t->is_string()) {
    std::string_view text = t->as_string();
    if (!text.starts_with("integrations/"))
      return errors::BadRequest(fmt::format("Invalid target specified: '{}'. Target must be integrations/<IntegrationId>", text));
    auto integration = cp.store().GetChild(api_id, Kind::kIntegration, text.substr(13));
    CLOUDLET_TRY(integration);
    if (!*integration) return errors::ChildNotFound("Integration", req.account_id, text.substr(13));
  }
  return aws::OkStatus();
}

aws::Status CheckUniqueKey(ControlPlane& cp, std::string_view api_id, const json::object& route) {
  auto routes = cp.store().ListChildren(api_id, Kind::kRoute);
  CLOUDLET_TRY(routes);
  std::string_view key = route.at("routeKey").as_string();
  std::string_view id = route.at("routeId").as_string();
  for (const auto& other : *routes)
    if (other.id != id && other.record.at("routeKey").as_string() == key)
      return errors::Conflict(fmt::format("Route with key {} already exists for this API", key));
  return aws::OkStatus();
}

}  // namespace

aws::Result<ControlReply> CreateRoute(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  auto api = cp.LoadApi(req, api_id);
  CLOUDLET_TRY(api);
  auto key = OptString(req.body, "routeKey");
  CLOUDLET_TRY(key);
  if (!*key) return MissingMember("routeKey");
  json::object route = NewRouteRecord(**key);
  CLOUDLET_TRY(ApplyRouteMembers(cp, req, api_id, route));
  CLOUDLET_TRY(CheckUniqueKey(cp, api_id, route));
  storage::WriteBatch batch;
  ApiStore::PutChild(batch, api_id, Kind::kRoute, route.at("routeId").as_string(), route);
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  return JsonReply(201, route);
}

aws::Result<ControlReply> GetRoute(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto route = cp.LoadChild(req, api_id, Kind::kRoute, req.Label("routeId"), "Route");
  CLOUDLET_TRY(route);
  return JsonReply(200, *route);
}

aws::Result<ControlReply> GetRoutes(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto routes = cp.store().ListChildren(api_id, Kind::kRoute);
  CLOUDLET_TRY(routes);
  return Page(req, std::move(*routes));
}

aws::Result<ControlReply> UpdateRoute(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto route = cp.LoadChild(req, api_id, Kind::kRoute, req.Label("routeId"), "Route");
  CLOUDLET_TRY(route);
  CLOUDLET_TRY(ApplyRouteMembers(cp, req, api_id, *route));
  CLOUDLET_TRY(CheckUniqueKey(cp, api_id, *route));
  storage::WriteBatch batch;
  ApiStore::PutChild(batch, api_id, Kind::kRoute, req.Label("routeId"), *route);
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  return JsonReply(200, *route);
}

aws::Result<ControlReply> DeleteRoute(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  CLOUDLET_TRY(cp.LoadChild(req, api_id, Kind::kRoute, req.Label("routeId"), "Route"));
  storage::WriteBatch batch;
  ApiStore::DeleteChild(batch, api_id, Kind::kRoute, req.Label("routeId"));
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  return ControlReply{204, {}};
}

}  // namespace cloudlet::apigateway::http_api
