// What both kinds of API do to requests they pass on: substituting an
// integration URI's placeholders, and leaving out hop-by-hop headers.
//   "http://backend/{proxy}"              {proxy} / {proxy+} ← the path parameter
//   "http://${stageVariables.host}/x"     ← the stage variable (empty when unset)
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apigateway/common/request_parts.h"  // PathParams
#include "http/message.h"

namespace cloudlet::apigateway {

using StageVariables = std::vector<std::pair<std::string, std::string>>;

std::string SubstituteStageVariables(std::string_view text, const StageVariables& variables);
// A stage record's variables map as a list, and as the "{...}" JSON events
// carry (empty when there are none).
void CompileStageVariables(const boost::json::object& map, StageVariables* list, std::string* json);
// {name} and {name+} of each parameter (raw values).
std::string SubstitutePathParams(std::string text, const PathParams& params);
// Connection-level headers (and Host, Content-Length) a proxy does not forward.
bool HopByHop(std::string_view name);
// The request's headers a proxy forwards, with X-Amzn-Trace-Id `trace_id` when the client sent none.
std::vector<std::pair<std::string, std::string>> ForwardedHeaders(const http::Request& request,
                                                                  std::string_view trace_id);
// The backend's answer as the gateway passes it on (hop-by-hop headers left out).
http::Response ProxiedResponse(http::Response&& backend);

}  // namespace cloudlet::apigateway
