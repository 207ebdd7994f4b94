#include "schedule/next_fire.h"

namespace cloudlet::schedule {

int64_t AtInstant(const AtExpression& at, const TimeZone& zone) { return zone.FromLocal(at.time).first; }

std::optional<int64_t> FirstFireAtOrAfter(const ScheduleExpression& expression, const TimeZone& zone, int64_t from,
                                          int64_t rate_anchor) {
  if (auto* rate = std::get_if<RateExpression>(&expression)) {
    if (from <= rate_anchor) return rate_anchor;
    int64_t periods = (from - rate_anchor + rate->period_seconds - 1) / rate->period_seconds;
    return rate_anchor + periods * rate->period_seconds;
  }
  if (auto* at = std::get_if<AtExpression>(&expression)) {
    int64_t instant = AtInstant(*at, zone);
    if (instant < from) return std::nullopt;
    return instant;
  }
  const auto& cron = std::get<CronExpression>(expression);
  CivilTime local = zone.ToLocal(from);
  // Each pass moves at least one wall-clock minute on; skipped and
  // second-pass times are stepped over.
  for (int guard = 0; guard < 100000; ++guard) {
    auto match = cron.NextMatch(local);
    if (!match) return std::nullopt;
    LocalMapping mapping = zone.FromLocal(*match);
    if (mapping.kind != LocalMapping::kSkipped && mapping.first >= from) return mapping.first;
    local = FromUnixSeconds(ToUnixSeconds(*match) + 60);
  }
  return std::nullopt;
}

}  // namespace cloudlet::schedule
