// The subset of CloudWatch Logs filter patterns cloudlet understands: terms
// matched as case-sensitive substrings of the message.
//
//   pattern = { term } ;
//   term    = [ "?" | "-" ] ( word | '"' phrase '"' ) ;
//
//   ERROR              messages containing "ERROR"
//   ERROR timeout      messages containing both
//   "request failed"   messages containing the phrase
//   ?ERROR ?WARN       messages containing at least one of the "?" terms
//   ERROR -retry       messages containing ERROR but not "retry"
//
// Not supported (Parse returns an error): JSON patterns ({ $.field = ... }),
// space-delimited patterns ([ip, user, ...]) and regular expressions (%...%).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlet::logs {

class FilterPattern {
 public:
  // The pattern, or nullopt with *error set to a one-line reason.
  static std::optional<FilterPattern> Parse(std::string_view text, std::string* error);

  // True when `message` satisfies every required term, no excluded term,
  // and (when there are any) at least one optional term. Cost: one substring
  // search per term.
  bool Matches(std::string_view message) const;

 private:
  std::vector<std::string> required_;
  std::vector<std::string> excluded_;
  std::vector<std::string> optional_;
};

}  // namespace cloudlet::logs
