// Calendar arithmetic on the proleptic Gregorian calendar, without time
// zones: a civil (wall-clock) date and time, and its conversion to and from
// seconds since the Unix epoch as if it were UTC. Time zones (time_zone.h)
// add or subtract their offsets around these.
#pragma once

#include <cstdint>
#include <string>

namespace cloudlet::schedule {

struct CivilTime {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  auto operator<=>(const CivilTime&) const = default;
};

// Days since 1970-01-01 of a date (negative before).
int64_t DaysFromCivil(int year, int month, int day);
int DaysInMonth(int year, int month);
// 0 = Sunday .. 6 = Saturday.
int Weekday(int year, int month, int day);

// Seconds since the epoch of `t` read as UTC, and back.
int64_t ToUnixSeconds(const CivilTime& t);
CivilTime FromUnixSeconds(int64_t seconds);

// "2024-03-10T02:30:00Z" (UTC, second precision), as AWS prints event times.
std::string FormatIso8601Utc(int64_t seconds);

}  // namespace cloudlet::schedule
