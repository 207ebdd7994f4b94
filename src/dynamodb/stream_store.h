// DynamoDB Streams in the store: the streams of every table (enabled ones
// and disabled ones still readable), their records, and the ChangeCapture
// that writes a record in the same batch as the item change it describes.
//
// Key layout (DynamoDB's prefixes, see database.h; integers big-endian):
//   0x13 stream-id(4) sequence(8)  -> staged-at epoch ms(8) + record JSON (as GetRecords returns it)
//   0x14 stream-id(4)              -> the stream (JSON: ARN, label, table, view type, key schema,
//                                     status, sequence range, trimmed-below)
// Stream ids come from the table-id counter (Database::NewIndexId), so a
// stream's records never mix with another's.
//
// One shard per stream: every record of a stream is in its one shard, which
// is closed (EndingSequenceNumber) when the stream is disabled. Sequence
// numbers are allocated per stream while the item's lock is held, so
// records of one item are in write order. Records of different items may
// commit out of sequence order (two writers, or a transaction that staged a
// record and then failed): a reader that meets a missing sequence number
// waits for the writes in flight (Database::WaitForWritesInFlight) once,
// after which the gap is final; so no reader ever skips a record that
// commits later.
//
// Retention: records older than `retention` (24 h) are trimmed, and a
// disabled stream is forgotten `retention` after it was disabled, by a
// background thread every `trim_interval`.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "aws/error.h"
#include "dynamodb/database.h"
#include "dynamodb/stream_records.h"

namespace cloudlet::dynamodb {

struct StreamState {
  // Fixed at creation.
  uint32_t id = 0;
  std::string arn;
  std::string label;
  std::string region;
  std::string account;
  std::string table_name;
  std::string shard_id;
  std::string key_schema;  // the table's KeySchema, JSON text
  StreamViewType view = StreamViewType::kNewAndOldImages;
  int64_t created_ms = 0;
  uint64_t start_sequence = 0;

  std::atomic<bool> enabled{true};
  std::atomic<uint64_t> next_sequence{0};
  // Every sequence number below this is final: committed, or never will be.
  std::atomic<uint64_t> settled_below{0};
  // The oldest sequence number not trimmed.
  std::atomic<uint64_t> trimmed_below{0};
  // Set once when disabled (guarded by StreamStore's catalog lock).
  int64_t disabled_ms = 0;
  uint64_t end_next = 0;  // next_sequence when the shard closed

  // EndingSequenceNumber of the closed shard.
  std::optional<uint64_t> EndingSequence() const;
};

using StreamPtr = std::shared_ptr<StreamState>;

struct StreamStoreOptions {
  std::chrono::milliseconds retention{std::chrono::hours(24)};
  std::chrono::milliseconds trim_interval{std::chrono::minutes(1)};
  // Tests drive trimming themselves.
  bool background_trim = true;
};

class StreamStore final : public ChangeCapture {
 public:
  StreamStore(Database& db, StreamStoreOptions options = {});
  ~StreamStore() override;

  // ---- ChangeCapture ----
  bool Enabled(const Table& table) const override { return table.stream_id != 0; }
  aws::Status Stage(const Table& table, std::string_view key, const boost::json::object* old_item,
                    std::string_view old_text, const boost::json::object* new_item, std::string_view new_text,
                    ChangeOrigin origin, storage::WriteBatch& batch) override;

  // ---- catalog ----
  // A new, enabled stream of `table` (its region, name and key schema): an
  // id, a label unique among all streams (creation ms, later than every
  // earlier stream's), the shard. The caller sets table.stream_id and
  // publishes the table; Discard undoes this when that fails.
  aws::Result<StreamPtr> Create(const Table& table, StreamViewType view, std::string_view account);
  void Discard(uint32_t stream_id);
  // Closes the stream's shard once the writes that may still record into it
  // are done (call after the table no longer names the stream).
  aws::Status Disable(uint32_t stream_id);
  StreamPtr Find(std::string_view arn) const;
  StreamPtr FindById(uint32_t stream_id) const;
  // Every stream kept, oldest first.
  std::vector<StreamPtr> List() const;

  // ---- records ----
  struct ReadResult {
    std::vector<std::string> records;  // record JSON texts, in sequence order
    uint64_t next_position = 0;        // where the next read starts
    bool end_of_shard = false;         // the shard is closed and read to its end
  };
  // Records from `position` (a sequence number) on, at most `limit` and about
  // `max_bytes`. Positions below the trim horizon read from the horizon.
  aws::Result<ReadResult> Read(StreamState& stream, uint64_t position, std::size_t limit,
                               std::size_t max_bytes = 1 << 20);

  // Trims records older than the retention and forgets streams disabled for
  // longer; `now_ms` is the epoch time to judge by.
  void TrimExpired(int64_t now_ms);

 private:
  void Load();
  aws::Status Persist(const StreamState& stream, storage::WriteBatch* batch = nullptr);
  void TrimLoop(std::stop_token stop);

  Database& db_;
  StreamStoreOptions options_;
  mutable std::shared_mutex mu_;
  std::map<uint32_t, StreamPtr> streams_;
  std::map<std::string, StreamPtr, std::less<>> by_arn_;
  int64_t last_created_ms_ = 0;  // guarded by mu_

  std::mutex trim_mu_;
  std::condition_variable_any trim_cv_;
  std::jthread trimmer_;
};

// Keys, for tests.
std::string StreamRecordKey(uint32_t stream_id, uint64_t sequence);

}  // namespace cloudlet::dynamodb
