// What both kinds of API do to requests they pass on: substituting an
// integration URI's placeholders, and leaving out hop-by-hop headers.
//   "http://backend/{proxy}"              {proxy} / {proxy+} ← the path parameter
//   "http://${stageVariables.host}/x"     ← the stage variable (empty when unset)
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apigateway/common/request_parts.h"  // PathParams

namespace cloudlet::apigateway {

using StageVariables = std::vector<std::pair<std::string, std::string>>;

std::string SubstituteStageVariables(std::string_view text, const StageVariables& variables);
// {name} and {name+} of each parameter (raw values).
std::string SubstitutePathParams(std::string text, const PathParams& params);
// Connection-level headers (and Host, Content-Length) a proxy does not forward.
bool HopByHop(std::string_view name);

}  // namespace cloudlet::apigateway
