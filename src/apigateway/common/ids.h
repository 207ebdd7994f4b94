// Identifiers as API Gateway shapes them: resource ids of [a-z0-9] (an API
// id has 10 characters, a route or integration 7, a deployment or
// authorizer 6), the data plane's request ids ("Y7ZgUjgGoAMEM5w=": base64
// of 11 random bytes), and X-Ray trace ids ("Root=1-<8 hex time>-<24 hex>").
#pragma once

#include <chrono>
#include <string>

namespace cloudlet::apigateway {

std::string NewResourceId(std::size_t length);
// A secret of [A-Za-z0-9] (generated API key values: 40 characters).
std::string NewKeyValue(std::size_t length);
std::string NewGatewayRequestId();
// A version-4 UUID ("c6af9ac6-7b61-41e6-9a41-93e8deadbeef"), REST APIs' request ids.
std::string NewRequestUuid();
std::string NewTraceId(std::chrono::system_clock::time_point now);

}  // namespace cloudlet::apigateway
