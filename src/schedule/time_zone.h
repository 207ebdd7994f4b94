// IANA time zones read from the host's compiled database
// (/usr/share/zoneinfo, Debian package tzdata): a reader of TZif files
// (RFC 8536, versions 1 to 4) and of the POSIX TZ rule in their footer,
// which gives the offsets after the last listed transition (the "slim"
// files list none beyond the present). GCC 12's libstdc++ has no
// std::chrono::tzdb, hence this reader.
//
// POSIX TZ grammar of the footer (RFC 8536 section 3.3):
//   tz     = std offset [ dst [ offset ] [ "," rule "," rule ] ]
//   std    = dst = 3*ALPHA | "<" 1*(ALNUM | "+" | "-") ">"
//   offset = [ "+" | "-" ] hh [ ":" mm [ ":" ss ] ]    ; west of Greenwich is positive
//   rule   = date [ "/" time ]                          ; time may be negative, up to 167h
//   date   = "J" n (1..365, no Feb 29) | n (0..365) | "M" m "." w "." d
// e.g. "EST5EDT,M3.2.0,M11.1.0", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schedule/civil_time.h"

namespace cloudlet::schedule {

// How a wall-clock time maps to instants in a zone.
struct LocalMapping {
  enum Kind { kUnique, kSkipped, kRepeated } kind = kUnique;
  // kUnique: the instant. kRepeated: the earlier of the two (first pass).
  // kSkipped (in a spring-forward gap): the instant the wall clock shows
  // this time shifted by the gap (02:30 in a 02:00->03:00 gap -> 03:30).
  int64_t first = 0;
  int64_t second = 0;  // kRepeated: the later instant; else == first
};

class TimeZone {
 public:
  // Parses a TZif file's bytes; nullopt with *error set when malformed.
  static std::optional<TimeZone> Parse(std::string_view bytes, std::string* error);
  // UTC itself (no file needed).
  static TimeZone Utc();

  // Seconds east of UTC in effect at the instant `utc`.
  int32_t OffsetAt(int64_t utc) const;
  LocalMapping FromLocal(const CivilTime& local) const;
  CivilTime ToLocal(int64_t utc) const { return FromUnixSeconds(utc + OffsetAt(utc)); }

 private:
  struct PosixRule {
    struct Date {
      char kind = 'M';  // 'J' (1..365, no leap day), 'N' (0..365), 'M' (month.week.weekday)
      int a = 0, b = 0, c = 0;
      int32_t time = 7200;  // seconds after local midnight
    };
    int32_t std_offset = 0;  // seconds east
    int32_t dst_offset = 0;
    bool has_dst = false;
    Date start, end;
    int32_t OffsetAt(int64_t utc) const;
  };
  static std::optional<PosixRule> ParsePosix(std::string_view text);

  std::vector<int64_t> transitions_;
  std::vector<int32_t> offsets_after_;  // offset in effect from transitions_[i] on
  int32_t initial_offset_ = 0;          // before the first transition
  std::optional<PosixRule> footer_;
};

// Loads zones by IANA name from a zoneinfo directory and keeps them.
// Thread-safe.
class ZoneDatabase {
 public:
  explicit ZoneDatabase(std::string root = "/usr/share/zoneinfo") : root_(std::move(root)) {}
  // The zone, or null when the name is not a zone (no such file, a
  // directory, a malformed file, or a name leaving the root).
  std::shared_ptr<const TimeZone> Find(std::string_view name);

 private:
  std::string root_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> zones_;
};

}  // namespace cloudlet::schedule
