// CreateApi (with quick create: Target and RouteKey make an integration, a
// route and an auto-deploying $default stage), GetApi, GetApis, UpdateApi,
// DeleteApi, DeleteCorsConfiguration.
#include <fmt/format.h>

#include "apigateway/common/ids.h"
#include "apigateway/http_api/control_plane.h"
#include "apigateway/http_api/errors.h"
#include "apigateway/http_api/fields.h"
#include "apigateway/http_api/records.h"

namespace cloudlet::apigateway::http_api {
namespace {

// The members UpdateApi and CreateApi share, copied from the body with their checks.
aws::Status CopyApiMembers(const json::object& body, json::object& api) {
  auto description = OptString(body, "description", 0, 1024);
  CLOUDLET_TRY(description);
  if (*description) api["description"] = **description;
  auto version = OptString(body, "version", 1, 64);
  CLOUDLET_TRY(version);
  if (*version) api["version"] = **version;
  CLOUDLET_TRY(CopyBools(body, api, {"disableSchemaValidation", "disableExecuteApiEndpoint"}));
  auto ip = OptString(body, "ipAddressType");
  CLOUDLET_TRY(ip);
  if (*ip) {
    CLOUDLET_TRY(CheckEnum("ipAddressType", **ip, {"ipv4", "dualstack"}));
    api["ipAddressType"] = **ip;
  }
  auto selection = OptString(body, "routeSelectionExpression");
  CLOUDLET_TRY(selection);
  if (*selection && **selection != "$request.method $request.path")
    return errors::BadRequest("The route selection expression for HTTP APIs must be '$request.method $request.path'");
  auto key_selection = OptString(body, "apiKeySelectionExpression");
  CLOUDLET_TRY(key_selection);
  if (*key_selection) api["apiKeySelectionExpression"] = **key_selection;
  if (const json::value* cors = Given(body, "corsConfiguration")) {
    auto parsed = ParseCorsConfiguration(*cors);
    CLOUDLET_TRY(parsed);
    api["corsConfiguration"] = std::move(*parsed);
  }
  return aws::OkStatus();
}

// Quick create: what Target names becomes the API's managed integration.
aws::Result<json::object> ManagedIntegration(std::string_view target, const std::optional<std::string>& credentials) {
  json::object integration;
  integration["apiGatewayManaged"] = true;
  integration["connectionType"] = "INTERNET";
  integration["integrationId"] = NewIntegrationId();
  if (target.starts_with("http://") || target.starts_with("https://")) {
    integration["integrationMethod"] = "ANY";
    integration["integrationType"] = "HTTP_PROXY";
    integration["payloadFormatVersion"] = "1.0";
  } else if (target.starts_with("arn:")) {
    integration["integrationMethod"] = "POST";
    integration["integrationType"] = "AWS_PROXY";
    integration["payloadFormatVersion"] = "2.0";
  } else {
    return errors::BadRequest("Invalid target specified. Target must be a Lambda function ARN or an HTTP URL");
  }
  integration["integrationUri"] = target;
  integration["timeoutInMillis"] = kDefaultTimeoutMillis;
  if (credentials) integration["credentialsArn"] = *credentials;
  return integration;
}

// The child quick create made (apiGatewayManaged), or null.
Child* Managed(std::vector<Child>& children) {
  for (auto& c : children)
    if (const json::value* m = c.record.if_contains("apiGatewayManaged"); m && m->is_bool() && m->as_bool()) return &c;
  return nullptr;
}

}  // namespace

aws::Result<ControlReply> CreateApi(ControlPlane& cp, const ControlRequest& req) {
  const json::object& body = req.body;
  auto name = OptString(body, "name", 1, 128);
  CLOUDLET_TRY(name);
  if (!*name) return MissingMember("name");
  auto protocol = OptString(body, "protocolType");
  CLOUDLET_TRY(protocol);
  if (!*protocol) return MissingMember("protocolType");
  if (**protocol != "HTTP" && **protocol != "WEBSOCKET")
    return errors::BadRequest("Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]");
  if (**protocol == "WEBSOCKET") return errors::BadRequest("WebSocket APIs are not supported by cloudlet yet");
  auto target = OptString(body, "target", 1, 2048);
  CLOUDLET_TRY(target);
  auto route_key = OptString(body, "routeKey");
  CLOUDLET_TRY(route_key);
  auto credentials = OptString(body, "credentialsArn");
  CLOUDLET_TRY(credentials);
  if ((*route_key || *credentials) && !*target)
    return errors::BadRequest("RouteKey and CredentialsArn can only be specified together with Target");
  auto tags = OptStringMap(body, "tags");
  CLOUDLET_TRY(tags);

  json::object api;
  std::string api_id = NewResourceId(10);
  api["apiEndpoint"] = ApiEndpoint(api_id, cp.url_port());
  api["apiId"] = api_id;
  api["apiKeySelectionExpression"] = "$request.header.x-api-key";
  api["createdDate"] = NowIso();
  api["disableExecuteApiEndpoint"] = false;
  api["ipAddressType"] = "ipv4";
  api["name"] = **name;
  api["protocolType"] = "HTTP";
  api["routeSelectionExpression"] = "$request.method $request.path";
  api["tags"] = tags->value_or(json::object{});
  CLOUDLET_TRY(CopyApiMembers(body, api));
  api["_region"] = req.region;

  storage::WriteBatch batch;
  ApiStore::PutApi(batch, api_id, api);
  if (*target) {
    auto integration = ManagedIntegration(**target, *credentials);
    CLOUDLET_TRY(integration);
    std::string key = route_key->value_or("$default");
    if (!ParseRouteKey(key)) return errors::BadRequest(InvalidRouteKeyMessage(key));
    json::object route = NewRouteRecord(key);
    route["apiGatewayManaged"] = true;
    route["target"] = "integrations/" + std::string(integration->at("integrationId").as_string());
    ApiStore::PutChild(batch, api_id, Kind::kIntegration, integration->at("integrationId").as_string(), *integration);
    ApiStore::PutChild(batch, api_id, Kind::kRoute, route.at("routeId").as_string(), route);
    json::object stage = NewStageRecord("$default");
    stage["apiGatewayManaged"] = true;
    stage["autoDeploy"] = true;
    ApiStore::PutChild(batch, api_id, Kind::kStage, "$default", stage);
  }
  // Commit deploys the new route to the $default stage (routing changed).
  CLOUDLET_TRY(cp.Commit(batch, api_id, target->has_value()));
  return JsonReply(201, api);
}

aws::Result<ControlReply> GetApi(ControlPlane& cp, const ControlRequest& req) {
  auto api = cp.LoadApi(req, req.Label("apiId"));
  CLOUDLET_TRY(api);
  return JsonReply(200, *api);
}

aws::Result<ControlReply> GetApis(ControlPlane& cp, const ControlRequest& req) {
  auto all = cp.store().ListApis({}, SIZE_MAX);
  CLOUDLET_TRY(all);
  std::vector<Child> mine;
  for (auto& c : *all) {
    const json::value* region = c.record.if_contains("_region");
    if (!region || !region->is_string() || region->as_string() == req.region) mine.push_back(std::move(c));
  }
  return Page(req, std::move(mine));
}

aws::Result<ControlReply> UpdateApi(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  auto api = cp.LoadApi(req, api_id);
  CLOUDLET_TRY(api);
  auto name = OptString(req.body, "name", 1, 128);
  CLOUDLET_TRY(name);
  if (*name) (*api)["name"] = **name;
  CLOUDLET_TRY(CopyApiMembers(req.body, *api));
  storage::WriteBatch batch;
  ApiStore::PutApi(batch, api_id, *api);

  // Quick update: Target and RouteKey change the managed integration and route.
  auto target = OptString(req.body, "target", 1, 2048);
  CLOUDLET_TRY(target);
  auto route_key = OptString(req.body, "routeKey");
  CLOUDLET_TRY(route_key);
  if (*target) {
    auto integrations = cp.store().ListChildren(api_id, Kind::kIntegration);
    CLOUDLET_TRY(integrations);
    Child* managed = Managed(*integrations);
    if (!managed) return errors::BadRequest("Target can only be updated on an API made by quick create");
    auto replacement = ManagedIntegration(**target, std::nullopt);
    CLOUDLET_TRY(replacement);
    for (std::string_view key : {"integrationType", "integrationMethod", "payloadFormatVersion", "integrationUri"})
      managed->record[key] = replacement->at(key);
    ApiStore::PutChild(batch, api_id, Kind::kIntegration, managed->id, managed->record);
  }
  if (*route_key) {
    if (!ParseRouteKey(**route_key)) return errors::BadRequest(InvalidRouteKeyMessage(**route_key));
    auto routes = cp.store().ListChildren(api_id, Kind::kRoute);
    CLOUDLET_TRY(routes);
    Child* managed = Managed(*routes);
    if (!managed) return errors::BadRequest("RouteKey can only be updated on an API made by quick create");
    managed->record["routeKey"] = **route_key;
    ApiStore::PutChild(batch, api_id, Kind::kRoute, managed->id, managed->record);
  }
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  return JsonReply(200, *api);
}

aws::Result<ControlReply> DeleteApi(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  auto api = cp.LoadApi(req, api_id);
  CLOUDLET_TRY(api);
  storage::WriteBatch batch;
  ApiStore::DeleteApi(batch, api_id);
  CLOUDLET_TRY(cp.Commit(batch, api_id, false));
  return ControlReply{204, {}};
}

aws::Result<ControlReply> DeleteCorsConfiguration(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  auto api = cp.LoadApi(req, api_id);
  CLOUDLET_TRY(api);
  api->erase("corsConfiguration");
  storage::WriteBatch batch;
  ApiStore::PutApi(batch, api_id, *api);
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  return ControlReply{204, {}};
}

}  // namespace cloudlet::apigateway::http_api
