// What REST Lambda authorizers are configured with, read once: their
// identity sources and the function their URI names.
//
//   identitySource = source { "," source }          spaces around commas ignored
//   source         = "method.request.header." name | "method.request.querystring." name
//                  | "stageVariables." name | "context." name
//   e.g. "method.request.header.Authorization", "method.request.header.X, method.request.querystring.q"
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlet::apigateway::rest {

struct IdentitySource {
  enum Kind { kHeader, kQuery, kStageVariable, kContext };
  Kind kind;
  std::string name;  // header names lower-cased
};

std::optional<std::vector<IdentitySource>> ParseIdentitySources(std::string_view text);

// The function of arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<functionArn>/invocations.
std::optional<std::string> AuthorizerFunction(std::string_view uri);

}  // namespace cloudlet::apigateway::rest
