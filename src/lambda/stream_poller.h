// The pollers of DynamoDB stream event source mappings: one thread per
// enabled mapping reads its stream through the Streams API (LambdaOptions::
// call_dynamodb_streams), gathers up to BatchSize records (waiting up to
// MaximumBatchingWindowInSeconds), drops those no filter matches, and
// invokes the function synchronously on the Invoker with
// {"Records":[... each with eventSourceARN]}, one batch at a time, in
// sequence order; failures follow stream_batches.h. The checkpoint
// (event_source_mapping_store.h) moves only after a batch is done, so a
// restart resumes with the batch that was in flight.
//
// Control-plane changes restart or stop a mapping's poller without waiting
// for it (an io thread never blocks here); Stop joins every thread.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"
#include "lambda/event_source_mapping_store.h"
#include "lambda/invoker.h"
#include "storage/kv_store.h"

namespace cloudlet::lambda {

struct StreamPollerOptions {
  // The Streams API: operation name and request JSON → answer JSON.
  std::function<aws::Result<std::string>(std::string_view operation, std::string_view request_json)> call_streams;
  // The FunctionSpec a mapping's function runs, resolved for every batch.
  std::function<aws::Result<FunctionSpec>(std::string_view region, std::string_view account_id,
                                          std::string_view name, std::optional<std::string_view> qualifier)>
      resolve;
  // Where a failed batch's record goes (OnFailure). Default: the server log,
  // since cloudlet serves no SQS, SNS or S3 yet.
  std::function<void(const EventSourceMapping& mapping, std::string_view destination, const std::string& record)>
      deliver_failure;
  std::chrono::milliseconds poll_interval{250};  // Lambda polls a shard 4 times a second
  std::chrono::milliseconds retry_delay{500};    // before retrying a failed batch (doubles to 16 ×)
};

class StreamPollers {
 public:
  StreamPollers(storage::KvStore& store, Invoker& invoker, StreamPollerOptions options);
  ~StreamPollers();

  EventSourceMappingStore& mappings() { return mappings_; }

  // Starts a poller for every enabled mapping in the store (after a restart).
  void Start();
  // Stops every poller and waits for their threads. Idempotent.
  void Stop();
  // After a control-plane change: (re)starts the mapping's poller when it is
  // enabled, stops it otherwise.
  void Apply(const EventSourceMapping& mapping);
  // The mapping is gone: stops its poller.
  void Remove(std::string_view uuid);
  // "No records processed", "OK" or "PROBLEM: ..." as the poller last saw it.
  std::string LastProcessingResult(const EventSourceMapping& mapping) const;

  class Poller;

 private:
  void Retire(std::shared_ptr<Poller> poller);

  EventSourceMappingStore mappings_;
  Invoker& invoker_;
  StreamPollerOptions options_;
  mutable std::mutex mu_;
  bool stopped_ = false;
  std::map<std::string, std::shared_ptr<Poller>, std::less<>> active_;
  std::vector<std::shared_ptr<Poller>> retired_;  // stopping; joined by Stop or when done
};

// The record Lambda sends the OnFailure destination for a stream batch.
std::string StreamFailureRecord(const EventSourceMapping& mapping, std::string_view request_id,
                                std::string_view condition, int invoke_count,
                                const std::optional<InvokeResult>& last_result, std::string_view shard_id,
                                std::string_view first_sequence, std::string_view last_sequence,
                                int64_t first_arrival_ms, int64_t last_arrival_ms, std::size_t batch_size,
                                int64_t now_ms);

}  // namespace cloudlet::lambda
