// Stages as records: a new stage with AWS's defaults, stage names and
// variables as AWS checks them, and the method settings UpdateStage patches
// ("*/*" for every method, "pets/{id}/GET" for one).
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

#include "apigateway/rest/patch.h"
#include "aws/error.h"

namespace cloudlet::apigateway::rest {

// cacheClusterEnabled false, cacheClusterStatus NOT_AVAILABLE, methodSettings {},
// tracingEnabled false, dated now.
boost::json::object NewStageRecord(std::string_view stage_name);
// 1-128 of [A-Za-z0-9_-].
aws::Status CheckStageName(std::string_view name);
// Names of [A-Za-z0-9_] (at most 64), values at most 512 characters.
aws::Status CheckStageVariables(const boost::json::object& variables);

// One patch operation of UpdateStage applied to the stage record. The
// deployment it may name is checked by the caller.
aws::Status ApplyStagePatch(boost::json::object& stage, const PatchOp& op);

// The method setting of `resource_path` ("/pets/{id}", "/" for the root)
// and `method` ("GET", "ANY") in a stage, else the stage's "*/*", else null.
const boost::json::object* MethodSettingFor(const boost::json::object& stage, std::string_view resource_path,
                                            std::string_view method);

}  // namespace cloudlet::apigateway::rest
