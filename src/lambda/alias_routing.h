// Aliases: the rules of their names and of RoutingConfig, and how an alias
// with AdditionalVersionWeights picks the version an invocation runs.
//
//   {"AdditionalVersionWeights": {"2": 0.25}}   75% primary, 25% version 2
// At most one additional version, its weight in [0, 1), never the primary
// version itself, and never with a $LATEST primary (Lambda's rules).
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <string_view>

#include "aws/error.h"
#include "lambda/function_store.h"

namespace cloudlet::lambda {

// Name: 1-128 of [a-zA-Z0-9-_], not all digits (it would read as a version).
aws::Status ValidateAliasName(std::string_view name);
// FunctionVersion: "$LATEST" or a version number.
aws::Status ValidateAliasVersion(std::string_view version);

// The weights of a RoutingConfig member for an alias whose primary version
// is `primary`: empty when the config is absent or empty. Checks shape,
// weights and the rules above; whether the version exists is the caller's.
aws::Result<std::map<std::string, double>> ParseRoutingConfig(const boost::json::value& routing_config,
                                                              std::string_view primary);

// The version an invocation through `alias` runs: `unit` is uniform in
// [0, 1); below the additional version's weight picks that version.
std::string ChooseAliasVersion(const AliasRecord& alias, double unit);

// A uniform draw in [0, 1) from a per-thread generator.
double RandomUnit();

}  // namespace cloudlet::lambda
