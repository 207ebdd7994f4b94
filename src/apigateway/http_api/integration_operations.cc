// CreateIntegration, GetIntegration, GetIntegrations, UpdateIntegration,
// DeleteIntegration. HTTP APIs take AWS_PROXY (a Lambda function, payload
// 1.0 or 2.0) and HTTP_PROXY (a URL); the other types belong to WebSocket
// APIs, AWS service integrations (IntegrationSubtype) and VPC links are not
// supported by cloudlet.
#include <fmt/format.h>

#include "apigateway/http_api/control_plane.h"
#include "apigateway/http_api/errors.h"
#include "apigateway/http_api/fields.h"
#include "apigateway/http_api/records.h"

namespace cloudlet::apigateway::http_api {
namespace {

aws::Status ApplyIntegrationMembers(const json::object& body, json::object& integration) {
  auto type = OptString(body, "integrationType");
  CLOUDLET_TRY(type);
  if (*type) {
    CLOUDLET_TRY(CheckEnum("integrationType", **type, {"AWS", "HTTP", "MOCK", "HTTP_PROXY", "AWS_PROXY"}));
    integration["integrationType"] = **type;
  }
  auto connection = OptString(body, "connectionType");
  CLOUDLET_TRY(connection);
  if (*connection) {
    CLOUDLET_TRY(CheckEnum("connectionType", **connection, {"INTERNET", "VPC_LINK"}));
    integration["connectionType"] = **connection;
  }
  auto description = OptString(body, "description", 0, 1024);
  CLOUDLET_TRY(description);
  if (*description) integration["description"] = **description;
  CLOUDLET_TRY(CopyStrings(body, integration,
                           {"connectionId", "credentialsArn", "integrationMethod", "integrationSubtype",
                            "integrationUri", "passthroughBehavior", "payloadFormatVersion",
                            "templateSelectionExpression", "contentHandlingStrategy"}));
  auto timeout = OptInt(body, "timeoutInMillis", 50, 30000);
  CLOUDLET_TRY(timeout);
  if (*timeout) integration["timeoutInMillis"] = **timeout;
  for (std::string_view map : {"requestParameters", "requestTemplates"}) {
    auto m = OptStringMap(body, map);
    CLOUDLET_TRY(m);
    if (*m) integration[map] = std::move(**m);
  }
  if (const json::value* v = Given(body, "responseParameters")) {
    if (!v->is_object()) return errors::BadRequest("Invalid input for 'responseParameters': expected a map");
    integration["responseParameters"] = *v;
  }
  if (const json::value* v = Given(body, "tlsConfig")) {
    if (!v->is_object()) return errors::BadRequest("Invalid input for 'tlsConfig': expected an object");
    integration["tlsConfig"] = *v;
  }

  // The integration as it now stands.
  std::string_view kind = integration.at("integrationType").as_string();
  if (kind != "AWS_PROXY" && kind != "HTTP_PROXY")
    return errors::BadRequest(fmt::format("Integration type {} is not supported for HTTP APIs", kind));
  if (integration.contains("integrationSubtype"))
    return errors::BadRequest("cloudlet does not support AWS service integrations (IntegrationSubtype) yet");
  if (integration.at("connectionType").as_string() == "VPC_LINK")
    return errors::BadRequest("cloudlet does not support VPC_LINK connections");
  const json::value* uri = integration.if_contains("integrationUri");
  if (!uri) return errors::BadRequest("IntegrationUri is required for this integration type");
  std::string_view uri_text = uri->as_string();
  const json::value* version = integration.if_contains("payloadFormatVersion");
  if (!version) integration["payloadFormatVersion"] = "1.0";
  std::string_view version_text = integration.at("payloadFormatVersion").as_string();
  if (kind == "AWS_PROXY") {
    if (!LambdaFunctionOfUri(uri_text))
      return errors::BadRequest(fmt::format("Invalid integration URI specified: '{}'. Expected a Lambda function ARN",
                                            uri_text));
    if (version_text != "1.0" && version_text != "2.0")
      return errors::BadRequest("PayloadFormatVersion for a Lambda proxy integration must be 1.0 or 2.0");
    if (!integration.contains("integrationMethod")) integration["integrationMethod"] = "POST";
  } else {
    if (!uri_text.starts_with("http://") && !uri_text.starts_with("https://"))
      return errors::BadRequest(fmt::format("Invalid integration URI specified: '{}'. Expected an HTTP URL", uri_text));
    if (version_text != "1.0") return errors::BadRequest("PayloadFormatVersion for an HTTP integration must be 1.0");
    if (!integration.contains("integrationMethod"))
      return errors::BadRequest("IntegrationMethod is required for HTTP_PROXY integrations");
  }
  return aws::OkStatus();
}

}  // namespace

aws::Result<ControlReply> CreateIntegration(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto type = OptString(req.body, "integrationType");
  CLOUDLET_TRY(type);
  if (!*type) return MissingMember("integrationType");
  json::object integration;
  integration["apiGatewayManaged"] = false;
  integration["connectionType"] = "INTERNET";
  integration["integrationId"] = NewIntegrationId();
  integration["timeoutInMillis"] = kDefaultTimeoutMillis;
  CLOUDLET_TRY(ApplyIntegrationMembers(req.body, integration));
  storage::WriteBatch batch;
  ApiStore::PutChild(batch, api_id, Kind::kIntegration, integration.at("integrationId").as_string(), integration);
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  return JsonReply(201, integration);
}

aws::Result<ControlReply> GetIntegration(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto integration = cp.LoadChild(req, api_id, Kind::kIntegration, req.Label("integrationId"), "Integration");
  CLOUDLET_TRY(integration);
  return JsonReply(200, *integration);
}

aws::Result<ControlReply> GetIntegrations(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto integrations = cp.store().ListChildren(api_id, Kind::kIntegration);
  CLOUDLET_TRY(integrations);
  return Page(req, std::move(*integrations));
}

aws::Result<ControlReply> UpdateIntegration(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto integration = cp.LoadChild(req, api_id, Kind::kIntegration, req.Label("integrationId"), "Integration");
  CLOUDLET_TRY(integration);
  CLOUDLET_TRY(ApplyIntegrationMembers(req.body, *integration));
  storage::WriteBatch batch;
  ApiStore::PutChild(batch, api_id, Kind::kIntegration, req.Label("integrationId"), *integration);
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  return JsonReply(200, *integration);
}

aws::Result<ControlReply> DeleteIntegration(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  std::string_view id = req.Label("integrationId");
  CLOUDLET_TRY(cp.LoadChild(req, api_id, Kind::kIntegration, id, "Integration"));
  auto routes = cp.store().ListChildren(api_id, Kind::kRoute);
  CLOUDLET_TRY(routes);
  for (const auto& r : *routes)
    if (const json::value* t = r.record.if_contains("target"); t && t->is_string() && t->as_string() == "integrations/" + std::string(id))
      return errors::Conflict(fmt::format("Integration {} is the target of route {} and cannot be deleted", id,
                                          std::string_view(r.record.at("routeKey").as_string())));
  storage::WriteBatch batch;
  ApiStore::DeleteChild(batch, api_id, Kind::kIntegration, id);
  CLOUDLET_TRY(cp.Commit(batch, api_id, true));
  return ControlReply{204, {}};
}

}  // namespace cloudlet::apigateway::http_api
