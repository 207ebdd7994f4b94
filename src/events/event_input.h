// What a rule sends its targets: the scheduled-event document, and the
// target's own shaping of it (Input, InputPath, InputTransformer).
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cloudlet::events {

// {"version":"0","id":<uuid>,"detail-type":"Scheduled Event","source":"aws.events",
//  "account","time":"...Z","region","resources":[rule ARN],"detail":{}}
boost::json::object ScheduledEvent(std::string_view id, std::string_view account, std::string_view region,
                                   std::string_view rule_arn, int64_t time_seconds);

// The value a JSONPath of the subset EventBridge uses ("$", "$.a.b",
// "$.a[0]") selects, or nullopt.
std::optional<boost::json::value> SelectPath(const boost::json::value& root, std::string_view path);

// The payload for one target: Input verbatim when set; else the value at
// InputPath; else InputTransformer's template with each <name> replaced by
// its InputPathsMap value (strings inside quotes are inserted as text,
// anything else as JSON; a missing path gives an empty string / null);
// else the event itself.
std::string TargetPayload(const boost::json::object& target, const boost::json::object& event,
                          std::string_view rule_arn, std::string_view rule_name);

}  // namespace cloudlet::events
