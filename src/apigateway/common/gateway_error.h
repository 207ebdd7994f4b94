// The gateway's own answers on the data plane: {"message":"<message>"} as
// application/json with `status` ("Not Found", "Too Many Requests", ...),
// the shape both kinds of API use.
#pragma once

#include <string_view>

#include "http/message.h"

namespace cloudlet::apigateway {

http::Response GatewayError(unsigned status, std::string_view message);

}  // namespace cloudlet::apigateway
