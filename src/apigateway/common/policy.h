// The IAM policy a Lambda authorizer returns, evaluated for one route ARN
// (APIGW guide "api-gateway-lambda-authorizer-output"):
//   {"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke",
//     "Effect":"Allow","Resource":["arn:aws:execute-api:us-east-1:123:abc/*/GET/*"]}]}
// Allowed when a statement with Effect Allow matches and none with Deny
// does. Action and Resource may be a string or a list; in both '*' matches
// any run of characters and '?' one character. REST APIs answer the two
// refusals differently (an explicit Deny, or no Allow), so the evaluation
// tells them apart.
#pragma once

#include <string_view>

namespace cloudlet::apigateway {

enum class PolicyDecision { kAllow, kNoAllow, kExplicitDeny };

PolicyDecision EvaluatePolicy(std::string_view policy_document_json, std::string_view route_arn);
inline bool PolicyAllows(std::string_view policy_document_json, std::string_view route_arn) {
  return EvaluatePolicy(policy_document_json, route_arn) == PolicyDecision::kAllow;
}
bool WildcardMatch(std::string_view pattern, std::string_view text);

}  // namespace cloudlet::apigateway
