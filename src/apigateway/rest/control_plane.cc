#include "apigateway/rest/control_plane.h"

#include <charconv>
#include <chrono>

#include "apigateway/rest/errors.h"
#include "http/router.h"

namespace cloudlet::apigateway::rest {

int64_t NowEpochSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool InRegion(const json::object& record, std::string_view region) {
  const json::value* r = record.if_contains("_region");
  return !r || !r->is_string() || r->as_string() == region;
}

ControlReply JsonReply(int status, const json::object& record, bool with_tags) {
  json::object out = Visible(record);
  if (with_tags && !out.contains("tags")) out["tags"] = json::object{};
  return ControlReply{status, json::serialize(out)};
}

ControlReply Accepted(int status) { return ControlReply{status, {}}; }

ControlReply Page(const ControlRequest& req, const std::vector<Child>& items, std::string_view member) {
  std::size_t limit = 25;
  if (auto max = req.QueryParam("limit")) {
    int n = 0;
    auto [p, ec] = std::from_chars(max->data(), max->data() + max->size(), n);
    if (ec == std::errc() && p == max->data() + max->size()) limit = n < 0 ? 0 : std::min(n, 500);
  }
  std::size_t start = 0;
  if (auto position = req.QueryParam("position"); position && !position->empty()) {
    while (start < items.size() && items[start].id != *position) ++start;
  }
  json::array out;
  std::size_t end = std::min(items.size(), start + limit);
  for (std::size_t i = start; i < end; ++i) out.push_back(Visible(items[i].record));
  json::object body;
  body[member] = std::move(out);
  if (end < items.size() && limit > 0) body["position"] = items[end].id;
  return ControlReply{200, json::serialize(body)};
}

aws::Result<json::object> ControlPlane::LoadApi(const ControlRequest& req, std::string_view api_id) const {
  auto api = store_.GetApi(api_id);
  CLOUDLET_TRY(api);
  if (!*api || !InRegion(**api, req.region)) return errors::ApiNotFound(req.account_id, api_id);
  return std::move(**api);
}

aws::Result<json::object> ControlPlane::LoadResource(const ControlRequest& req, std::string_view api_id,
                                                     std::string_view resource_id) const {
  auto api = store_.GetApi(api_id);
  CLOUDLET_TRY(api);
  if (!*api || !InRegion(**api, req.region)) return errors::ResourceNotFound();
  auto resource = store_.GetChild(api_id, Kind::kResource, resource_id);
  CLOUDLET_TRY(resource);
  if (!*resource) return errors::ResourceNotFound();
  return std::move(**resource);
}

aws::Result<json::object> ControlPlane::LoadChild(const ControlRequest& req, std::string_view api_id, Kind kind,
                                                  std::string_view id, aws::AwsError (*not_found)()) const {
  CLOUDLET_TRY(LoadApi(req, api_id));
  auto child = store_.GetChild(api_id, kind, id);
  CLOUDLET_TRY(child);
  if (!*child) return not_found();
  return std::move(**child);
}

aws::Status ControlPlane::Commit(const storage::WriteBatch& batch, std::string_view api_id) {
  aws::Status written = store_.Write(batch);
  if (hooks_.api_changed) hooks_.api_changed(api_id);
  return written;
}

aws::Status ControlPlane::CommitKeys(const storage::WriteBatch& batch) {
  aws::Status written = store_.Write(batch);
  if (hooks_.keys_changed) hooks_.keys_changed();
  return written;
}

aws::Result<ControlReply> ControlPlane::Dispatch(const ControlRequest& req) {
  std::lock_guard lock(mu_);
  return DispatchLocked(req);
}

aws::Result<ControlReply> ControlPlane::DispatchLocked(const ControlRequest& req) {
  using O = ControlOp;
  switch (req.route.op) {
    case O::kCreateRestApi: return CreateRestApi(*this, req);
    case O::kGetRestApis: return GetRestApis(*this, req);
    case O::kGetRestApi: return GetRestApi(*this, req);
    case O::kUpdateRestApi: return UpdateRestApi(*this, req);
    case O::kDeleteRestApi: return DeleteRestApi(*this, req);
    case O::kGetResources: return GetResources(*this, req);
    case O::kGetResource: return GetResource(*this, req);
    case O::kCreateResource: return CreateResource(*this, req);
    case O::kUpdateResource: return UpdateResource(*this, req);
    case O::kDeleteResource: return DeleteResource(*this, req);
    case O::kPutMethod: return PutMethod(*this, req);
    case O::kGetMethod: return GetMethod(*this, req);
    case O::kUpdateMethod: return UpdateMethod(*this, req);
    case O::kDeleteMethod: return DeleteMethod(*this, req);
    case O::kPutMethodResponse: return PutMethodResponse(*this, req);
    case O::kGetMethodResponse: return GetMethodResponse(*this, req);
    case O::kUpdateMethodResponse: return UpdateMethodResponse(*this, req);
    case O::kDeleteMethodResponse: return DeleteMethodResponse(*this, req);
    case O::kPutIntegration: return PutIntegration(*this, req);
    case O::kGetIntegration: return GetIntegration(*this, req);
    case O::kUpdateIntegration: return UpdateIntegration(*this, req);
    case O::kDeleteIntegration: return DeleteIntegration(*this, req);
    case O::kPutIntegrationResponse: return PutIntegrationResponse(*this, req);
    case O::kGetIntegrationResponse: return GetIntegrationResponse(*this, req);
    case O::kUpdateIntegrationResponse: return UpdateIntegrationResponse(*this, req);
    case O::kDeleteIntegrationResponse: return DeleteIntegrationResponse(*this, req);
    case O::kCreateDeployment: return CreateDeployment(*this, req);
    case O::kGetDeployments: return GetDeployments(*this, req);
    case O::kGetDeployment: return GetDeployment(*this, req);
    case O::kUpdateDeployment: return UpdateDeployment(*this, req);
    case O::kDeleteDeployment: return DeleteDeployment(*this, req);
    case O::kCreateStage: return CreateStage(*this, req);
    case O::kGetStages: return GetStages(*this, req);
    case O::kGetStage: return GetStage(*this, req);
    case O::kUpdateStage: return UpdateStage(*this, req);
    case O::kDeleteStage: return DeleteStage(*this, req);
    case O::kFlushStageAuthorizersCache: return FlushStageAuthorizersCache(*this, req);
    case O::kCreateAuthorizer: return CreateAuthorizer(*this, req);
    case O::kGetAuthorizers: return GetAuthorizers(*this, req);
    case O::kGetAuthorizer: return GetAuthorizer(*this, req);
    case O::kUpdateAuthorizer: return UpdateAuthorizer(*this, req);
    case O::kDeleteAuthorizer: return DeleteAuthorizer(*this, req);
    case O::kCreateApiKey: return CreateApiKey(*this, req);
    case O::kGetApiKeys: return GetApiKeys(*this, req);
    case O::kGetApiKey: return GetApiKey(*this, req);
    case O::kUpdateApiKey: return UpdateApiKey(*this, req);
    case O::kDeleteApiKey: return DeleteApiKey(*this, req);
    case O::kCreateUsagePlan: return CreateUsagePlan(*this, req);
    case O::kGetUsagePlans: return GetUsagePlans(*this, req);
    case O::kGetUsagePlan: return GetUsagePlan(*this, req);
    case O::kUpdateUsagePlan: return UpdateUsagePlan(*this, req);
    case O::kDeleteUsagePlan: return DeleteUsagePlan(*this, req);
    case O::kCreateUsagePlanKey: return CreateUsagePlanKey(*this, req);
    case O::kGetUsagePlanKeys: return GetUsagePlanKeys(*this, req);
    case O::kGetUsagePlanKey: return GetUsagePlanKey(*this, req);
    case O::kDeleteUsagePlanKey: return DeleteUsagePlanKey(*this, req);
    case O::kGetUsage: return GetUsage(*this, req);
    case O::kTagResource: return TagResource(*this, req);
    case O::kUntagResource: return UntagResource(*this, req);
    case O::kGetTags: return GetTags(*this, req);
  }
  return aws::AwsError::Make(500, "InternalServerErrorException", "operation not dispatched");
}

}  // namespace cloudlet::apigateway::rest
