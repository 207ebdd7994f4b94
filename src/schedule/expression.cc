#include "schedule/expression.h"

#include <array>
#include <charconv>
#include <vector>

namespace cloudlet::schedule {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct FieldSpec {
  const char* name;
  int min;
  int max;
  const std::string_view* names = nullptr;  // names[i] is value min + i
  int name_count = 0;
};

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    auto at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

bool ParseInt(std::string_view text, int64_t& out) {
  if (text.empty() || text.size() > 12) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  std::from_chars(text.data(), text.data() + text.size(), out);
  return true;
}

bool ParseValue(std::string_view text, const FieldSpec& spec, int& out) {
  for (int i = 0; i < spec.name_count; ++i) {
    std::string_view name = spec.names[i];
    if (text.size() == name.size() && std::equal(text.begin(), text.end(), name.begin(), [](char a, char b) {
          return (a >= 'a' && a <= 'z' ? a - 32 : a) == b;
        })) {
      out = spec.min + i;
      return true;
    }
  }
  int64_t v = 0;
  if (!ParseInt(text, v) || v < spec.min || v > spec.max) return false;
  out = static_cast<int>(v);
  return true;
}

// A plain list field (items of "*", v, v-w, with optional /step) into `set`
// (indexed by value). Empty error when fine.
template <std::size_t N>
std::string ParseList(std::string_view text, const FieldSpec& spec, std::bitset<N>& set, int index_base = 0) {
  for (std::string_view item : Split(text, ',')) {
    std::string_view range = item;
    int step = 1;
    if (auto slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      int64_t s = 0;
      if (!ParseInt(item.substr(slash + 1), s) || s < 1 || s > spec.max - spec.min + 1)
        return std::string("bad step in ") + spec.name;
      step = static_cast<int>(s);
    }
    int first = spec.min, last = spec.max;
    bool explicit_end = false;
    if (range != "*") {
      auto dash = range.find('-', 1);
      if (dash == std::string_view::npos) {
        if (!ParseValue(range, spec, first)) return std::string("bad value in ") + spec.name;
        last = item.find('/') == std::string_view::npos ? first : spec.max;
      } else {
        if (!ParseValue(range.substr(0, dash), spec, first) || !ParseValue(range.substr(dash + 1), spec, last))
          return std::string("bad range in ") + spec.name;
        explicit_end = true;
      }
    }
    int span = spec.max - spec.min + 1;
    int count = last >= first ? last - first : (explicit_end ? last + span - first : -1);
    if (count < 0) return std::string("bad range in ") + spec.name;
    for (int offset = 0; offset <= count; offset += step) {
      int v = first + offset;
      if (v > spec.max) v -= span;  // a wrapping range (FRI-MON)
      set.set(static_cast<std::size_t>(v - index_base));
    }
  }
  return {};
}

std::string ParseDayOfMonth(std::string_view text, CronExpression& cron) {
  if (text == "L") {
    cron.last_day_of_month = true;
    return {};
  }
  if (text == "LW") {
    cron.last_weekday_of_month = true;
    return {};
  }
  if (text.size() >= 2 && text.back() == 'W') {
    int64_t day = 0;
    if (!ParseInt(text.substr(0, text.size() - 1), day) || day < 1 || day > 31) return "bad W in day-of-month";
    cron.nearest_weekday_to = static_cast<int>(day);
    return {};
  }
  cron.day_of_month_any = true;
  return ParseList(text, FieldSpec{"day-of-month", 1, 31}, cron.days_of_month);
}

std::string ParseDayOfWeek(std::string_view text, CronExpression& cron) {
  FieldSpec spec{"day-of-week", 1, 7, kDayNames.data(), 7};
  cron.uses_day_of_week = true;
  if (text == "L") {
    cron.last_of_weekday = 6;  // Saturday, the last day of the week
    return {};
  }
  if (auto hash = text.find('#'); hash != std::string_view::npos) {
    int day = 0;
    int64_t n = 0;
    if (text.find(',') != std::string_view::npos) return "# must be alone in day-of-week";
    if (!ParseValue(text.substr(0, hash), spec, day) || !ParseInt(text.substr(hash + 1), n) || n < 1 || n > 5)
      return "bad # in day-of-week";
    cron.nth_weekday = day - 1;
    cron.nth = static_cast<int>(n);
    return {};
  }
  if (text.size() >= 2 && text.back() == 'L') {
    int day = 0;
    if (!ParseValue(text.substr(0, text.size() - 1), spec, day)) return "bad L in day-of-week";
    cron.last_of_weekday = day - 1;
    return {};
  }
  return ParseList(text, spec, cron.days_of_week, 1);
}

ParsedExpression Error(std::string why) { return ParsedExpression{std::nullopt, std::move(why)}; }

ParsedExpression ParseRate(std::string_view body) {
  auto parts = Split(body, ' ');
  if (parts.size() != 2) return Error("rate needs a value and a unit");
  int64_t value = 0;
  if (!ParseInt(parts[0], value) || value < 1 || value > 1000000000) return Error("rate value must be a positive integer");
  std::string_view unit = parts[1];
  bool plural = unit.ends_with('s');
  std::string_view base = plural ? unit.substr(0, unit.size() - 1) : unit;
  int64_t seconds = base == "minute" ? 60 : base == "hour" ? 3600 : base == "day" ? 86400 : 0;
  if (seconds == 0) return Error("rate unit must be minute(s), hour(s) or day(s)");
  if (plural == (value == 1)) return Error("rate unit must be singular for 1 and plural otherwise");
  return ParsedExpression{RateExpression{value * seconds}, {}};
}

ParsedExpression ParseCron(std::string_view body) {
  auto fields = Split(body, ' ');
  if (fields.size() != 6) return Error("cron needs six fields");
  for (auto f : fields)
    if (f.empty()) return Error("empty cron field");
  CronExpression cron;
  std::string why;
  if (!(why = ParseList(fields[0], FieldSpec{"minutes", 0, 59}, cron.minutes)).empty()) return Error(why);
  if (!(why = ParseList(fields[1], FieldSpec{"hours", 0, 23}, cron.hours)).empty()) return Error(why);
  if (!(why = ParseList(fields[3], FieldSpec{"month", 1, 12, kMonthNames.data(), 12}, cron.months)).empty())
    return Error(why);
  if (!(why = ParseList(fields[5], FieldSpec{"year", 1970, 2199}, cron.years, 1970)).empty()) return Error(why);
  bool dom_question = fields[2] == "?", dow_question = fields[4] == "?";
  if (dom_question == dow_question) return Error("exactly one of day-of-month and day-of-week must be ?");
  if (!dom_question && !(why = ParseDayOfMonth(fields[2], cron)).empty()) return Error(why);
  if (!dow_question && !(why = ParseDayOfWeek(fields[4], cron)).empty()) return Error(why);
  return ParsedExpression{std::move(cron), {}};
}

bool TwoDigits(std::string_view s, std::size_t at, int& out) {
  if (s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return false;
  out = (s[at] - '0') * 10 + (s[at + 1] - '0');
  return true;
}

ParsedExpression ParseAt(std::string_view body) {
  // yyyy-mm-ddThh:mm:ss
  if (body.size() != 19 || body[4] != '-' || body[7] != '-' || body[10] != 'T' || body[13] != ':' || body[16] != ':')
    return Error("at() needs yyyy-mm-ddThh:mm:ss");
  AtExpression at;
  int hi = 0, lo = 0;
  if (!TwoDigits(body, 0, hi) || !TwoDigits(body, 2, lo) || !TwoDigits(body, 5, at.time.month) ||
      !TwoDigits(body, 8, at.time.day) || !TwoDigits(body, 11, at.time.hour) || !TwoDigits(body, 14, at.time.minute) ||
      !TwoDigits(body, 17, at.time.second))
    return Error("at() needs yyyy-mm-ddThh:mm:ss");
  at.time.year = hi * 100 + lo;
  if (at.time.year < 1970 || at.time.month < 1 || at.time.month > 12 || at.time.day < 1 ||
      at.time.day > DaysInMonth(at.time.year, at.time.month) || at.time.hour > 23 || at.time.minute > 59 ||
      at.time.second > 59)
    return Error("at() names no such date and time");
  return ParsedExpression{at, {}};
}

}  // namespace

ParsedExpression ParseScheduleExpression(std::string_view text, bool allow_at) {
  if (!text.ends_with(')')) return Error("expression must end with )");
  if (text.starts_with("rate(")) return ParseRate(text.substr(5, text.size() - 6));
  if (text.starts_with("cron(")) return ParseCron(text.substr(5, text.size() - 6));
  if (allow_at && text.starts_with("at(")) return ParseAt(text.substr(3, text.size() - 4));
  return Error(allow_at ? "expression must be rate(), cron() or at()" : "expression must be rate() or cron()");
}

bool CronExpression::DayMatches(int year, int month, int day) const {
  int days_in_month = DaysInMonth(year, month);
  if (!uses_day_of_week) {
    if (day_of_month_any) return days_of_month.test(static_cast<std::size_t>(day));
    if (last_day_of_month) return day == days_in_month;
    int target = 0;
    if (last_weekday_of_month) {
      target = days_in_month;
      int w = Weekday(year, month, target);
      target -= w == 0 ? 2 : w == 6 ? 1 : 0;
    } else {
      target = nearest_weekday_to;
      if (target > days_in_month) return false;
      int w = Weekday(year, month, target);
      // The nearest weekday within the same month (Quartz's W).
      if (w == 6) target = target == 1 ? 3 : target - 1;
      else if (w == 0) target = target == days_in_month ? target - 2 : target + 1;
    }
    return day == target;
  }
  int weekday = Weekday(year, month, day);
  if (last_of_weekday >= 0) return weekday == last_of_weekday && day + 7 > days_in_month;
  if (nth_weekday >= 0) return weekday == nth_weekday && (day - 1) / 7 + 1 == nth;
  return days_of_week.test(static_cast<std::size_t>(weekday));
}

std::optional<CivilTime> CronExpression::NextMatch(CivilTime from) const {
  if (from.second > 0) {  // round up to the next whole minute
    from.second = 0;
    from = FromUnixSeconds(ToUnixSeconds(from) + 60);
  }
  if (from.year < 1970) from = CivilTime{1970, 1, 1, 0, 0, 0};
  for (int y = from.year; y <= 2199; ++y) {
    if (!years.test(static_cast<std::size_t>(y - 1970))) continue;
    bool first_year = y == from.year;
    for (int mo = first_year ? from.month : 1; mo <= 12; ++mo) {
      if (!months.test(static_cast<std::size_t>(mo))) continue;
      bool first_month = first_year && mo == from.month;
      for (int d = first_month ? from.day : 1; d <= DaysInMonth(y, mo); ++d) {
        if (!DayMatches(y, mo, d)) continue;
        bool first_day = first_month && d == from.day;
        for (int h = first_day ? from.hour : 0; h < 24; ++h) {
          if (!hours.test(static_cast<std::size_t>(h))) continue;
          for (int mi = first_day && h == from.hour ? from.minute : 0; mi < 60; ++mi)
            if (minutes.test(static_cast<std::size_t>(mi))) return CivilTime{y, mo, d, h, mi, 0};
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace cloudlet::schedule
