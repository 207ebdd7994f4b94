// CreateDeployment, GetDeployments, GetDeployment, UpdateDeployment,
// DeleteDeployment. A deployment snapshots the API as it stands (the
// members the data plane needs, every resource with its methods and
// integrations, every authorizer); stages serve snapshots. With a
// stageName the stage is created, or moved to the new deployment.
#include <fmt/format.h>

#include "apigateway/common/ids.h"
#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/patch.h"
#include "apigateway/rest/stage_records.h"

namespace cloudlet::apigateway::rest {
namespace {

// The API members a deployment freezes (the rest of the API applies at once).
json::object ApiForSnapshot(const json::object& api) {
  json::object out;
  for (std::string_view k : {"id", "apiKeySource", "binaryMediaTypes", "disableExecuteApiEndpoint", "_region"})
    if (const json::value* v = api.if_contains(k)) out[k] = *v;
  return out;
}

// AWS's refusals: an API without methods, a method without an integration.
aws::Status CheckDeployable(const std::vector<Child>& resources) {
  bool any = false;
  for (const auto& r : resources)
    for (const auto& [name, method] : Obj(r.record, "resourceMethods")) {
      any = true;
      if (!method.is_object() || !method.as_object().contains("methodIntegration"))
        return errors::BadRequest("No integration defined for method");
    }
  if (!any) return errors::BadRequest("The REST API doesn't contain any methods");
  return aws::OkStatus();
}

json::object ApiSummary(const json::object& snapshot) {
  json::object summary;
  if (const json::value* resources = snapshot.if_contains("resources"); resources && resources->is_array())
    for (const auto& r : resources->as_array()) {
      if (!r.is_object()) continue;
      json::object methods;
      for (const auto& [name, method] : Obj(r.as_object(), "resourceMethods")) {
        if (!method.is_object()) continue;
        json::object m;
        m["apiKeyRequired"] = Bool(method.as_object(), "apiKeyRequired");
        m["authorizationType"] = Str(method.as_object(), "authorizationType");
        methods[name] = std::move(m);
      }
      if (!methods.empty()) summary[Str(r.as_object(), "path")] = std::move(methods);
    }
  return summary;
}

}  // namespace

aws::Result<ControlReply> CreateDeployment(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  auto api = cp.LoadApi(req, api_id);
  CLOUDLET_TRY(api);
  const json::object& body = req.body;
  if (Given(body, "canarySettings")) return errors::BadRequest("cloudlet does not support canary deployments");
  auto stage_name = OptString(body, "stageName");
  CLOUDLET_TRY(stage_name);
  if (*stage_name && !(*stage_name)->empty()) CLOUDLET_TRY(CheckStageName(**stage_name));
  auto resources = cp.store().ListChildren(api_id, Kind::kResource);
  CLOUDLET_TRY(resources);
  CLOUDLET_TRY(CheckDeployable(*resources));
  auto authorizers = cp.store().ListChildren(api_id, Kind::kAuthorizer);
  CLOUDLET_TRY(authorizers);

  json::object snapshot;
  snapshot["api"] = ApiForSnapshot(*api);
  json::array list;
  for (auto& r : *resources) list.push_back(std::move(r.record));
  snapshot["resources"] = std::move(list);
  json::array auths;
  for (auto& a : *authorizers) auths.push_back(std::move(a.record));
  snapshot["authorizers"] = std::move(auths);

  json::object deployment;
  std::string id = NewResourceId(6);
  deployment["createdDate"] = NowEpochSeconds();
  auto description = OptString(body, "description");
  CLOUDLET_TRY(description);
  if (*description && !(*description)->empty()) deployment["description"] = **description;
  deployment["id"] = id;

  storage::WriteBatch batch;
  cp.store().PutChild(batch, api_id, Kind::kDeployment, id, deployment);
  cp.store().PutChild(batch, api_id, Kind::kSnapshot, id, snapshot);
  if (*stage_name && !(*stage_name)->empty()) {
    auto existing = cp.store().GetChild(api_id, Kind::kStage, **stage_name);
    CLOUDLET_TRY(existing);
    json::object stage = *existing ? std::move(**existing) : NewStageRecord(**stage_name);
    stage["deploymentId"] = id;
    stage["lastUpdatedDate"] = NowEpochSeconds();
    auto stage_description = OptString(body, "stageDescription");
    CLOUDLET_TRY(stage_description);
    if (!*existing && *stage_description && !(*stage_description)->empty())
      stage["description"] = **stage_description;
    auto variables = OptStringMap(body, "variables");
    CLOUDLET_TRY(variables);
    if (*variables) {
      CLOUDLET_TRY(CheckStageVariables(**variables));
      json::object& merged = ObjMember(stage, "variables");
      for (const auto& [k, v] : **variables) merged[k] = v;
      if (merged.empty()) stage.erase("variables");
    }
    auto tracing = OptBool(body, "tracingEnabled");
    CLOUDLET_TRY(tracing);
    if (*tracing) stage["tracingEnabled"] = **tracing;
    cp.store().PutChild(batch, api_id, Kind::kStage, **stage_name, stage);
  }
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  return JsonReply(201, deployment);
}

aws::Result<ControlReply> GetDeployments(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto deployments = cp.store().ListChildren(api_id, Kind::kDeployment);
  CLOUDLET_TRY(deployments);
  return Page(req, *deployments);
}

aws::Result<ControlReply> GetDeployment(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  std::string_view id = req.Label("deployment_id");
  auto deployment = cp.LoadChild(req, api_id, Kind::kDeployment, id, errors::DeploymentNotFound);
  CLOUDLET_TRY(deployment);
  if (auto embed = req.QueryParam("embed"); embed && embed->find("apisummary") != std::string::npos) {
    auto snapshot = cp.store().GetChild(api_id, Kind::kSnapshot, id);
    CLOUDLET_TRY(snapshot);
    if (*snapshot) (*deployment)["apiSummary"] = ApiSummary(**snapshot);
  }
  return JsonReply(200, *deployment);
}

aws::Result<ControlReply> UpdateDeployment(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  std::string_view id = req.Label("deployment_id");
  auto deployment = cp.LoadChild(req, api_id, Kind::kDeployment, id, errors::DeploymentNotFound);
  CLOUDLET_TRY(deployment);
  auto ops = ReadPatchOperations(req.body, "updateDeploymentInput");
  CLOUDLET_TRY(ops);
  for (const auto& op : *ops) {
    if (op.path != "/description") return PatchPathNotOneOf(op, "/description");
    if (op.op != "replace") return PatchOpNotSupported(op);
    if (op.value.value_or("").empty()) deployment->erase("description");
    else (*deployment)["description"] = *op.value;
  }
  storage::WriteBatch batch;
  cp.store().PutChild(batch, api_id, Kind::kDeployment, id, *deployment);
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  return JsonReply(200, *deployment);
}

aws::Result<ControlReply> DeleteDeployment(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  std::string_view id = req.Label("deployment_id");
  CLOUDLET_TRY(cp.LoadChild(req, api_id, Kind::kDeployment, id, errors::DeploymentNotFound));
  auto stages = cp.store().ListChildren(api_id, Kind::kStage);
  CLOUDLET_TRY(stages);
  for (const auto& s : *stages)
    if (Str(s.record, "deploymentId") == id)
      return errors::BadRequest("Active stages pointing to this deployment must be moved or deleted");
  storage::WriteBatch batch;
  cp.store().DeleteChild(batch, api_id, Kind::kDeployment, id);
  cp.store().DeleteChild(batch, api_id, Kind::kSnapshot, id);
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  return Accepted(202);
}

}  // namespace cloudlet::apigateway::rest
