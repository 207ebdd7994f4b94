// New records as API Gateway fills their defaults, and a few texts and
// values the operation files share.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "apigateway/common/lambda_uri.h"
#include "apigateway/http_api/route_key.h"

namespace cloudlet::apigateway::http_api {

inline constexpr int64_t kDefaultTimeoutMillis = 30000;

// "http://<apiId>.execute-api.localhost:<port>"
std::string ApiEndpoint(std::string_view api_id, std::string_view port);

// A route with AuthorizationType NONE, no target; a new routeId.
boost::json::object NewRouteRecord(std::string_view route_key);
// A stage with empty settings, dated now.
boost::json::object NewStageRecord(std::string_view stage_name);

std::string InvalidRouteKeyMessage(std::string_view route_key);

// Ids: 7 characters for integrations, 6 for authorizers.
std::string NewIntegrationId();
std::string NewAuthorizerId();

// arn:aws:apigateway:<region>::/apis/<apiId>[/stages/<stage>]
std::string ApiArn(std::string_view region, std::string_view api_id);
std::string StageArn(std::string_view region, std::string_view api_id, std::string_view stage);

}  // namespace cloudlet::apigateway::http_api
