// The two time forms API Gateway writes: ISO 8601 with milliseconds for
// control-plane timestamps ("2024-03-12T19:03:58.123Z"), and the common log
// format of requestContext.time and $context.requestTime
// ("12/Mar/2020:19:03:58 +0000").
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace cloudlet::apigateway {

std::string Iso8601(std::chrono::system_clock::time_point t);
std::string ClfTime(std::chrono::system_clock::time_point t);
int64_t EpochMillis(std::chrono::system_clock::time_point t);
int64_t EpochSeconds(std::chrono::system_clock::time_point t);

}  // namespace cloudlet::apigateway
