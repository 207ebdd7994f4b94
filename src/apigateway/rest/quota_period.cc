#include "apigateway/rest/quota_period.h"

#include <fmt/format.h>

#include <chrono>

#include "apigateway/rest/errors.h"

namespace cloudlet::apigateway::rest {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

year_month_day Ymd(int64_t day) { return year_month_day{sys_days{days{day}}}; }

}  // namespace

std::optional<QuotaPeriod> ParseQuotaPeriod(std::string_view text) {
  if (text == "DAY") return QuotaPeriod::kDay;
  if (text == "WEEK") return QuotaPeriod::kWeek;
  if (text == "MONTH") return QuotaPeriod::kMonth;
  return std::nullopt;
}

aws::Status CheckQuotaOffset(QuotaPeriod period, int64_t offset) {
  int64_t max = period == QuotaPeriod::kDay ? 0 : period == QuotaPeriod::kWeek ? 6 : 27;
  if (offset < 0 || offset > max)
    return errors::BadRequest(fmt::format("Invalid quota offset {}: must be between 0 and {} for period {}", offset,
                                          max, period == QuotaPeriod::kDay ? "DAY"
                                               : period == QuotaPeriod::kWeek ? "WEEK" : "MONTH"));
  return aws::OkStatus();
}

int64_t PeriodStart(QuotaPeriod period, int64_t offset, int64_t day) {
  switch (period) {
    case QuotaPeriod::kDay:
      return day;
    case QuotaPeriod::kWeek: {
      int64_t weekday = ((day % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday (4)
      return day - ((weekday - offset) % 7 + 7) % 7;
    }
    case QuotaPeriod::kMonth: {
      year_month_day ymd = Ymd(day);
      unsigned start_day = static_cast<unsigned>(offset) + 1;
      auto ym = ymd.year() / ymd.month();
      if (static_cast<unsigned>(ymd.day()) < start_day) ym -= std::chrono::months{1};
      return sys_days{ym / std::chrono::day{start_day}}.time_since_epoch().count();
    }
  }
  return day;
}

int64_t DayOfEpochSeconds(int64_t seconds) { return seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400; }

std::string DayText(int64_t day) {
  year_month_day ymd = Ymd(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::optional<int64_t> ParseDayText(std::string_view text) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  m = (text[5] - '0') * 10 + (text[6] - '0');
  d = (text[8] - '0') * 10 + (text[9] - '0');
  year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd}.time_since_epoch().count();
}

}  // namespace cloudlet::apigateway::rest
