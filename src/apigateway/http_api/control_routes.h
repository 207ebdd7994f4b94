// The apigatewayv2 control plane's REST routes (restJson1), as the botocore
// model's requestUri values give them, e.g.
//   POST   /v2/apis                                 CreateApi  201
//   GET    /v2/apis/{apiId}/routes/{routeId}        GetRoute
//   DELETE /v2/apis/{apiId}/stages/{stageName}/routesettings/{routeKey}
// Templates as common/path_template.h reads them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "apigateway/common/control_request.h"
#include "http/message.h"

namespace cloudlet::apigateway::http_api {

enum class ControlOp {
  kCreateApi, kGetApis, kGetApi, kUpdateApi, kDeleteApi, kDeleteCorsConfiguration,
  kCreateRoute, kGetRoutes, kGetRoute, kUpdateRoute, kDeleteRoute,
  kCreateIntegration, kGetIntegrations, kGetIntegration, kUpdateIntegration, kDeleteIntegration,
  kCreateStage, kGetStages, kGetStage, kUpdateStage, kDeleteStage,
  kDeleteAccessLogSettings, kDeleteRouteSettings, kResetAuthorizersCache,
  kCreateDeployment, kGetDeployments, kGetDeployment, kUpdateDeployment, kDeleteDeployment,
  kCreateAuthorizer, kGetAuthorizers, kGetAuthorizer, kUpdateAuthorizer, kDeleteAuthorizer,
  kTagResource, kUntagResource, kGetTags,
};

using ControlRoute = ControlRouteOf<ControlOp>;

std::optional<ControlRoute> MatchControlRoute(http::Verb method, std::string_view path);

}  // namespace cloudlet::apigateway::http_api
