#include "apigateway/http_api/control_plane.h"

#include <fmt/format.h>

#include <charconv>

#include "apigateway/common/ids.h"
#include "apigateway/common/time_format.h"
#include "apigateway/http_api/errors.h"
#include "http/router.h"

namespace cloudlet::apigateway::http_api {

std::string NowIso() { return Iso8601(std::chrono::system_clock::now()); }

ControlReply JsonReply(int status, const json::object& record) {
  return ControlReply{status, json::serialize(Visible(record))};
}

aws::Result<ControlReply> Page(const ControlRequest& req, std::vector<Child> items) {
  std::size_t limit = items.size();
  if (auto max = req.QueryParam("maxResults")) {
    int n = 0;
    auto [p, ec] = std::from_chars(max->data(), max->data() + max->size(), n);
    if (ec != std::errc() || p != max->data() + max->size() || n < 1 || n > 500)
      return errors::BadRequest("Invalid maxResults specified. Must be a number between 1 and 500");
    limit = static_cast<std::size_t>(n);
  }
  std::size_t start = 0;
  if (auto token = req.QueryParam("nextToken"); token && !token->empty()) {
    while (start < items.size() && items[start].id < *token) ++start;
  }
  json::array out;
  std::size_t end = std::min(items.size(), start + limit);
  for (std::size_t i = start; i < end; ++i) out.push_back(Visible(items[i].record));
  json::object body;
  body["items"] = std::move(out);
  if (end < items.size()) body["nextToken"] = items[end].id;
  return ControlReply{200, json::serialize(body)};
}

aws::Result<json::object> ControlPlane::LoadApi(const ControlRequest& req, std::string_view api_id) const {
  auto api = store_.GetApi(api_id);
  CLOUDLET_TRY(api);
  if (!*api) return errors::ApiNotFound(req.account_id, api_id);
  const json::value* region = (*api)->if_contains("_region");
  if (region && region->is_string() && region->as_string() != req.region) return errors::ApiNotFound(req.account_id, api_id);
  return std::move(**api);
}

aws::Result<json::object> ControlPlane::LoadChild(const ControlRequest& req, std::string_view api_id, Kind kind,
                                                  std::string_view id, std::string_view what) const {
  auto child = store_.GetChild(api_id, kind, id);
  CLOUDLET_TRY(child);
  if (!*child) {
    if (kind == Kind::kStage) return errors::StageNotFound(id);
    return errors::ChildNotFound(what, req.account_id, id);
  }
  return std::move(**child);
}

aws::Result<json::object> ControlPlane::NewDeployment(std::string_view api_id, std::string_view description,
                                                      bool auto_deployed, storage::WriteBatch& batch) const {
  auto api = store_.GetApi(api_id);
  CLOUDLET_TRY(api);
  json::object snapshot;
  for (auto [kind, member] : {std::pair{Kind::kRoute, "routes"}, std::pair{Kind::kIntegration, "integrations"},
                              std::pair{Kind::kAuthorizer, "authorizers"}}) {
    auto children = store_.ListChildren(api_id, kind);
    CLOUDLET_TRY(children);
    json::array list;
    for (auto& c : *children) list.push_back(std::move(c.record));
    snapshot[member] = std::move(list);
  }
  if (*api)
    if (auto* cors = (*api)->if_contains("corsConfiguration")) snapshot["cors"] = *cors;
  json::object record;
  std::string id = NewResourceId(6);
  record["autoDeployed"] = auto_deployed;
  record["createdDate"] = NowIso();
  record["deploymentId"] = id;
  record["deploymentStatus"] = "DEPLOYED";
  if (!description.empty()) record["description"] = description;
  ApiStore::PutChild(batch, api_id, Kind::kDeployment, id, record);
  ApiStore::PutChild(batch, api_id, Kind::kSnapshot, id, snapshot);
  return record;
}

aws::Status ControlPlane::Commit(const storage::WriteBatch& batch, std::string_view api_id, bool routing_changed) {
  aws::Status written = store_.Write(batch);
  if (written.ok() && routing_changed) {
    // A second write: the deployment snapshots the API as the first left it.
    // AutoDeploy stages are served from the live configuration, so a crash
    // between the two leaves only GetStage's deploymentId behind.
    auto stages = store_.ListChildren(api_id, Kind::kStage);
    if (!stages.ok()) return stages.take_error();
    std::vector<Child*> automatic;
    for (auto& s : *stages)
      if (const json::value* a = s.record.if_contains("autoDeploy"); a && a->is_bool() && a->as_bool())
        automatic.push_back(&s);
    if (!automatic.empty()) {
      storage::WriteBatch deploy;
      auto record = NewDeployment(api_id, "Automatic deployment triggered by changes to the Api configuration", true,
                                  deploy);
      if (!record.ok()) return record.take_error();
      std::string id(record->at("deploymentId").as_string());
      for (Child* s : automatic) {
        s->record["deploymentId"] = id;
        s->record["lastDeploymentStatusMessage"] = fmt::format("Successfully deployed stage with deployment ID '{}'", id);
        s->record["lastUpdatedDate"] = NowIso();
        ApiStore::PutChild(deploy, api_id, Kind::kStage, s->id, s->record);
      }
      written = store_.Write(deploy);
    }
  }
  if (hooks_.changed) hooks_.changed(api_id);
  return written;
}

aws::Result<ControlReply> ControlPlane::Dispatch(const ControlRequest& req) {
  std::lock_guard lock(mu_);
  return DispatchLocked(req);
}

aws::Result<ControlReply> ControlPlane::DispatchLocked(const ControlRequest& req) {
  switch (req.route.op) {
    case ControlOp::kCreateApi: return CreateApi(*this, req);
    case ControlOp::kGetApis: return GetApis(*this, req);
    case ControlOp::kGetApi: return GetApi(*this, req);
    case ControlOp::kUpdateApi: return UpdateApi(*this, req);
    case ControlOp::kDeleteApi: return DeleteApi(*this, req);
    case ControlOp::kDeleteCorsConfiguration: return DeleteCorsConfiguration(*this, req);
    case ControlOp::kCreateRoute: return CreateRoute(*this, req);
    case ControlOp::kGetRoutes: return GetRoutes(*this, req);
    case ControlOp::kGetRoute: return GetRoute(*this, req);
    case ControlOp::kUpdateRoute: return UpdateRoute(*this, req);
    case ControlOp::kDeleteRoute: return DeleteRoute(*this, req);
    case ControlOp::kCreateIntegration: return CreateIntegration(*this, req);
    case ControlOp::kGetIntegrations: return GetIntegrations(*this, req);
    case ControlOp::kGetIntegration: return GetIntegration(*this, req);
    case ControlOp::kUpdateIntegration: return UpdateIntegration(*this, req);
    case ControlOp::kDeleteIntegration: return DeleteIntegration(*this, req);
    case ControlOp::kCreateStage: return CreateStage(*this, req);
    case ControlOp::kGetStages: return GetStages(*this, req);
    case ControlOp::kGetStage: return GetStage(*this, req);
    case ControlOp::kUpdateStage: return UpdateStage(*this, req);
    case ControlOp::kDeleteStage: return DeleteStage(*this, req);
    case ControlOp::kDeleteAccessLogSettings: return DeleteAccessLogSettings(*this, req);
    case ControlOp::kDeleteRouteSettings: return DeleteRouteSettings(*this, req);
    case ControlOp::kResetAuthorizersCache: return ResetAuthorizersCache(*this, req);
    case ControlOp::kCreateDeployment: return CreateDeployment(*this, req);
    case ControlOp::kGetDeployments: return GetDeployments(*this, req);
    case ControlOp::kGetDeployment: return GetDeployment(*this, req);
    case ControlOp::kUpdateDeployment: return UpdateDeployment(*this, req);
    case ControlOp::kDeleteDeployment: return DeleteDeployment(*this, req);
    case ControlOp::kCreateAuthorizer: return CreateAuthorizer(*this, req);
    case ControlOp::kGetAuthorizers: return GetAuthorizers(*this, req);
    case ControlOp::kGetAuthorizer: return GetAuthorizer(*this, req);
    case ControlOp::kUpdateAuthorizer: return UpdateAuthorizer(*this, req);
    case ControlOp::kDeleteAuthorizer: return DeleteAuthorizer(*this, req);
    case ControlOp::kTagResource: return TagResource(*this, req);
    case ControlOp::kUntagResource: return UntagResource(*this, req);
    case ControlOp::kGetTags: return GetTags(*this, req);
  }
  return aws::AwsError::Make(500, "InternalServerErrorException", "operation not dispatched");
}

}  // namespace cloudlet::apigateway::http_api
