// The apigatewayv2 control plane for HTTP APIs: one file per family of
// operations (api_operations.cc, route_operations.cc, integration_operations.cc,
// stage_operations.cc, deployment_operations.cc, authorizer_operations.cc,
// tag_operations.cc) over the helpers here. Writes are serialised by one
// mutex (the control plane is not a hot path); after each write the data
// plane is told which API changed, and stages with AutoDeploy get a new
// deployment when routes, integrations, authorizers or CORS changed.
#pragma once

#include <boost/json.hpp>

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "apigateway/http_api/api_store.h"
#include "apigateway/http_api/control_routes.h"
#include "aws/error.h"
#include "aws/service.h"
#include "http/message.h"

namespace cloudlet::apigateway::http_api {

namespace json = boost::json;

using ControlRequest = ControlRequestOf<ControlRoute>;

struct ControlReply {
  int status = 200;
  std::string body;  // JSON, or empty for 204
};

struct ControlHooks {
  // The API's stored configuration changed (or it was deleted).
  std::function<void(std::string_view api_id)> changed;
  // ResetAuthorizersCache, UpdateAuthorizer, DeleteAuthorizer.
  std::function<void(std::string_view api_id)> reset_authorizer_cache;
};

class ControlPlane {
 public:
  ControlPlane(storage::KvStore& kv, const aws::ServiceEnvironment& env, std::string url_port, ControlHooks hooks)
      : store_(kv), env_(env), url_port_(std::move(url_port)), hooks_(std::move(hooks)) {}

  aws::Result<ControlReply> Dispatch(const ControlRequest& req);

  ApiStore& store() { return store_; }
  const ApiStore& store() const { return store_; }
  const aws::ServiceEnvironment& env() const { return env_; }
  const std::string& url_port() const { return url_port_; }
  const ControlHooks& hooks() const { return hooks_; }

  // The API named by the apiId label, visible to the caller's region; NotFoundException otherwise.
  aws::Result<json::object> LoadApi(const ControlRequest& req, std::string_view api_id) const;
  // A child of the API; `what` names it in the NotFoundException ("Route", ...).
  aws::Result<json::object> LoadChild(const ControlRequest& req, std::string_view api_id, Kind kind,
                                      std::string_view id, std::string_view what) const;

  // Writes `batch`; when `routing_changed`, AutoDeploy stages get a new
  // deployment of the API as it now stands. Tells the data plane either way.
  aws::Status Commit(const storage::WriteBatch& batch, std::string_view api_id, bool routing_changed);

  // A new deployment of the API as it now stands: writes its record and
  // snapshot into `batch` and returns the record.
  aws::Result<json::object> NewDeployment(std::string_view api_id, std::string_view description, bool auto_deployed,
                                          storage::WriteBatch& batch) const;

 private:
  aws::Result<ControlReply> DispatchLocked(const ControlRequest& req);

  ApiStore store_;
  aws::ServiceEnvironment env_;
  std::string url_port_;
  ControlHooks hooks_;
  std::mutex mu_;
};

// ---- shared by the operation files ----

// One page of `items` (in id order) after the request's nextToken:
// {"items":[...],"nextToken":"..."}. maxResults must be a number 1..500
// (BadRequestException otherwise); no maxResults → everything.
aws::Result<ControlReply> Page(const ControlRequest& req, std::vector<Child> items);
ControlReply JsonReply(int status, const json::object& record);
// The current time as the model's timestamps show it.
std::string NowIso();

// Operations, by family.
aws::Result<ControlReply> CreateApi(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetApi(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetApis(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> UpdateApi(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> DeleteApi(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> DeleteCorsConfiguration(ControlPlane& cp, const ControlRequest& req);

aws::Result<ControlReply> CreateRoute(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetRoute(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetRoutes(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> UpdateRoute(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> DeleteRoute(ControlPlane& cp, const ControlRequest& req);

aws::Result<ControlReply> CreateIntegration(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetIntegration(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetIntegrations(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> UpdateIntegration(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> DeleteIntegration(ControlPlane& cp, const ControlRequest& req);

aws::Result<ControlReply> CreateStage(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetStage(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetStages(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> UpdateStage(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> DeleteStage(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> DeleteAccessLogSettings(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> DeleteRouteSettings(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> ResetAuthorizersCache(ControlPlane& cp, const ControlRequest& req);

aws::Result<ControlReply> CreateDeployment(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetDeployment(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetDeployments(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> UpdateDeployment(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> DeleteDeployment(ControlPlane& cp, const ControlRequest& req);

aws::Result<ControlReply> CreateAuthorizer(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetAuthorizer(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetAuthorizers(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> UpdateAuthorizer(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> DeleteAuthorizer(ControlPlane& cp, const ControlRequest& req);

aws::Result<ControlReply> TagResource(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> UntagResource(ControlPlane& cp, const ControlRequest& req);
aws::Result<ControlReply> GetTags(ControlPlane& cp, const ControlRequest& req);

}  // namespace cloudlet::apigateway::http_api
