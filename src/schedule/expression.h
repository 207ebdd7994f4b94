// Schedule expressions as EventBridge rules and EventBridge Scheduler accept
// them. Grammar (whitespace inside the parentheses: single spaces):
//
//   expression = rate | cron | at
//   rate   = "rate(" value " " unit ")"        ; value a positive integer;
//   unit   = "minute" | "hour" | "day"          ; singular when value is 1,
//          | "minutes" | "hours" | "days"       ; plural otherwise
//   cron   = "cron(" minutes " " hours " " day-of-month " " month " " day-of-week " " year ")"
//   field  = item *("," item)                   ; each field's values below
//   item   = "*" [ "/" step ] | value [ "-" value ] [ "/" step ]
//   day-of-month = "?" | "L" | "LW" | n "W" | field    ; 1-31
//   day-of-week  = "?" | "L" | d "L" | d "#" n | field ; 1-7 or SUN-SAT (1 = Sunday), n 1-5
//   minutes 0-59, hours 0-23, month 1-12 or JAN-DEC, year 1970-2199
//   at     = "at(" yyyy "-" mm "-" dd "T" hh ":" mm ":" ss ")"   ; Scheduler only
//
// Exactly one of day-of-month and day-of-week is "?". A range may wrap
// (FRI-MON, 22-2). Examples: rate(5 minutes), cron(0/15 8-17 ? * MON-FRI *),
// cron(0 12 L * ? 2025), at(2025-06-01T09:00:00).
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "schedule/civil_time.h"

namespace cloudlet::schedule {

struct RateExpression {
  int64_t period_seconds = 60;
};

struct CronExpression {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<13> months;      // 1..12
  std::bitset<230> years;      // 1970..2199
  // Day of month, when day-of-week is "?".
  bool day_of_month_any = false;  // the other field is "?" and this is a list
  std::bitset<32> days_of_month;  // 1..31
  bool last_day_of_month = false;         // L
  bool last_weekday_of_month = false;     // LW
  int nearest_weekday_to = 0;             // nW, 0 when unused
  // Day of week (0 = Sunday), when day-of-month is "?".
  bool uses_day_of_week = false;
  std::bitset<7> days_of_week;
  int last_of_weekday = -1;  // dL: the last such weekday of the month
  int nth_weekday = -1;      // d#n: weekday d ...
  int nth = 0;               // ... the nth of the month

  // Whether the calendar day matches the day-of-month / day-of-week fields
  // (months and years are checked separately).
  bool DayMatches(int year, int month, int day) const;
  // The first wall-clock minute >= `from` (seconds ignored, rounded up)
  // that matches, or nullopt when none remains before 2200.
  std::optional<CivilTime> NextMatch(CivilTime from) const;
};

struct AtExpression {
  CivilTime time;
};

using ScheduleExpression = std::variant<RateExpression, CronExpression, AtExpression>;

struct ParsedExpression {
  std::optional<ScheduleExpression> expression;
  std::string error;  // why not, for logs and tests; services answer AWS's own text
};

// `allow_at`: Scheduler accepts at(); EventBridge rules do not.
ParsedExpression ParseScheduleExpression(std::string_view text, bool allow_at);

}  // namespace cloudlet::schedule
