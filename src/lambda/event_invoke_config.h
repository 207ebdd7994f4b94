// Event invoke configs: how Lambda treats a function's asynchronous
// invocations (PutFunctionEventInvokeConfig): retries after function errors,
// the maximum age of an event, and where records of successes and failures go.
// One config per function and qualifier ($LATEST, a version or an alias).
//
// Key layout (under Lambda's prefix 0x20, see function_store.h):
//   0x20 'E' <region> 0x00 <function name> 0x00 <qualifier>  →  EventInvokeConfig as JSON
// One function's configs are one contiguous range, so FunctionStore::Delete
// removes them with the function and List scans them in qualifier order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"
#include "storage/kv_store.h"

namespace cloudlet::lambda {

// Lambda's defaults when a config leaves a member out (or none exists).
inline constexpr int kDefaultMaximumRetryAttempts = 2;
inline constexpr int kDefaultMaximumEventAgeSeconds = 21600;

struct EventInvokeConfig {
  std::string region;
  std::string function_name;
  std::string qualifier = "$LATEST";
  // Members as given; absent members are not reported and take the defaults above.
  std::optional<int> maximum_retry_attempts;
  std::optional<int> maximum_event_age_seconds;
  std::optional<std::string> on_success;  // destination ARN
  std::optional<std::string> on_failure;
  double last_modified = 0;  // epoch seconds, as Lambda reports LastModified

  int retry_attempts() const { return maximum_retry_attempts.value_or(kDefaultMaximumRetryAttempts); }
  int event_age_seconds() const { return maximum_event_age_seconds.value_or(kDefaultMaximumEventAgeSeconds); }
};

std::string EncodeEventInvokeConfig(const EventInvokeConfig& config);
std::optional<EventInvokeConfig> DecodeEventInvokeConfig(std::string_view json);

// The key of one config, and the [begin, end) range of all configs of a function.
std::string EventInvokeConfigKey(std::string_view region, std::string_view name, std::string_view qualifier);
std::pair<std::string, std::string> EventInvokeConfigRange(std::string_view region, std::string_view name);

class EventInvokeConfigStore {
 public:
  explicit EventInvokeConfigStore(storage::KvStore& store) : store_(store) {}

  // nullopt when absent; ServiceException when the store fails.
  aws::Result<std::optional<EventInvokeConfig>> Get(std::string_view region, std::string_view name,
                                                    std::string_view qualifier) const;
  aws::Status Put(const EventInvokeConfig& config);
  aws::Status Delete(std::string_view region, std::string_view name, std::string_view qualifier);
  // Every config of the function, in qualifier order.
  aws::Result<std::vector<EventInvokeConfig>> List(std::string_view region, std::string_view name) const;

 private:
  storage::KvStore& store_;
};

}  // namespace cloudlet::lambda
