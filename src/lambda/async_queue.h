// The durable queue of asynchronous invocations (InvocationType Event,
// InvokeAsync, and the services that trigger functions). An event is written
// to the store before its caller is answered; a dispatcher thread runs due
// events on the Invoker, several at once, and an event's record is removed
// (or replaced by its retry) only once its outcome is final, so events queued
// or running when cloudlet stops run after the next start: at least once.
//
// What happens to an event (Lambda guide "invocation-async"):
//   * function error: retried up to MaximumRetryAttempts (default 2), after
//     retry_base, then 2 × retry_base;
//   * throttled (429) or a service error (5xx): retried with back-off from
//     retry_base / 60 doubling up to 5 × retry_base, until the event is older
//     than MaximumEventAgeInSeconds (default 6 h);
//   * its function was deleted: dropped (logged);
//   * final: the event invoke config's OnSuccess / OnFailure destination gets
//     an invocation record; a Lambda destination is queued here like any event.
// Every retry of an event keeps its request id, as Lambda's do.
//
// Key layout (under Lambda's prefix 0x20, see function_store.h):
//   0x20 'Q' <due time: epoch ms, 8 bytes big-endian> <sequence: 8 bytes big-endian>  →  QueuedEvent as JSON
// Keys order by due time, so the dispatcher reads the due events from the
// front. In memory it keeps only the keys now running and the due time
// before which the queue is known to be empty.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>

#include "aws/error.h"
#include "lambda/event_invoke_config.h"
#include "lambda/invoker.h"
#include "storage/kv_store.h"

namespace cloudlet::lambda {

struct QueuedEvent {
  std::string request_id;   // kept by every retry
  std::string region;
  std::string account_id;
  std::string function_name;
  std::optional<std::string> qualifier;  // as the caller gave it
  std::string payload;      // JSON text
  int64_t enqueued_ms = 0;  // epoch ms, when first queued: the event's age counts from here
  int attempts = 0;         // invocations that ended in a function error so far
  int throttles = 0;        // attempts refused by throttling or service errors so far
};

std::string EncodeQueuedEvent(const QueuedEvent& event);
std::optional<QueuedEvent> DecodeQueuedEvent(std::string_view json);

// The key of an event due at `due_ms`; `sequence` tells apart events due the same millisecond.
std::string QueuedEventKey(int64_t due_ms, uint64_t sequence);

// What Lambda sends a destination: the invocation record.
enum class DestinationCondition { kSuccess, kRetriesExhausted, kEventAgeExceeded };
struct InvocationOutcome {
  std::optional<std::string> executed_version;  // unset when the function never ran
  std::optional<std::string> function_error;
  std::string response_payload;                 // JSON text, when it ran
};
std::string InvocationRecord(const QueuedEvent& event, std::string_view function_arn, DestinationCondition condition,
                             int approximate_invoke_count, const InvocationOutcome& outcome, int64_t now_ms);

struct AsyncQueueOptions {
  // Back-off before the first retry after a function error (the second waits twice as long).
  std::chrono::milliseconds retry_base{60000};
  // Events running at once.
  std::size_t max_running = 16;
};

class AsyncQueue : public std::enable_shared_from_this<AsyncQueue> {
 public:
  // The FunctionSpec an event runs, resolved each time it runs; an AwsError
  // ResourceNotFoundException when the function (or its qualifier) is gone.
  using ResolveFn = std::function<aws::Result<FunctionSpec>(std::string_view region, std::string_view account_id,
                                                            std::string_view name,
                                                            std::optional<std::string_view> qualifier)>;

  // `store` and `invoker` must outlive the queue's use: call Stop before
  // shutting the invoker down. `resolve` is not called after Stop returns.
  static std::shared_ptr<AsyncQueue> Make(storage::KvStore& store, Invoker& invoker, ResolveFn resolve,
                                          AsyncQueueOptions options);
  ~AsyncQueue();

  // Starts the dispatcher, which first finds the events left by a previous run.
  void Start();
  // Stops the dispatcher and waits for it. Invocations still running keep
  // their records (they run again after a restart). Idempotent.
  void Stop();

  // Writes `event` (enqueued_ms set to now when 0), due now, and wakes the
  // dispatcher. ServiceException after Stop or when the store fails.
  aws::Status Enqueue(QueuedEvent event);
  // As Enqueue, after checking that the function exists at its qualifier
  // (ResourceNotFoundException otherwise): for callers that have not looked it up.
  aws::Status EnqueueIfFunctionExists(QueuedEvent event);

  // The event invoke configs the queue applies (same store).
  EventInvokeConfigStore& configs() { return configs_; }

  // Events now running (for tests and health).
  std::size_t running() const;

 private:
  AsyncQueue(storage::KvStore& store, Invoker& invoker, ResolveFn resolve, AsyncQueueOptions options);

  struct Due {
    std::string key;
    QueuedEvent event;
  };
  void Dispatch();
  // Reads up to `limit` due events not running; sets *next_due_ms to the
  // due time of the first later event (0 when none).
  std::vector<Due> ScanDue(int64_t now_ms, std::size_t limit, int64_t* next_due_ms);
  void Run(Due due);
  void Finish(const Due& due, const FunctionSpec* spec, const EventInvokeConfig& config,
              aws::Result<InvokeResult> result);
  // Removes `due`'s record, adds `retry` (when set) and the destination
  // event (when set) in one atomic write; then lets the dispatcher go on.
  void Complete(const std::string& key, std::optional<QueuedEvent> retry, int64_t retry_due_ms,
                std::optional<QueuedEvent> destination_event);
  // Delivers the invocation record to `destination` (nullopt: none configured).
  std::optional<QueuedEvent> DestinationEvent(const std::optional<std::string>& destination, const QueuedEvent& event,
                                              std::string_view function_arn, DestinationCondition condition,
                                              int invoke_count, const InvocationOutcome& outcome);
  void Released(const std::string& key, int64_t lowest_new_due_ms);
  uint64_t NextSequence() { return sequence_.fetch_add(1); }

  storage::KvStore& store_;
  Invoker& invoker_;
  ResolveFn resolve_;
  AsyncQueueOptions options_;
  EventInvokeConfigStore configs_;

  // Held shared while an enqueue or a dispatch uses `resolve_`, exclusively by Stop.
  std::shared_mutex lifetime_mutex_;
  bool stopped_ = false;  // guarded by lifetime_mutex_

  mutable std::mutex mutex_;
  std::condition_variable wake_cv_;
  bool wake_ = false;
  bool stopping_ = false;
  std::set<std::string> running_;  // keys of the events now running
  // No event is due before this (epoch ms): scans start here, so they skip
  // the deleted records of events already done. Lowered by every write below it.
  int64_t scan_from_ms_ = 0;
  std::atomic<uint64_t> sequence_{0};
  std::thread dispatcher_;
};

}  // namespace cloudlet::lambda
