// The EventBridge service: rules and targets on the default event bus
// (awsJson 1.1, X-Amz-Target "AWSEvents.<Operation>") over the embedded
// store. Rules with a ScheduleExpression fire on timers (UTC) and invoke
// their Lambda function targets asynchronously with the scheduled-event
// document (or the target's Input / InputPath / InputTransformer). Rules
// with only an EventPattern are kept; PutEvents matching is not
// implemented. docs/schedules.md lists the operations.
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

namespace cloudlet::events {

// Queues an asynchronous (Event) invocation of a function with a JSON payload.
using InvokeFunctionFn = std::function<aws::Status(std::string_view function, std::string payload)>;

struct EventsOptions {
  InvokeFunctionFn invoke;  // must be set
};

// Creates the service and arms every stored scheduled rule (missed fires
// are not replayed). Destroying it stops the timers: destroy it before what
// `invoke` calls into. Rules live under key prefix 0x41:
//   0x41 region 0x00 rule-name -> rule document (DescribeRule's shape plus
//                                 "cloudlet:Targets" and "cloudlet:Created")
std::unique_ptr<aws::Service> MakeEventsService(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                                EventsOptions options);

}  // namespace cloudlet::events
