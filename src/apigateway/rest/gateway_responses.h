// REST APIs' gateway responses (APIGW guide "supported-gateway-response-types"):
// the gateway's own answers, with the status, x-amzn-ErrorType and body
// AWS gives (recorded in LocalStack's snapshot tests where it had them):
//
//   MISSING_AUTHENTICATION_TOKEN  403 MissingAuthenticationTokenException {"message":"Missing Authentication Token"}
//   INVALID_API_KEY               403 ForbiddenException                  {"message":"Forbidden"}
//   ACCESS_DENIED                 403 AccessDeniedException               {"Message":"User is not authorized to access this resource[ with an explicit deny]"}
//   UNAUTHORIZED                  401 UnauthorizedException               {"message":"Unauthorized"}
//   THROTTLED                     429 TooManyRequestsException            {"message":"Too Many Requests"}
//   QUOTA_EXCEEDED                429 LimitExceededException              {"message":"Limit Exceeded"}
//   AUTHORIZER_CONFIGURATION_ERROR 500 AuthorizerConfigurationException   {"message": null}
//   INTEGRATION_FAILURE           502 InternalServerErrorException        {"message": "Internal server error"}
//   INTEGRATION_TIMEOUT           504 InternalServerErrorException        {"message": "Endpoint request timed out"}
//   API_CONFIGURATION_ERROR       500 InternalServerErrorException        {"message": "Internal server error"}
//   UNSUPPORTED_MEDIA_TYPE        415 UnsupportedMediaTypeException       {"message":"Unsupported Media Type"}
#pragma once

#include <string_view>

#include "http/message.h"

namespace cloudlet::apigateway::rest {

enum class GatewayResponse {
  kMissingAuthenticationToken,
  kForbidden,         // INVALID_API_KEY, also a disabled execute-api endpoint
  kExplicitDeny,      // ACCESS_DENIED: the authorizer's policy denies
  kNotAllowed,        // ACCESS_DENIED: the policy allows nothing that matches
  kUnauthorized,
  kThrottled,
  kQuotaExceeded,
  kAuthorizerError,   // AUTHORIZER_CONFIGURATION_ERROR / AUTHORIZER_FAILURE
  kIntegrationFailure,
  kIntegrationTimeout,
  kHttpIntegrationFailure,  // an HTTP backend unreachable: 500
  kConfigurationError,      // API_CONFIGURATION_ERROR
  kUnsupportedMediaType,
};

struct GatewayAnswer {
  http::Response response;
  std::string_view type;     // $context.error.responseType, e.g. "MISSING_AUTHENTICATION_TOKEN"
  std::string_view message;  // $context.error.message
};

GatewayAnswer MakeGatewayResponse(GatewayResponse which);

}  // namespace cloudlet::apigateway::rest
