// When a schedule fires next. Times are seconds since the epoch (UTC).
//
// How wall-clock schedules meet daylight saving time, as EventBridge
// Scheduler documents it: a cron time that does not exist on the day clocks
// spring forward is skipped; a cron time that occurs twice when they fall
// back fires once (the first time). A rate is elapsed time, whatever the
// clocks do: rate(1 day) is every 24 hours from its anchor. An at() time
// inside a spring-forward gap is read with the offset before the gap
// (02:30 becomes 03:30 daylight time).
#pragma once

#include <cstdint>
#include <optional>

#include "schedule/expression.h"
#include "schedule/time_zone.h"

namespace cloudlet::schedule {

// The instant an at() expression names in `zone`.
int64_t AtInstant(const AtExpression& at, const TimeZone& zone);

// The first fire at or after `from`: for a rate, anchor + k * period
// (k >= 0); for a cron, the first matching minute in `zone`; for at(), its
// instant if not before `from`. nullopt when the schedule never fires again.
std::optional<int64_t> FirstFireAtOrAfter(const ScheduleExpression& expression, const TimeZone& zone, int64_t from,
                                          int64_t rate_anchor);

}  // namespace cloudlet::schedule
