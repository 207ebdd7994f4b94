// CreateStage, GetStage, GetStages, UpdateStage, DeleteStage,
// DeleteAccessLogSettings, DeleteRouteSettings, ResetAuthorizersCache.
// Stage settings (variables, throttling, access logs) apply at once; what
// the stage serves is its deployment's snapshot, or the live configuration
// when it auto-deploys.
#include <fmt/format.h>

#include "apigateway/http_api/control_plane.h"
#include "apigateway/http_api/errors.h"
#include "apigateway/http_api/fields.h"
#include "apigateway/http_api/records.h"

namespace cloudlet::apigateway::http_api {
namespace {

bool WordChars(std::string_view s, std::string_view extra) {
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && extra.find(c) == std::string_view::npos) return false;
  return !s.empty();
}

aws::Status CheckStageName(std::string_view name) {
  if (name == "$default") return aws::OkStatus();
  if (name.size() > 128 || !WordChars(name, "-_"))
    return errors::BadRequest(fmt::format("Invalid stage name specified: '{}'. A stage name is '$default' or "
                                          "1 to 128 characters of a-z, A-Z, 0-9, - and _",
                                          name));
  return aws::OkStatus();
}

aws::Status ApplyStageMembers(ControlPlane& cp, const ControlRequest& req, std::string_view api_id,
                              json::object& stage) {
  const json::object& body = req.body;
  auto description = OptString(body, "description", 0, 1024);
  CLOUDLET_TRY(description);
  if (*description) stage["description"] = **description;
  CLOUDLET_TRY(CopyBools(body, stage, {"autoDeploy"}));
  CLOUDLET_TRY(CopyStrings(body, stage, {"clientCertificateId"}));
  auto deployment = OptString(body, "deploymentId");
  CLOUDLET_TRY(deployment);
  if (*deployment) {
    CLOUDLET_TRY(cp.LoadChild(req, api_id, Kind::kDeployment, **deployment, "Deployment"));
    stage["deploymentId"] = **deployment;
  }
  auto variables = OptStringMap(body, "stageVariables");
  CLOUDLET_TRY(variables);
  if (*variables) {
    for (const auto& [k, v] : **variables) {
      if (k.size() > 64 || !WordChars(k, "_"))
        return errors::BadRequest(fmt::format("Invalid stage variable name '{}': use 1 to 64 characters of "
                                              "a-z, A-Z, 0-9 and _", std::string_view(k)));
      if (v.as_string().size() > 2048)
        return errors::BadRequest(fmt::format("Stage variable '{}' is longer than 2048 characters", std::string_view(k)));
    }
    stage["stageVariables"] = std::move(**variables);
  }
  if (const json::value* defaults = Given(body, "defaultRouteSettings")) {
    auto parsed = ParseRouteSettings(*defaults, "defaultRouteSettings");
    CLOUDLET_TRY(parsed);
    stage["defaultRouteSettings"] = std::move(*parsed);
  }
  if (const json::value* settings = Given(body, "routeSettings")) {
    if (!settings->is_object()) return errors::BadRequest("Invalid input for 'routeSettings': expected a map");
    auto routes = cp.store().ListChildren(api_id, Kind::kRoute);
    CLOUDLET_TRY(routes);
    json::object& merged = stage["routeSettings"].is_object() ? stage["routeSettings"].as_object()
                                                               : stage["routeSettings"].emplace_object();
    for (const auto& [key, value] : settings->as_object()) {
      bool known = false;
      for (const auto& r : *routes) known = known || r.record.at("routeKey").as_string() == key;
      if (!known)
        return errors::NotFound("Route", fmt::format("Unable to find Route by key {} within the provided RouteSettings",
                                                     std::string_view(key)));
      auto parsed = ParseRouteSettings(value, "routeSettings");
      CLOUDLET_TRY(parsed);
      merged[key] = std::move(*parsed);
    }
  }
  if (const json::value* logs = Given(body, "accessLogSettings")) {
    if (!logs->is_object()) return errors::BadRequest("Invalid input for 'accessLogSettings': expected an object");
    auto arn = OptString(logs->as_object(), "destinationArn");
    CLOUDLET_TRY(arn);
    auto format = OptString(logs->as_object(), "format", 1, 1024);
    CLOUDLET_TRY(format);
    json::object settings;
    if (*arn) {
      if (!(*arn)->starts_with("arn:aws:logs:") || (*arn)->find(":log-group:") == std::string::npos)
        return errors::BadRequest(fmt::format("Invalid destination ARN specified: '{}'. Access logs go to a "
                                              "CloudWatch Logs log group ARN", **arn));
      if (!*format) return errors::BadRequest("Access log settings with a destination ARN need a format");
      settings["destinationArn"] = **arn;
    }
    if (*format) {
      if (!*arn) return errors::BadRequest("Access log settings with a format need a destination ARN");
      settings["format"] = **format;
    }
    stage["accessLogSettings"] = std::move(settings);
  }
  return aws::OkStatus();
}

aws::Result<json::object> LoadStage(ControlPlane& cp, const ControlRequest& req, std::string_view api_id) {
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  return cp.LoadChild(req, api_id, Kind::kStage, req.Label("stageName"), "Stage");
}

// Writes the stage's changed settings (nothing a deployment holds).
aws::Result<ControlReply> SaveStage(ControlPlane& cp, const ControlRequest& req, std::string_view api_id,
                                    const json::object& stage) {
  storage::WriteBatch batch;
  ApiStore::PutChild(batch, api_id, Kind::kStage, req.Label("stageName"), stage);
  CLOUDLET_TRY(cp.Commit(batch, api_id, false));
  return ControlReply{204, {}};
}

bool AutoDeploys(const json::object& stage) {
  const json::value* a = stage.if_contains("autoDeploy");
  return a && a->is_bool() && a->as_bool();
}

}  // namespace

aws::Result<ControlReply> CreateStage(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto name = OptString(req.body, "stageName");
  CLOUDLET_TRY(name);
  if (!*name) return MissingMember("stageName");
  CLOUDLET_TRY(CheckStageName(**name));
  auto existing = cp.store().GetChild(api_id, Kind::kStage, **name);
  CLOUDLET_TRY(existing);
  if (*existing) return errors::Conflict(fmt::format("Stage {} already exists", **name));
  json::object stage = NewStageRecord(**name);
  stage["apiGatewayManaged"] = false;
  stage["autoDeploy"] = false;
  CLOUDLET_TRY(ApplyStageMembers(cp, req, api_id, stage));
  auto tags = OptStringMap(req.body, "tags");
  CLOUDLET_TRY(tags);
  if (*tags) stage["tags"] = std::move(**tags);
  storage::WriteBatch batch;
  ApiStore::PutChild(batch, api_id, Kind::kStage, **name, stage);
  bool deploy = AutoDeploys(stage);
  CLOUDLET_TRY(cp.Commit(batch, api_id, deploy));
  if (deploy) {  // Commit gave it its first deployment
    auto stored = cp.store().GetChild(api_id, Kind::kStage, **name);
    CLOUDLET_TRY(stored);
    if (*stored) stage = std::move(**stored);
  }
  return JsonReply(201, stage);
}

aws::Result<ControlReply> GetStage(ControlPlane& cp, const ControlRequest& req) {
  auto stage = LoadStage(cp, req, req.Label("apiId"));
  CLOUDLET_TRY(stage);
  return JsonReply(200, *stage);
}

aws::Result<ControlReply> GetStages(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto stages = cp.store().ListChildren(api_id, Kind::kStage);
  CLOUDLET_TRY(stages);
  return Page(req, std::move(*stages));
}

aws::Result<ControlReply> UpdateStage(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  auto stage = LoadStage(cp, req, api_id);
  CLOUDLET_TRY(stage);
  bool was_auto = AutoDeploys(*stage);
  CLOUDLET_TRY(ApplyStageMembers(cp, req, api_id, *stage));
  (*stage)["lastUpdatedDate"] = NowIso();
  storage::WriteBatch batch;
  ApiStore::PutChild(batch, api_id, Kind::kStage, req.Label("stageName"), *stage);
  bool deploy = AutoDeploys(*stage) && !was_auto;
  CLOUDLET_TRY(cp.Commit(batch, api_id, deploy));
  auto stored = cp.store().GetChild(api_id, Kind::kStage, req.Label("stageName"));
  CLOUDLET_TRY(stored);
  return JsonReply(200, *stored ? **stored : *stage);
}

aws::Result<ControlReply> DeleteStage(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(LoadStage(cp, req, api_id));
  storage::WriteBatch batch;
  ApiStore::DeleteChild(batch, api_id, Kind::kStage, req.Label("stageName"));
  CLOUDLET_TRY(cp.Commit(batch, api_id, false));
  return ControlReply{204, {}};
}

aws::Result<ControlReply> DeleteAccessLogSettings(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  auto stage = LoadStage(cp, req, api_id);
  CLOUDLET_TRY(stage);
  stage->erase("accessLogSettings");
  return SaveStage(cp, req, api_id, *stage);
}

aws::Result<ControlReply> DeleteRouteSettings(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  auto stage = LoadStage(cp, req, api_id);
  CLOUDLET_TRY(stage);
  std::string_view key = req.Label("routeKey");
  json::value* settings = stage->if_contains("routeSettings");
  if (!settings || !settings->is_object() || !settings->as_object().contains(key))
    return errors::NotFound("RouteSettings", fmt::format("Unable to find RouteSettings for route key {}", key));
  settings->as_object().erase(key);
  return SaveStage(cp, req, api_id, *stage);
}

aws::Result<ControlReply> ResetAuthorizersCache(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(LoadStage(cp, req, api_id));
  if (cp.hooks().reset_authorizer_cache) cp.hooks().reset_authorizer_cache(api_id);
  return ControlReply{204, {}};
}

}  // namespace cloudlet::apigateway::http_api
