#include "apigateway/http_api/records.h"

#include <fmt/format.h>

#include "apigateway/common/ids.h"
#include "apigateway/http_api/control_plane.h"

namespace cloudlet::apigateway::http_api {

std::string ApiEndpoint(std::string_view api_id, std::string_view port) {
  return fmt::format("http://{}.execute-api.localhost:{}", api_id, port);
}

boost::json::object NewRouteRecord(std::string_view route_key) {
  boost::json::object route;
  route["apiKeyRequired"] = false;
  route["authorizationType"] = "NONE";
  route["routeId"] = NewResourceId(7);
  route["routeKey"] = route_key;
  return route;
}

boost::json::object NewStageRecord(std::string_view stage_name) {
  boost::json::object stage;
  std::string now = NowIso();
  stage["createdDate"] = now;
  boost::json::object defaults;
  defaults["detailedMetricsEnabled"] = false;
  stage["defaultRouteSettings"] = std::move(defaults);
  stage["lastUpdatedDate"] = now;
  stage["routeSettings"] = boost::json::object{};
  stage["stageName"] = stage_name;
  stage["stageVariables"] = boost::json::object{};
  stage["tags"] = boost::json::object{};
  return stage;
}

std::string NewIntegrationId() { return NewResourceId(7); }
std::string NewAuthorizerId() { return NewResourceId(6); }

std::string InvalidRouteKeyMessage(std::string_view route_key) {
  return fmt::format("Invalid route key specified: '{}'. A route key is '$default' or '<METHOD> <path>' where "
                     "METHOD is ANY, GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS",
                     route_key);
}

std::string ApiArn(std::string_view region, std::string_view api_id) {
  return fmt::format("arn:aws:apigateway:{}::/apis/{}", region, api_id);
}

std::string StageArn(std::string_view region, std::string_view api_id, std::string_view stage) {
  return fmt::format("arn:aws:apigateway:{}::/apis/{}/stages/{}", region, api_id, stage);
}

}  // namespace cloudlet::apigateway::http_api
