// Log groups, log streams and their events over the KvStore (layout in
// log_keys.h). Reads take no lock; writes that read a record first (create,
// delete, append) are serialised by one mutex, so concurrent appends to a
// stream never lose a sequence number or a timestamp bound.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"
#include "logs/log_keys.h"
#include "storage/kv_store.h"
#include "storage/write_batch.h"

namespace cloudlet::logs {

// The error factories of the service, with AWS's exact texts.
namespace errors {
aws::AwsError GroupNotFound();
aws::AwsError StreamNotFound();
aws::AwsError GroupExists();
aws::AwsError StreamExists();
aws::AwsError InvalidParameter(std::string message);
aws::AwsError Storage(const storage::Status& status);
}  // namespace errors

struct LogGroup {
  std::string name;
  int64_t creation_time = 0;
};

struct LogStream {
  std::string name;
  int64_t creation_time = 0;
  std::optional<int64_t> first_event_timestamp;
  std::optional<int64_t> last_event_timestamp;
  std::optional<int64_t> last_ingestion_time;
  uint64_t next_sequence = 1;  // sequence of the next event appended
  int64_t stored_bytes = 0;
};

struct InputEvent {
  int64_t timestamp = 0;
  std::string_view message;
};

// Events for one stream, for AppendMany.
struct StreamAppend {
  std::string_view region, group, stream;
  std::span<const InputEvent> events;
};

struct LogEvent {
  Position position;
  int64_t ingestion_time = 0;
  std::string message;
};

class LogStore {
 public:
  explicit LogStore(storage::KvStore& store) : store_(store) {}

  aws::Status CreateGroup(std::string_view region, std::string_view group, int64_t now_ms);
  // Removes the group, its streams and events (two range deletes, O(1) writes).
  aws::Status DeleteGroup(std::string_view region, std::string_view group);
  aws::Result<LogGroup> GetGroup(std::string_view region, std::string_view group);
  // Groups whose name starts with `prefix` and sorts after `after` (empty:
  // from the first), in name order, at most `limit`. Cost: one range scan.
  aws::Result<std::vector<LogGroup>> ListGroups(std::string_view region, std::string_view prefix,
                                                std::string_view after, std::size_t limit);

  aws::Status CreateStream(std::string_view region, std::string_view group, std::string_view stream, int64_t now_ms);
  aws::Result<LogStream> GetStream(std::string_view region, std::string_view group, std::string_view stream);
  // Every stream of the group whose name starts with `prefix`, in name order.
  // Cost: one range scan over the group's stream records.
  aws::Result<std::vector<LogStream>> ListStreams(std::string_view region, std::string_view group,
                                                  std::string_view prefix);

  // Appends the events (already validated) and returns the updated stream.
  // With `create`, a missing group or stream is created first. One atomic
  // batch: the events and the stream record.
  aws::Result<LogStream> Append(std::string_view region, std::string_view group, std::string_view stream,
                                std::span<const InputEvent> events, int64_t now_ms, bool create = false);

  // Appends to several streams (creating missing groups and streams) in one
  // atomic batch: one store write for a whole flush of the LogWriter.
  aws::Status AppendMany(std::span<const StreamAppend> appends, int64_t now_ms);

  // Events of one stream with position in [from, to): the first `limit` of
  // them when `forward`, else the last `limit`; returned in ascending order
  // either way. Cost: one range scan reading at most `limit` events.
  aws::Result<std::vector<LogEvent>> ReadEvents(std::string_view region, std::string_view group,
                                                std::string_view stream, Position from, Position to, bool forward,
                                                std::size_t limit);

 private:
  // Under write_mu_: puts `events` and the updated stream record into
  // `batch`, reading the stream record unless `staged` holds it already.
  aws::Result<LogStream> Stage(storage::WriteBatch& batch, std::string_view region, std::string_view group,
                               std::string_view stream, std::span<const InputEvent> events, int64_t now_ms,
                               bool create, std::map<std::string, LogStream, std::less<>>& staged);

  storage::KvStore& store_;
  std::mutex write_mu_;
};

}  // namespace cloudlet::logs
