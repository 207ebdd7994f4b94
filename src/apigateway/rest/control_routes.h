// The apigateway (v1) control plane's REST routes (restJson1), as the
// botocore model's requestUri values give them, e.g.
//   POST   /restapis                                              CreateRestApi  201
//   PUT    /restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration  PutIntegration 201
//   DELETE /usageplans/{usageplanId}/keys/{keyId}                 DeleteUsagePlanKey 202
// Templates as common/path_template.h reads them.
#pragma once

#include <optional>
#include <string_view>

#include "apigateway/common/control_request.h"
#include "http/message.h"

namespace cloudlet::apigateway::rest {

enum class ControlOp {
  kCreateRestApi, kGetRestApis, kGetRestApi, kUpdateRestApi, kDeleteRestApi,
  kGetResources, kGetResource, kCreateResource, kUpdateResource, kDeleteResource,
  kPutMethod, kGetMethod, kUpdateMethod, kDeleteMethod,
  kPutMethodResponse, kGetMethodResponse, kUpdateMethodResponse, kDeleteMethodResponse,
  kPutIntegration, kGetIntegration, kUpdateIntegration, kDeleteIntegration,
  kPutIntegrationResponse, kGetIntegrationResponse, kUpdateIntegrationResponse, kDeleteIntegrationResponse,
  kCreateDeployment, kGetDeployments, kGetDeployment, kUpdateDeployment, kDeleteDeployment,
  kCreateStage, kGetStages, kGetStage, kUpdateStage, kDeleteStage, kFlushStageAuthorizersCache,
  kCreateAuthorizer, kGetAuthorizers, kGetAuthorizer, kUpdateAuthorizer, kDeleteAuthorizer,
  kCreateApiKey, kGetApiKeys, kGetApiKey, kUpdateApiKey, kDeleteApiKey,
  kCreateUsagePlan, kGetUsagePlans, kGetUsagePlan, kUpdateUsagePlan, kDeleteUsagePlan,
  kCreateUsagePlanKey, kGetUsagePlanKeys, kGetUsagePlanKey, kDeleteUsagePlanKey, kGetUsage,
  kTagResource, kUntagResource, kGetTags,
};

using ControlRoute = ControlRouteOf<ControlOp>;

std::optional<ControlRoute> MatchControlRoute(http::Verb method, std::string_view path);

}  // namespace cloudlet::apigateway::rest
