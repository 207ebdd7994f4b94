// Lambda's event filtering (FilterCriteria of an event source mapping): a
// record goes to the function when any of the mapping's filter patterns
// matches it. A pattern is JSON text in Lambda's (EventBridge's) pattern
// language:
//
//   pattern  = "{" field ":" rule { "," field ":" rule } "}"      every field must match
//            | "{" "\"$or\"" ":" "[" pattern { "," pattern } "]" ... "}"   any of the patterns
//   rule     = pattern                                            the field is an object matching it
//            | "[" matcher { "," matcher } "]"                    any matcher matches the field
//   matcher  = string | number | true | false | null              equal to it ("" matches empty)
//            | {"prefix": string} | {"suffix": string}
//            | {"equals-ignore-case": string}
//            | {"anything-but": literal | [literal...] | {"prefix": s} | {"suffix": s}
//                               | {"equals-ignore-case": s | [s...]}}
//            | {"numeric": [op, number] | [op, number, op, number]}   op: = < <= > >=
//            | {"exists": true | false}
//
// A field whose value is an array matches when any element does; a missing
// field matches only {"exists": false}; numbers compare as numbers.
// Examples:
//   {"eventName": ["INSERT", "MODIFY"]}
//   {"dynamodb": {"NewImage": {"status": {"S": [{"anything-but": ["done"]}]}}}}
//   {"dynamodb": {"Keys": {"pk": {"S": [{"prefix": "user#"}]}}}}
#pragma once

#include <boost/json/value.hpp>

#include <memory>
#include <string_view>
#include <vector>

#include "aws/error.h"

namespace cloudlet::lambda {

class FilterPattern {
 public:
  // InvalidParameterValueException "Invalid filter pattern definition." for
  // text that is not a pattern of the grammar above.
  static aws::Result<FilterPattern> Parse(std::string_view text);
  bool Matches(const boost::json::value& event) const;

  struct Node;  // a compiled pattern object

 private:
  std::shared_ptr<const Node> root_;
};

// The mapping's filters: a record passes when there are none or any matches.
class EventFilter {
 public:
  EventFilter() = default;
  explicit EventFilter(std::vector<FilterPattern> patterns) : patterns_(std::move(patterns)) {}
  // From FilterCriteria JSON ({"Filters":[{"Pattern":"..."}]}); an empty text is no filter.
  static aws::Result<EventFilter> FromCriteria(std::string_view criteria_json);
  bool Passes(const boost::json::value& event) const;
  bool empty() const { return patterns_.empty(); }

 private:
  std::vector<FilterPattern> patterns_;
};

}  // namespace cloudlet::lambda
