// The errors of the apigatewayv2 control plane, as its model names them:
// NotFoundException 404 (with "resourceType"), BadRequestException 400,
// ConflictException 409, TooManyRequestsException 429. Bodies are
// {"message": ...} with X-Amzn-ErrorType, as restJson1 renders them.
// Not-found texts follow AWS's "Invalid API identifier specified
// <account>:<apiId>".
#pragma once

#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::apigateway::http_api::errors {

inline aws::AwsError BadRequest(std::string message) {
  return aws::AwsError::Make(400, "BadRequestException", std::move(message));
}
inline aws::AwsError Conflict(std::string message) {
  return aws::AwsError::Make(409, "ConflictException", std::move(message));
}
aws::AwsError NotFound(std::string_view resource_type, std::string message);
// "Invalid API identifier specified 000000000000:abc1234567"
aws::AwsError ApiNotFound(std::string_view account_id, std::string_view api_id);
// "Invalid Route identifier specified 000000000000:abc1234" (and Integration,
// Deployment, Authorizer); "Invalid stage identifier specified" for stages.
aws::AwsError ChildNotFound(std::string_view what, std::string_view account_id, std::string_view id);
aws::AwsError StageNotFound(std::string_view stage_name);

}  // namespace cloudlet::apigateway::http_api::errors
