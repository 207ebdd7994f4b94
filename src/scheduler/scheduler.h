// The EventBridge Scheduler service: the restJson1 API of Amazon EventBridge
// Scheduler (signing name "scheduler"; /schedules/{Name},
// /schedule-groups/{Name}, /tags/{ResourceArn}) over the embedded store, and
// the timers that fire schedules. A schedule whose target is a Lambda
// function ARN invokes it asynchronously through `invoke`; other targets are
// kept but not run (logged once per fire). docs/schedules.md lists the
// operations and semantics.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "aws/error.h"
#include "aws/service.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::scheduler {

// Queues an asynchronous (Event) invocation of a function, named by ARN or
// name, with a JSON payload; the server passes Lambda's own.
using InvokeFunctionFn = std::function<aws::Status(std::string_view function, std::string payload)>;

struct SchedulerOptions {
  InvokeFunctionFn invoke;                          // must be set
  std::string zoneinfo_root = "/usr/share/zoneinfo";  // the IANA zones ScheduleExpressionTimezone names
};

// Creates the service and arms the timers of every stored schedule (an at()
// schedule whose time passed while cloudlet was down fires once now;
// recurring schedules resume at their next time, missed fires are not
// replayed). Destroying the service stops every timer: destroy it before
// whatever `invoke` calls into. The store must outlive it. Schedules and
// groups live under key prefix 0x40 (layout in schedule_store.h).
std::unique_ptr<aws::Service> MakeSchedulerService(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                                   SchedulerOptions options);

}  // namespace cloudlet::scheduler
