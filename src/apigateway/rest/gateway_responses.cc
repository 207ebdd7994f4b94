#include "apigateway/rest/gateway_responses.h"

#include "apigateway/common/gateway_error.h"
#include "apigateway/common/lambda_response.h"

namespace cloudlet::apigateway::rest {

GatewayAnswer MakeGatewayResponse(GatewayResponse which) {
  struct Row {
    unsigned status;
    std::string_view error_type, response_type, message;
    enum { kCompact, kSpaced, kCapital, kNull } body;
  };
  static constexpr Row kRows[] = {
      {403, "MissingAuthenticationTokenException", "MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token",
       Row::kCompact},
      {403, "ForbiddenException", "INVALID_API_KEY", "Forbidden", Row::kCompact},
      {403, "AccessDeniedException", "ACCESS_DENIED",
       "User is not authorized to access this resource with an explicit deny", Row::kCapital},
      {403, "AccessDeniedException", "ACCESS_DENIED", "User is not authorized to access this resource", Row::kCapital},
      {401, "UnauthorizedException", "UNAUTHORIZED", "Unauthorized", Row::kCompact},
      {429, "TooManyRequestsException", "THROTTLED", "Too Many Requests", Row::kCompact},
      {429, "LimitExceededException", "QUOTA_EXCEEDED", "Limit Exceeded", Row::kCompact},
      {500, "AuthorizerConfigurationException", "AUTHORIZER_CONFIGURATION_ERROR", "", Row::kNull},
      {502, "InternalServerErrorException", "INTEGRATION_FAILURE", "Internal server error", Row::kSpaced},
      {504, "InternalServerErrorException", "INTEGRATION_TIMEOUT", "Endpoint request timed out", Row::kSpaced},
      {500, "InternalServerErrorException", "INTEGRATION_FAILURE", "Internal server error", Row::kSpaced},
      {500, "InternalServerErrorException", "API_CONFIGURATION_ERROR", "Internal server error", Row::kSpaced},
      {415, "UnsupportedMediaTypeException", "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", Row::kCompact},
  };
  const Row& row = kRows[static_cast<int>(which)];
  http::Response res;
  switch (row.body) {
    case Row::kCompact: res = GatewayError(row.status, row.message); break;
    case Row::kSpaced: res = RestInternalError(row.status, row.message); break;
    case Row::kCapital:
    case Row::kNull:
      res = http::Response{static_cast<http::beast_http::status>(row.status), 11};
      res.set(http::Field::content_type, "application/json");
      res.body() = row.body == Row::kNull ? std::string("{\"message\":null}")
                                          : "{\"Message\":\"" + std::string(row.message) + "\"}";
      break;
  }
  res.set("x-amzn-ErrorType", row.error_type);
  return GatewayAnswer{std::move(res), row.response_type, row.message};
}

}  // namespace cloudlet::apigateway::rest
