#include "apigateway/rest/control_routes.h"

#include <array>

namespace cloudlet::apigateway::rest {
namespace {

using V = http::Verb;
using O = ControlOp;
#define METHOD "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}"
constexpr std::array<RouteEntry<ControlOp>, 60> kRoutes = {{
    {V::post, "/restapis", O::kCreateRestApi, "CreateRestApi", 201},
    {V::get, "/restapis", O::kGetRestApis, "GetRestApis", 200},
    {V::get, "/restapis/{restapi_id}", O::kGetRestApi, "GetRestApi", 200},
    {V::patch, "/restapis/{restapi_id}", O::kUpdateRestApi, "UpdateRestApi", 200},
    {V::delete_, "/restapis/{restapi_id}", O::kDeleteRestApi, "DeleteRestApi", 202},
    {V::get, "/restapis/{restapi_id}/resources", O::kGetResources, "GetResources", 200},
    {V::get, "/restapis/{restapi_id}/resources/{resource_id}", O::kGetResource, "GetResource", 200},
    {V::post, "/restapis/{restapi_id}/resources/{resource_id}", O::kCreateResource, "CreateResource", 201},
    {V::patch, "/restapis/{restapi_id}/resources/{resource_id}", O::kUpdateResource, "UpdateResource", 200},
    {V::delete_, "/restapis/{restapi_id}/resources/{resource_id}", O::kDeleteResource, "DeleteResource", 202},
    {V::put, METHOD, O::kPutMethod, "PutMethod", 201},
    {V::get, METHOD, O::kGetMethod, "GetMethod", 200},
    {V::patch, METHOD, O::kUpdateMethod, "UpdateMethod", 200},
    {V::delete_, METHOD, O::kDeleteMethod, "DeleteMethod", 204},
    {V::put, METHOD "/responses/{status_code}", O::kPutMethodResponse, "PutMethodResponse", 201},
    {V::get, METHOD "/responses/{status_code}", O::kGetMethodResponse, "GetMethodResponse", 200},
    {V::patch, METHOD "/responses/{status_code}", O::kUpdateMethodResponse, "UpdateMethodResponse", 201},
    {V::delete_, METHOD "/responses/{status_code}", O::kDeleteMethodResponse, "DeleteMethodResponse", 204},
    {V::put, METHOD "/integration", O::kPutIntegration, "PutIntegration", 201},
    {V::get, METHOD "/integration", O::kGetIntegration, "GetIntegration", 200},
    {V::patch, METHOD "/integration", O::kUpdateIntegration, "UpdateIntegration", 200},
    {V::delete_, METHOD "/integration", O::kDeleteIntegration, "DeleteIntegration", 204},
    {V::put, METHOD "/integration/responses/{status_code}", O::kPutIntegrationResponse, "PutIntegrationResponse", 201},
    {V::get, METHOD "/integration/responses/{status_code}", O::kGetIntegrationResponse, "GetIntegrationResponse", 200},
    {V::patch, METHOD "/integration/responses/{status_code}", O::kUpdateIntegrationResponse,
     "UpdateIntegrationResponse", 200},
    {V::delete_, METHOD "/integration/responses/{status_code}", O::kDeleteIntegrationResponse,
     "DeleteIntegrationResponse", 204},
    {V::post, "/restapis/{restapi_id}/deployments", O::kCreateDeployment, "CreateDeployment", 201},
    {V::get, "/restapis/{restapi_id}/deployments", O::kGetDeployments, "GetDeployments", 200},
    {V::get, "/restapis/{restapi_id}/deployments/{deployment_id}", O::kGetDeployment, "GetDeployment", 200},
    {V::patch, "/restapis/{restapi_id}/deployments/{deployment_id}", O::kUpdateDeployment, "UpdateDeployment", 200},
    {V::delete_, "/restapis/{restapi_id}/deployments/{deployment_id}", O::kDeleteDeployment, "DeleteDeployment", 202},
    {V::post, "/restapis/{restapi_id}/stages", O::kCreateStage, "CreateStage", 201},
    {V::get, "/restapis/{restapi_id}/stages", O::kGetStages, "GetStages", 200},
    {V::get, "/restapis/{restapi_id}/stages/{stage_name}", O::kGetStage, "GetStage", 200},
    {V::patch, "/restapis/{restapi_id}/stages/{stage_name}", O::kUpdateStage, "UpdateStage", 200},
    {V::delete_, "/restapis/{restapi_id}/stages/{stage_name}", O::kDeleteStage, "DeleteStage", 202},
    {V::delete_, "/restapis/{restapi_id}/stages/{stage_name}/cache/authorizers", O::kFlushStageAuthorizersCache,
     "FlushStageAuthorizersCache", 202},
    {V::post, "/restapis/{restapi_id}/authorizers", O::kCreateAuthorizer, "CreateAuthorizer", 201},
    {V::get, "/restapis/{restapi_id}/authorizers", O::kGetAuthorizers, "GetAuthorizers", 200},
    {V::get, "/restapis/{restapi_id}/authorizers/{authorizer_id}", O::kGetAuthorizer, "GetAuthorizer", 200},
    {V::patch, "/restapis/{restapi_id}/authorizers/{authorizer_id}", O::kUpdateAuthorizer, "UpdateAuthorizer", 200},
    {V::delete_, "/restapis/{restapi_id}/authorizers/{authorizer_id}", O::kDeleteAuthorizer, "DeleteAuthorizer", 202},
    {V::post, "/apikeys", O::kCreateApiKey, "CreateApiKey", 201},
    {V::get, "/apikeys", O::kGetApiKeys, "GetApiKeys", 200},
    {V::get, "/apikeys/{api_Key}", O::kGetApiKey, "GetApiKey", 200},
    {V::patch, "/apikeys/{api_Key}", O::kUpdateApiKey, "UpdateApiKey", 200},
    {V::delete_, "/apikeys/{api_Key}", O::kDeleteApiKey, "DeleteApiKey", 202},
    {V::post, "/usageplans", O::kCreateUsagePlan, "CreateUsagePlan", 201},
    {V::get, "/usageplans", O::kGetUsagePlans, "GetUsagePlans", 200},
    {V::get, "/usageplans/{usageplanId}", O::kGetUsagePlan, "GetUsagePlan", 200},
    {V::patch, "/usageplans/{usageplanId}", O::kUpdateUsagePlan, "UpdateUsagePlan", 200},
    {V::delete_, "/usageplans/{usageplanId}", O::kDeleteUsagePlan, "DeleteUsagePlan", 202},
    {V::post, "/usageplans/{usageplanId}/keys", O::kCreateUsagePlanKey, "CreateUsagePlanKey", 201},
    {V::get, "/usageplans/{usageplanId}/keys", O::kGetUsagePlanKeys, "GetUsagePlanKeys", 200},
    {V::get, "/usageplans/{usageplanId}/keys/{keyId}", O::kGetUsagePlanKey, "GetUsagePlanKey", 200},
    {V::delete_, "/usageplans/{usageplanId}/keys/{keyId}", O::kDeleteUsagePlanKey, "DeleteUsagePlanKey", 202},
    {V::get, "/usageplans/{usageplanId}/usage", O::kGetUsage, "GetUsage", 200},
    {V::put, "/tags/{resource_arn+}", O::kTagResource, "TagResource", 204},
    {V::delete_, "/tags/{resource_arn+}", O::kUntagResource, "UntagResource", 204},
    {V::get, "/tags/{resource_arn+}", O::kGetTags, "GetTags", 200},
}};
#undef METHOD

}  // namespace

std::optional<ControlRoute> MatchControlRoute(http::Verb method, std::string_view path) {
  return MatchRouteTable(kRoutes, method, path);
}

}  // namespace cloudlet::apigateway::rest
