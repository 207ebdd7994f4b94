// The Lambda function an integration or authorizer URI names (both kinds of
// API take it in the API Gateway invocation ARN form):
//   arn:aws:lambda:us-east-1:000000000000:function:fn[:qualifier]        → itself
//   arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/<that>/invocations → <that>
// nullopt for anything else. ${stageVariables.x} in the function part is kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cloudlet::apigateway {

std::optional<std::string> LambdaFunctionOfUri(std::string_view uri);

}  // namespace cloudlet::apigateway
