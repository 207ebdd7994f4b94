// CreateDeployment, GetDeployment, GetDeployments, UpdateDeployment,
// DeleteDeployment. A deployment freezes the API's routes, integrations,
// authorizers and CORS configuration (ControlPlane::NewDeployment); a stage
// that names it serves that snapshot.
#include <fmt/format.h>

#include "apigateway/http_api/control_plane.h"
#include "apigateway/http_api/errors.h"
#include "apigateway/http_api/fields.h"

namespace cloudlet::apigateway::http_api {

aws::Result<ControlReply> CreateDeployment(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto description = OptString(req.body, "description", 0, 1024);
  CLOUDLET_TRY(description);
  auto stage_name = OptString(req.body, "stageName", 1, 128);
  CLOUDLET_TRY(stage_name);
  std::optional<json::object> stage;
  if (*stage_name) {
    auto loaded = cp.LoadChild(req, api_id, Kind::kStage, **stage_name, "Stage");
    CLOUDLET_TRY(loaded);
    stage = std::move(*loaded);
  }
  auto routes = cp.store().ListChildren(api_id, Kind::kRoute);
  CLOUDLET_TRY(routes);
  if (routes->empty()) return errors::BadRequest("At least one route is required before deploying the Api.");
  storage::WriteBatch batch;
  auto record = cp.NewDeployment(api_id, description->value_or(""), false, batch);
  CLOUDLET_TRY(record);
  if (stage) {
    std::string id(record->at("deploymentId").as_string());
    (*stage)["deploymentId"] = id;
    (*stage)["lastDeploymentStatusMessage"] = fmt::format("Successfully deployed stage with deployment ID '{}'", id);
    (*stage)["lastUpdatedDate"] = NowIso();
    ApiStore::PutChild(batch, api_id, Kind::kStage, **stage_name, *stage);
  }
  CLOUDLET_TRY(cp.Commit(batch, api_id, false));
  return JsonReply(201, *record);
}

aws::Result<ControlReply> GetDeployment(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto record = cp.LoadChild(req, api_id, Kind::kDeployment, req.Label("deploymentId"), "Deployment");
  CLOUDLET_TRY(record);
  return JsonReply(200, *record);
}

aws::Result<ControlReply> GetDeployments(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto records = cp.store().ListChildren(api_id, Kind::kDeployment);
  CLOUDLET_TRY(records);
  return Page(req, std::move(*records));
}

aws::Result<ControlReply> UpdateDeployment(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  std::string_view id = req.Label("deploymentId");
  auto record = cp.LoadChild(req, api_id, Kind::kDeployment, id, "Deployment");
  CLOUDLET_TRY(record);
  auto description = OptString(req.body, "description", 0, 1024);
  CLOUDLET_TRY(description);
  if (*description) (*record)["description"] = **description;
  storage::WriteBatch batch;
  ApiStore::PutChild(batch, api_id, Kind::kDeployment, id, *record);
  CLOUDLET_TRY(cp.Commit(batch, api_id, false));
  return JsonReply(200, *record);
}

aws::Result<ControlReply> DeleteDeployment(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("apiId");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  std::string_view id = req.Label("deploymentId");
  CLOUDLET_TRY(cp.LoadChild(req, api_id, Kind::kDeployment, id, "Deployment"));
  auto stages = cp.store().ListChildren(api_id, Kind::kStage);
  CLOUDLET_TRY(stages);
  for (const auto& s : *stages)
    if (const json::value* d = s.record.if_contains("deploymentId"); d && d->is_string() && d->as_string() == id)
      return errors::BadRequest("Active stages pointing to this deployment must be moved or deleted");
  storage::WriteBatch batch;
  ApiStore::DeleteChild(batch, api_id, Kind::kDeployment, id);
  ApiStore::DeleteChild(batch, api_id, Kind::kSnapshot, id);
  CLOUDLET_TRY(cp.Commit(batch, api_id, false));
  return ControlReply{204, {}};
}

}  // namespace cloudlet::apigateway::http_api
