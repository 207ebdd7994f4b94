#include "apigateway/common/gateway_error.h"

#include "aws/protocol/protocols.h"

namespace cloudlet::apigateway {

http::Response GatewayError(unsigned status, std::string_view message) {
  http::Response res{static_cast<http::beast_http::status>(status), 11};
  res.set(http::Field::content_type, "application/json");
  std::string body = "{\"message\":\"";
  aws::AppendJsonEscaped(body, message);
  body += "\"}";
  res.body() = std::move(body);
  return res;
}

}  // namespace cloudlet::apigateway
