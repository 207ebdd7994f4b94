#include "apigateway/http_api/control_routes.h"

#include <array>


namespace cloudlet::apigateway::http_api {
namespace {

using V = http::Verb;
using O = ControlOp;
constexpr std::array<RouteEntry<ControlOp>, 37> kRoutes = {{
    {V::post, "/v2/apis", O::kCreateApi, "CreateApi", 201},
    {V::get, "/v2/apis", O::kGetApis, "GetApis", 200},
    {V::get, "/v2/apis/{apiId}", O::kGetApi, "GetApi", 200},
    {V::patch, "/v2/apis/{apiId}", O::kUpdateApi, "UpdateApi", 200},
    {V::delete_, "/v2/apis/{apiId}", O::kDeleteApi, "DeleteApi", 204},
    {V::delete_, "/v2/apis/{apiId}/cors", O::kDeleteCorsConfiguration, "DeleteCorsConfiguration", 204},
    {V::post, "/v2/apis/{apiId}/routes", O::kCreateRoute, "CreateRoute", 201},
    {V::get, "/v2/apis/{apiId}/routes", O::kGetRoutes, "GetRoutes", 200},
    {V::get, "/v2/apis/{apiId}/routes/{routeId}", O::kGetRoute, "GetRoute", 200},
    {V::patch, "/v2/apis/{apiId}/routes/{routeId}", O::kUpdateRoute, "UpdateRoute", 200},
    {V::delete_, "/v2/apis/{apiId}/routes/{routeId}", O::kDeleteRoute, "DeleteRoute", 204},
    {V::post, "/v2/apis/{apiId}/integrations", O::kCreateIntegration, "CreateIntegration", 201},
    {V::get, "/v2/apis/{apiId}/integrations", O::kGetIntegrations, "GetIntegrations", 200},
    {V::get, "/v2/apis/{apiId}/integrations/{integrationId}", O::kGetIntegration, "GetIntegration", 200},
    {V::patch, "/v2/apis/{apiId}/integrations/{integrationId}", O::kUpdateIntegration, "UpdateIntegration", 200},
    {V::delete_, "/v2/apis/{apiId}/integrations/{integrationId}", O::kDeleteIntegration, "DeleteIntegration", 204},
    {V::post, "/v2/apis/{apiId}/stages", O::kCreateStage, "CreateStage", 201},
    {V::get, "/v2/apis/{apiId}/stages", O::kGetStages, "GetStages", 200},
    {V::get, "/v2/apis/{apiId}/stages/{stageName}", O::kGetStage, "GetStage", 200},
    {V::patch, "/v2/apis/{apiId}/stages/{stageName}", O::kUpdateStage, "UpdateStage", 200},
    {V::delete_, "/v2/apis/{apiId}/stages/{stageName}", O::kDeleteStage, "DeleteStage", 204},
    {V::delete_, "/v2/apis/{apiId}/stages/{stageName}/accesslogsettings", O::kDeleteAccessLogSettings,
     "DeleteAccessLogSettings", 204},
    {V::delete_, "/v2/apis/{apiId}/stages/{stageName}/routesettings/{routeKey}", O::kDeleteRouteSettings,
     "DeleteRouteSettings", 204},
    {V::delete_, "/v2/apis/{apiId}/stages/{stageName}/cache/authorizers", O::kResetAuthorizersCache,
     "ResetAuthorizersCache", 204},
    {V::post, "/v2/apis/{apiId}/deployments", O::kCreateDeployment, "CreateDeployment", 201},
    {V::get, "/v2/apis/{apiId}/deployments", O::kGetDeployments, "GetDeployments", 200},
    {V::get, "/v2/apis/{apiId}/deployments/{deploymentId}", O::kGetDeployment, "GetDeployment", 200},
    {V::patch, "/v2/apis/{apiId}/deployments/{deploymentId}", O::kUpdateDeployment, "UpdateDeployment", 200},
    {V::delete_, "/v2/apis/{apiId}/deployments/{deploymentId}", O::kDeleteDeployment, "DeleteDeployment", 204},
    {V::post, "/v2/apis/{apiId}/authorizers", O::kCreateAuthorizer, "CreateAuthorizer", 201},
    {V::get, "/v2/apis/{apiId}/authorizers", O::kGetAuthorizers, "GetAuthorizers", 200},
    {V::get, "/v2/apis/{apiId}/authorizers/{authorizerId}", O::kGetAuthorizer, "GetAuthorizer", 200},
    {V::patch, "/v2/apis/{apiId}/authorizers/{authorizerId}", O::kUpdateAuthorizer, "UpdateAuthorizer", 200},
    {V::delete_, "/v2/apis/{apiId}/authorizers/{authorizerId}", O::kDeleteAuthorizer, "DeleteAuthorizer", 204},
    {V::post, "/v2/tags/{resource-arn+}", O::kTagResource, "TagResource", 201},
    {V::delete_, "/v2/tags/{resource-arn+}", O::kUntagResource, "UntagResource", 204},
    {V::get, "/v2/tags/{resource-arn+}", O::kGetTags, "GetTags", 200},
}};

}  // namespace

std::optional<ControlRoute> MatchControlRoute(http::Verb method, std::string_view path) {
  return MatchRouteTable(kRoutes, method, path);
}

}  // namespace cloudlet::apigateway::http_api
