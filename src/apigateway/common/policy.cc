#include "apigateway/common/policy.h"

#include <boost/json.hpp>

namespace cloudlet::apigateway {
namespace json = boost::json;
namespace {

bool AnyMatches(const json::value* v, std::string_view text) {
  if (!v) return false;
  if (v->is_string()) return WildcardMatch(v->as_string(), text);
  if (v->is_array())
    for (const auto& item : v->as_array())
      if (item.is_string() && WildcardMatch(item.as_string(), text)) return true;
  return false;
}

}  // namespace

bool WildcardMatch(std::string_view pattern, std::string_view text) {
  // Iterative glob with backtracking to the last '*'.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p, ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

PolicyDecision EvaluatePolicy(std::string_view policy_document_json, std::string_view route_arn) {
  boost::system::error_code ec;
  json::value v = json::parse(policy_document_json, ec);
  if (ec || !v.is_object()) return PolicyDecision::kNoAllow;
  const json::value* statements = v.as_object().if_contains("Statement");
  if (!statements) return PolicyDecision::kNoAllow;
  json::array list;
  if (statements->is_array()) list = statements->as_array();
  else if (statements->is_object()) list.push_back(*statements);
  bool allowed = false;
  for (const auto& s : list) {
    if (!s.is_object()) continue;
    const json::object& o = s.as_object();
    const json::value* effect = o.if_contains("Effect");
    if (!effect || !effect->is_string()) continue;
    if (!AnyMatches(o.if_contains("Action"), "execute-api:Invoke")) continue;
    if (!AnyMatches(o.if_contains("Resource"), route_arn)) continue;
    if (effect->as_string() == "Deny") return PolicyDecision::kExplicitDeny;
    if (effect->as_string() == "Allow") allowed = true;
  }
  return allowed ? PolicyDecision::kAllow : PolicyDecision::kNoAllow;
}

}  // namespace cloudlet::apigateway
