// CreateStage, GetStages, GetStage, UpdateStage, DeleteStage,
// FlushStageAuthorizersCache. A stage serves the snapshot of its
// deployment; its own settings (variables, method settings' throttling,
// access logs) apply at once.
#include <fmt/format.h>

#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/patch.h"
#include "apigateway/rest/stage_records.h"

namespace cloudlet::apigateway::rest {
namespace {

aws::Status CheckDeployment(const ControlPlane& cp, std::string_view api_id, std::string_view id) {
  auto deployment = cp.store().GetChild(api_id, Kind::kDeployment, id);
  CLOUDLET_TRY(deployment);
  if (!*deployment) return errors::DeploymentNotFound();
  return aws::OkStatus();
}

aws::Result<ControlReply> SaveStage(ControlPlane& cp, std::string_view api_id, const json::object& stage, int status,
                                    bool with_tags) {
  storage::WriteBatch batch;
  cp.store().PutChild(batch, api_id, Kind::kStage, Str(stage, "stageName"), stage);
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  return JsonReply(status, stage, with_tags);
}

}  // namespace

aws::Result<ControlReply> CreateStage(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  const json::object& body = req.body;
  auto name = OptString(body, "stageName");
  CLOUDLET_TRY(name);
  if (!*name) return errors::BadRequest("Stage name must be specified");
  CLOUDLET_TRY(CheckStageName(**name));
  auto deployment = OptString(body, "deploymentId");
  CLOUDLET_TRY(deployment);
  if (!*deployment) return errors::BadRequest("Deployment id must be specified");
  CLOUDLET_TRY(CheckDeployment(cp, api_id, **deployment));
  if (Given(body, "canarySettings")) return errors::BadRequest("cloudlet does not support canary deployments");
  auto existing = cp.store().GetChild(api_id, Kind::kStage, **name);
  CLOUDLET_TRY(existing);
  if (*existing) return errors::Conflict("Stage already exists");
  json::object stage = NewStageRecord(**name);
  stage["deploymentId"] = **deployment;
  for (std::string_view member : {"description", "documentationVersion", "cacheClusterSize"}) {
    auto v = OptString(body, member);
    CLOUDLET_TRY(v);
    if (*v && !(*v)->empty()) stage[member] = **v;
  }
  for (std::string_view member : {"cacheClusterEnabled", "tracingEnabled"}) {
    auto v = OptBool(body, member);
    CLOUDLET_TRY(v);
    if (*v) stage[member] = **v;
  }
  auto variables = OptStringMap(body, "variables");
  CLOUDLET_TRY(variables);
  if (*variables && !(*variables)->empty()) {
    CLOUDLET_TRY(CheckStageVariables(**variables));
    stage["variables"] = std::move(**variables);
  }
  auto tags = OptStringMap(body, "tags");
  CLOUDLET_TRY(tags);
  if (*tags && !(*tags)->empty()) stage["tags"] = std::move(**tags);
  return SaveStage(cp, api_id, stage, 201, false);
}

aws::Result<ControlReply> GetStages(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto stages = cp.store().ListChildren(api_id, Kind::kStage);
  CLOUDLET_TRY(stages);
  auto deployment = req.QueryParam("deploymentId");
  json::array items;
  for (const auto& s : *stages)
    if (!deployment || deployment->empty() || Str(s.record, "deploymentId") == *deployment)
      items.push_back(Visible(s.record));
  json::object body;
  body["item"] = std::move(items);
  return ControlReply{200, json::serialize(body)};
}

aws::Result<ControlReply> GetStage(ControlPlane& cp, const ControlRequest& req) {
  auto stage = cp.LoadChild(req, req.Label("restapi_id"), Kind::kStage, req.Label("stage_name"), errors::StageNotFound);
  CLOUDLET_TRY(stage);
  return JsonReply(200, *stage, true);
}

aws::Result<ControlReply> UpdateStage(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  auto stage = cp.LoadChild(req, api_id, Kind::kStage, req.Label("stage_name"), errors::StageNotFound);
  CLOUDLET_TRY(stage);
  auto ops = ReadPatchOperations(req.body, "updateStageInput");
  CLOUDLET_TRY(ops);
  for (const auto& op : *ops) {
    if (op.path == "/deploymentId" && op.op == "replace")
      CLOUDLET_TRY(CheckDeployment(cp, api_id, op.value.value_or("")));
    CLOUDLET_TRY(ApplyStagePatch(*stage, op));
  }
  (*stage)["lastUpdatedDate"] = NowEpochSeconds();
  return SaveStage(cp, api_id, *stage, 200, true);
}

aws::Result<ControlReply> DeleteStage(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  std::string_view name = req.Label("stage_name");
  CLOUDLET_TRY(cp.LoadChild(req, api_id, Kind::kStage, name, errors::StageNotFound));
  storage::WriteBatch batch;
  cp.store().DeleteChild(batch, api_id, Kind::kStage, name);
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  return Accepted(202);
}

aws::Result<ControlReply> FlushStageAuthorizersCache(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  CLOUDLET_TRY(cp.LoadChild(req, api_id, Kind::kStage, req.Label("stage_name"), errors::StageNotFound));
  if (cp.hooks().reset_authorizer_cache) cp.hooks().reset_authorizer_cache(api_id);
  return Accepted(202);
}

}  // namespace cloudlet::apigateway::rest
