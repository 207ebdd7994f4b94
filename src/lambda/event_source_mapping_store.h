// Event source mappings (CreateEventSourceMapping) and their pollers'
// checkpoints, kept in the store.
//
// Key layout (under Lambda's prefix 0x20, see function_store.h):
//   0x20 'M' <uuid>   →  EventSourceMapping as JSON
//   0x20 'C' <uuid>   →  StreamCheckpoint as JSON: where the mapping's poller resumes
// A checkpoint advances only after a batch is done (delivered, or sent to
// the failure destination), so a restart redelivers at most the batch in
// flight: at least once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"
#include "storage/kv_store.h"

namespace cloudlet::lambda {

struct EventSourceMapping {
  std::string uuid;
  std::string region;
  std::string account_id;
  std::string function_name;
  std::optional<std::string> qualifier;  // as the request named it
  std::string event_source_arn;          // a DynamoDB stream ARN
  int batch_size = 100;
  int maximum_batching_window_seconds = 0;
  int parallelization_factor = 1;
  std::string starting_position;          // TRIM_HORIZON | LATEST
  std::string filter_criteria;            // FilterCriteria JSON text, empty when none
  int maximum_retry_attempts = -1;        // -1: until the record expires
  int maximum_record_age_seconds = -1;    // -1: the stream's retention
  bool bisect_batch_on_function_error = false;
  int tumbling_window_seconds = 0;
  bool report_batch_item_failures = false;  // FunctionResponseTypes ["ReportBatchItemFailures"]
  std::optional<std::string> on_failure;    // DestinationConfig.OnFailure.Destination
  bool enabled = true;
  // Creating, Enabling, Enabled, Disabling, Disabled, Updating, Deleting.
  std::string state = "Creating";
  std::string state_transition_reason = "USER_INITIATED";
  std::string last_processing_result = "No records processed";
  double last_modified = 0;  // epoch seconds

  std::string FunctionArn() const;
  std::string MappingArn() const;
};

std::string EncodeEventSourceMapping(const EventSourceMapping& mapping);
std::optional<EventSourceMapping> DecodeEventSourceMapping(std::string_view json);
// EventSourceMappingConfiguration as Lambda returns it.
std::string EventSourceMappingJson(const EventSourceMapping& mapping);

// Where a poller resumes: after `after_sequence` once a batch was done;
// before that, a shard iterator taken at the starting position (so records
// written between creation and the first batch are not lost on a restart).
struct StreamCheckpoint {
  std::string shard_id;
  std::optional<std::string> after_sequence;
  std::optional<std::string> iterator;
  int64_t saved_ms = 0;
};

class EventSourceMappingStore {
 public:
  explicit EventSourceMappingStore(storage::KvStore& store) : store_(store) {}

  aws::Result<std::optional<EventSourceMapping>> Get(std::string_view uuid) const;
  aws::Status Put(const EventSourceMapping& mapping);
  // Removes the mapping and its checkpoint.
  aws::Status Delete(std::string_view uuid);
  // Every mapping, in UUID order.
  aws::Result<std::vector<EventSourceMapping>> List() const;

  aws::Result<std::optional<StreamCheckpoint>> GetCheckpoint(std::string_view uuid) const;
  aws::Status PutCheckpoint(std::string_view uuid, const StreamCheckpoint& checkpoint);
  aws::Status DeleteCheckpoint(std::string_view uuid);

 private:
  storage::KvStore& store_;
};

}  // namespace cloudlet::lambda
