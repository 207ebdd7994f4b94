// A schedule's definition: the members CreateSchedule and UpdateSchedule
// take (UpdateSchedule replaces them all), validated into the stored
// document, and the times the definition fires at.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

#include "aws/error.h"
#include "schedule/time_zone.h"

namespace cloudlet::scheduler {

// Validates the definition members of a Create/UpdateSchedule body and
// returns them as stored (defaults filled in: State ENABLED,
// ActionAfterCompletion NONE, Target.RetryPolicy 86400 s / 185 attempts).
// `now` (epoch seconds) judges EndDate. ValidationException in AWS's words.
aws::Result<boost::json::object> ValidateDefinition(const boost::json::object& body, schedule::ZoneDatabase& zones,
                                                    double now);

// The first time (epoch seconds) at or after `from` that the stored
// definition fires, honouring StartDate and EndDate (recurring schedules
// only) and its time zone; nullopt when it never fires again. An at()
// schedule names its one time even when that is before `from`.
std::optional<int64_t> NextFire(const boost::json::object& doc, schedule::ZoneDatabase& zones, int64_t from);

// Whether the definition is a one-time at() schedule.
bool IsOneTime(const boost::json::object& doc);

}  // namespace cloudlet::scheduler
