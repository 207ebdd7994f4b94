// A Lambda authorizer's answer (APIGW guide "api-gateway-lambda-authorizer-output",
// "http-api-lambda-authorizer"), read once and cached per identity:
//   {"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[...]},
//    "context":{"k":"v","n":1},"usageIdentifierKey":"<api key value>"}
//   {"isAuthorized":true,"context":{...}}        HTTP API simple responses
// A cached answer keeps what the decision needs, since a cached IAM policy
// is evaluated again for each method ARN it is used for.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlet::apigateway {

struct AuthorizerResult {
  bool simple = false;
  bool authorized = false;                // simple responses
  std::string policy_json;                // IAM policy responses: the policyDocument
  std::string context_json = "{}";
  std::string principal_id;
  std::string usage_identifier_key;       // REST: the API key when apiKeySource is AUTHORIZER
  std::chrono::steady_clock::time_point expires;
};

struct AuthorizerAnswerRules {
  bool simple_responses = false;   // HTTP API REQUEST authorizers 2.0 with EnableSimpleResponses
  bool primitive_context = false;  // REST: context values must be strings, numbers or booleans
};

// The answer checked against the rules; nullopt with `why` when it breaks them.
std::optional<AuthorizerResult> ReadAuthorizerAnswer(std::string_view payload, const AuthorizerAnswerRules& rules,
                                                     std::string* why);

// Answers by API, authorizer and identity-source values, until they expire.
// Thread-safe; one lock per lookup.
class AuthorizerCache {
 public:
  // "apiId\0authorizerId\0value\0value\0..."
  static std::string Key(std::string_view api_id, std::string_view authorizer_id,
                         const std::vector<std::string>& identity);
  // A live entry; an expired one is removed.
  std::optional<AuthorizerResult> Find(const std::string& key, std::chrono::steady_clock::time_point now);
  void Store(std::string key, AuthorizerResult result);
  // Forgets every answer of the API (its configuration changed, or a reset was asked for).
  void ResetApi(std::string_view api_id);

 private:
  std::mutex mu_;
  std::map<std::string, AuthorizerResult, std::less<>> results_;
};

}  // namespace cloudlet::apigateway
