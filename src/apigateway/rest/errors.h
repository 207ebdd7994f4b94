// The errors of the apigateway (v1) control plane, with the texts AWS
// gives (recorded against AWS in LocalStack's snapshot tests where it had
// them): NotFoundException 404, BadRequestException 400, ConflictException
// 409, LimitExceededException 429, TooManyRequestsException 429,
// UnauthorizedException 401, and the framework's ValidationException and
// SerializationException (400). Bodies are {"message": ...} with
// X-Amzn-ErrorType, as restJson1 renders them.
#pragma once

#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::apigateway::rest::errors {

inline aws::AwsError NotFound(std::string message) {
  return aws::AwsError::Make(404, "NotFoundException", std::move(message));
}
inline aws::AwsError BadRequest(std::string message) {
  return aws::AwsError::Make(400, "BadRequestException", std::move(message));
}
inline aws::AwsError Conflict(std::string message) {
  return aws::AwsError::Make(409, "ConflictException", std::move(message));
}
inline aws::AwsError LimitExceeded(std::string message) {
  return aws::AwsError::Make(429, "LimitExceededException", std::move(message));
}
inline aws::AwsError Validation(std::string message) {
  return aws::AwsError::Make(400, "ValidationException", std::move(message));
}

// "Invalid API identifier specified 000000000000:abc1234567"
aws::AwsError ApiNotFound(std::string_view account_id, std::string_view api_id);
inline aws::AwsError ResourceNotFound() { return NotFound("Invalid Resource identifier specified"); }
inline aws::AwsError MethodNotFound() { return NotFound("Invalid Method identifier specified"); }
inline aws::AwsError IntegrationNotFound() { return NotFound("Invalid Integration identifier specified"); }
inline aws::AwsError ResponseNotFound() { return NotFound("Invalid Response status code specified"); }
inline aws::AwsError StageNotFound() { return NotFound("Invalid Stage identifier specified"); }
inline aws::AwsError DeploymentNotFound() { return NotFound("Invalid Deployment identifier specified"); }
inline aws::AwsError AuthorizerNotFound() { return NotFound("Invalid Authorizer identifier specified"); }
inline aws::AwsError ApiKeyNotFound() { return NotFound("Invalid API Key identifier specified"); }
inline aws::AwsError UsagePlanNotFound() { return NotFound("Invalid Usage Plan ID specified"); }

// A body member of the wrong JSON type, as AWS's deserializer words it:
// "class java.lang.Boolean can not be converted to an String".
aws::AwsError Serialization(std::string_view given_json_type, std::string_view wanted);
// "1 validation error detected: Value 'x' at 'statusCode' failed to satisfy
// constraint: Member must satisfy regular expression pattern: [1-5]\d\d"
aws::AwsError InvalidStatusCode(std::string_view value);

}  // namespace cloudlet::apigateway::rest::errors
