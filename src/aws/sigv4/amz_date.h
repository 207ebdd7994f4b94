// The two request-time formats SigV4 accepts: X-Amz-Date's ISO 8601 basic
// form "20150830T123600Z" and, when that header is absent, the HTTP Date
// header's IMF-fixdate "Sun, 30 Aug 2015 12:36:00 GMT" (what botocore sends
// when the caller set Date). All times are UTC with one-second resolution.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cloudlet::aws::sigv4 {

using Seconds = std::chrono::sys_seconds;

// Parses exactly "yyyymmddThhmmssZ"; nullopt for anything else, including
// impossible dates such as 20150230.
std::optional<Seconds> ParseAmzDate(std::string_view text);

// Parses an IMF-fixdate ("Sun, 30 Aug 2015 12:36:00 GMT", zone also "UTC",
// "-0000" or "+0000"); the weekday is not checked. nullopt when malformed.
std::optional<Seconds> ParseHttpDate(std::string_view text);

// "yyyymmddThhmmssZ".
std::string FormatAmzDate(Seconds time);

}  // namespace cloudlet::aws::sigv4
