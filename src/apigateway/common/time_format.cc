#include "apigateway/common/time_format.h"

#include <fmt/format.h>

#include <ctime>

namespace cloudlet::apigateway {

int64_t EpochMillis(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

int64_t EpochSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string Iso8601(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, EpochMillis(t) % 1000);
}

std::string ClfTime(std::chrono::system_clock::time_point t) {
  // The same second is formatted by every request in it: keep the last one per thread.
  thread_local std::time_t cached_secs = -1;
  thread_local std::string cached;
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  if (secs != cached_secs) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    cached = fmt::format("{:02}/{}/{:04}:{:02}:{:02}:{:02} +0000", tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900,
                         tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_secs = secs;
  }
  return cached;
}

}  // namespace cloudlet::apigateway
