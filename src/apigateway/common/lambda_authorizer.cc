#include "apigateway/common/lambda_authorizer.h"

#include <boost/json.hpp>

namespace cloudlet::apigateway {
namespace json = boost::json;

std::optional<AuthorizerResult> ReadAuthorizerAnswer(std::string_view payload, const AuthorizerAnswerRules& rules,
                                                     std::string* why) {
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) {
    *why = "the authorizer's response is not a JSON object";
    return std::nullopt;
  }
  const json::object& o = v.as_object();
  AuthorizerResult r;
  if (const json::value* c = o.if_contains("context"); c && !c->is_null()) {
    if (!c->is_object()) {
      *why = "the authorizer's context is not an object";
      return std::nullopt;
    }
    if (rules.primitive_context)
      for (const auto& [k, val] : c->as_object())
        if (val.is_object() || val.is_array()) {
          *why = "the authorizer's context value of '" + std::string(k) + "' is not a string, number or boolean";
          return std::nullopt;
        }
    r.context_json = json::serialize(*c);
  }
  if (const json::value* p = o.if_contains("principalId"); p && p->is_string()) r.principal_id = std::string(p->as_string());
  if (const json::value* k = o.if_contains("usageIdentifierKey"); k && k->is_string())
    r.usage_identifier_key = std::string(k->as_string());
  if (rules.simple_responses) {
    const json::value* ok = o.if_contains("isAuthorized");
    if (!ok || !ok->is_bool()) {
      *why = "the authorizer's simple response has no boolean isAuthorized";
      return std::nullopt;
    }
    r.simple = true;
    r.authorized = ok->as_bool();
    return r;
  }
  const json::value* policy = o.if_contains("policyDocument");
  if (!policy || !policy->is_object()) {
    *why = "the authorizer's response has no policyDocument";
    return std::nullopt;
  }
  r.policy_json = json::serialize(*policy);
  return r;
}

std::string AuthorizerCache::Key(std::string_view api_id, std::string_view authorizer_id,
                                 const std::vector<std::string>& identity) {
  std::string key;
  key.append(api_id).push_back('\0');
  key.append(authorizer_id).push_back('\0');
  for (const auto& v : identity) key.append(v).push_back('\0');
  return key;
}

std::optional<AuthorizerResult> AuthorizerCache::Find(const std::string& key, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = results_.find(key);
  if (it == results_.end()) return std::nullopt;
  if (now < it->second.expires) return it->second;
  results_.erase(it);
  return std::nullopt;
}

void AuthorizerCache::Store(std::string key, AuthorizerResult result) {
  std::lock_guard lock(mu_);
  results_[std::move(key)] = std::move(result);
}

void AuthorizerCache::ResetApi(std::string_view api_id) {
  std::string prefix(api_id);
  prefix.push_back('\0');
  std::lock_guard lock(mu_);
  for (auto it = results_.lower_bound(prefix); it != results_.end() && it->first.starts_with(prefix);)
    it = results_.erase(it);
}

}  // namespace cloudlet::apigateway
