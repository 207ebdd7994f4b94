// The apigateway (v1) control plane for REST APIs: one file per family of
// operations (api_operations.cc, resource_operations.cc,
// method_operations.cc, integration_operations.cc,
// deployment_operations.cc, stage_operations.cc, authorizer_operations.cc,
// api_key_operations.cc, usage_plan_operations.cc, tag_operations.cc) over
// the helpers here. Writes are serialised by one mutex (the control plane is
// not a hot path); after each write the data plane is told what changed.
#pragma once

#include <boost/json.hpp>

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "apigateway/rest/control_routes.h"
#include "apigateway/rest/rest_store.h"
#include "aws/error.h"
#include "aws/service.h"
#include "http/message.h"

namespace cloudlet::apigateway::rest {

namespace json = boost::json;

using ControlRequest = ControlRequestOf<ControlRoute>;

struct ControlReply {
  int status = 200;
  std::string body;  // JSON, or empty for 202/204
};

struct ControlHooks {
  // The API's stored configuration changed (or it was deleted).
  std::function<void(std::string_view api_id)> api_changed;
  // API keys or usage plans changed.
  std::function<void()> keys_changed;
  // FlushStageAuthorizersCache, UpdateAuthorizer, DeleteAuthorizer.
  std::function<void(std::string_view api_id)> reset_authorizer_cache;
};

class ControlPlane {
 public:
  ControlPlane(storage::KvStore& kv, const aws::ServiceEnvironment& env, std::string url_port, ControlHooks hooks)
      : store_(kv), env_(env), url_port_(std::move(url_port)), hooks_(std::move(hooks)) {}

  aws::Result<ControlReply> Dispatch(const ControlRequest& req);

  const RestStore& store() const { return store_; }
  const aws::ServiceEnvironment& env() const { return env_; }
  const std::string& url_port() const { return url_port_; }
  const ControlHooks& hooks() const { return hooks_; }

  // The REST API named `api_id`, visible to the caller's region; NotFoundException otherwise.
  aws::Result<json::object> LoadApi(const ControlRequest& req, std::string_view api_id) const;
  // A resource of an API; "Invalid Resource identifier specified" also when the API is missing.
  aws::Result<json::object> LoadResource(const ControlRequest& req, std::string_view api_id,
                                         std::string_view resource_id) const;
  // A child of an existing API (stage, deployment, authorizer); `not_found` when missing.
  aws::Result<json::object> LoadChild(const ControlRequest& req, std::string_view api_id, Kind kind,
                                      std::string_view id, aws::AwsError (*not_found)()) const;

  // Writes `batch` and tells the data plane the API changed.
  aws::Status Commit(const storage::WriteBatch& batch, std::string_view api_id);
  // Writes `batch` and tells the data plane keys or plans changed.
  aws::Status CommitKeys(const storage::WriteBatch& batch);

 private:
  aws::Result<ControlReply> DispatchLocked(const ControlRequest& req);

  RestStore store_;
  aws::ServiceEnvironment env_;
  std::string url_port_;
  ControlHooks hooks_;
  std::mutex mu_;
};

// ---- shared by the operation files ----

// One page of `items` after the request's position: {"item":[...],"position":"..."}
// ("item" is what the model calls "items" on the wire). limit defaults to 25, at most 500; the
// position is the id of the next item.
ControlReply Page(const ControlRequest& req, const std::vector<Child>& items, std::string_view member = "item");
// The record as the wire shows it (no '_' members); with `with_tags`, an
// absent "tags" shows as {} (Get and Update answers do, Create answers and
// lists do not).
ControlReply JsonReply(int status, const json::object& record, bool with_tags = false);
ControlReply Accepted(int status);  // 202/204, no body
// The current time as v1 timestamps show it: epoch seconds.
int64_t NowEpochSeconds();
// Whether `record` belongs to `region` (records keep "_region").
bool InRegion(const json::object& record, std::string_view region);

// Operations, by family.
#define REST_OP(name) aws::Result<ControlReply> name(ControlPlane& cp, const ControlRequest& req)
REST_OP(CreateRestApi); REST_OP(GetRestApis); REST_OP(GetRestApi); REST_OP(UpdateRestApi); REST_OP(DeleteRestApi);
REST_OP(GetResources); REST_OP(GetResource); REST_OP(CreateResource); REST_OP(UpdateResource); REST_OP(DeleteResource);
REST_OP(PutMethod); REST_OP(GetMethod); REST_OP(UpdateMethod); REST_OP(DeleteMethod);
REST_OP(PutMethodResponse); REST_OP(GetMethodResponse); REST_OP(UpdateMethodResponse); REST_OP(DeleteMethodResponse);
REST_OP(PutIntegration); REST_OP(GetIntegration); REST_OP(UpdateIntegration); REST_OP(DeleteIntegration);
REST_OP(PutIntegrationResponse); REST_OP(GetIntegrationResponse); REST_OP(UpdateIntegrationResponse);
REST_OP(DeleteIntegrationResponse);
REST_OP(CreateDeployment); REST_OP(GetDeployments); REST_OP(GetDeployment); REST_OP(UpdateDeployment);
REST_OP(DeleteDeployment);
REST_OP(CreateStage); REST_OP(GetStages); REST_OP(GetStage); REST_OP(UpdateStage); REST_OP(DeleteStage);
REST_OP(FlushStageAuthorizersCache);
REST_OP(CreateAuthorizer); REST_OP(GetAuthorizers); REST_OP(GetAuthorizer); REST_OP(UpdateAuthorizer);
REST_OP(DeleteAuthorizer);
REST_OP(CreateApiKey); REST_OP(GetApiKeys); REST_OP(GetApiKey); REST_OP(UpdateApiKey); REST_OP(DeleteApiKey);
REST_OP(CreateUsagePlan); REST_OP(GetUsagePlans); REST_OP(GetUsagePlan); REST_OP(UpdateUsagePlan);
REST_OP(DeleteUsagePlan);
REST_OP(CreateUsagePlanKey); REST_OP(GetUsagePlanKeys); REST_OP(GetUsagePlanKey); REST_OP(DeleteUsagePlanKey);
REST_OP(GetUsage);
REST_OP(TagResource); REST_OP(UntagResource); REST_OP(GetTags);
#undef REST_OP

}  // namespace cloudlet::apigateway::rest
