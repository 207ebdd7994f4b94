#include "lambda/stream_poller.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <ctime>
#include <future>
#include <stop_token>
#include <thread>

#include "http/request_context.h"
#include "lambda/event_filter.h"
#include "lambda/stream_batches.h"

namespace cloudlet::lambda {
namespace json = boost::json;

namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string IsoTime(int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, int(ms % 1000));
}

// A record as fetched: the record object (eventSourceARN added), its
// sequence number and arrival time.
struct Fetched {
  json::value record;
  std::string sequence;
  int64_t arrival_ms = 0;
};

}  // namespace

std::string StreamFailureRecord(const EventSourceMapping& mapping, std::string_view request_id,
                                std::string_view condition, int invoke_count,
                                const std::optional<InvokeResult>& last_result, std::string_view shard_id,
                                std::string_view first_sequence, std::string_view last_sequence,
                                int64_t first_arrival_ms, int64_t last_arrival_ms, std::size_t batch_size,
                                int64_t now_ms) {
  json::object request{{"requestId", request_id},
                       {"functionArn", mapping.FunctionArn()},
                       {"condition", condition},
                       {"approximateInvokeCount", invoke_count}};
  json::object out;
  out["requestContext"] = std::move(request);
  if (last_result) {
    json::object response{{"statusCode", 200}, {"executedVersion", last_result->executed_version}};
    if (last_result->function_error) response["functionError"] = *last_result->function_error;
    out["responseContext"] = std::move(response);
  }
  out["version"] = "1.0";
  out["timestamp"] = IsoTime(now_ms);
  out["DDBStreamBatchInfo"] = json::object{{"shardId", shard_id},
                                           {"startSequenceNumber", first_sequence},
                                           {"endSequenceNumber", last_sequence},
                                           {"approximateArrivalOfFirstRecord", IsoTime(first_arrival_ms)},
                                           {"approximateArrivalOfLastRecord", IsoTime(last_arrival_ms)},
                                           {"batchSize", batch_size},
                                           {"streamArn", mapping.event_source_arn}};
  return json::serialize(out);
}

// One mapping's poller: its thread and what it last saw.
class StreamPollers::Poller {
 public:
  Poller(EventSourceMapping mapping, EventSourceMappingStore& store, Invoker& invoker,
         const StreamPollerOptions& options)
      : mapping_(std::move(mapping)), store_(store), invoker_(invoker), options_(options) {}

  void Start() {
    thread_ = std::jthread([this](std::stop_token stop) {
      Run(stop);
      done_ = true;
    });
  }
  void RequestStop() {
    thread_.request_stop();
    std::lock_guard lock(wake_mu_);
    wake_cv_.notify_all();
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  bool done() const { return done_.load(); }
  const EventSourceMapping& mapping() const { return mapping_; }
  std::string last_result() const {
    std::lock_guard lock(result_mu_);
    return last_result_;
  }

 private:
  void SetResult(std::string result) {
    std::lock_guard lock(result_mu_);
    last_result_ = std::move(result);
  }
  // Sleeps up to `d`; false when stopping.
  bool Sleep(std::stop_token& stop, std::chrono::milliseconds d) {
    std::unique_lock lock(wake_mu_);
    wake_cv_.wait_for(lock, stop, d, [] { return false; });
    return !stop.stop_requested();
  }

  aws::Result<json::object> Call(std::string_view operation, const json::object& request) {
    auto answer = options_.call_streams(operation, json::serialize(request));
    CLOUDLET_TRY(answer);
    boost::system::error_code ec;
    json::value v = json::parse(*answer, ec);
    if (ec || !v.is_object()) return aws::AwsError::Make(500, "ServiceException", "unreadable Streams answer");
    return std::move(v.get_object());
  }

  // The shard and an iterator where the checkpoint says to resume.
  aws::Result<std::string> Position(bool ignore_saved_iterator) {
    auto described = Call("DescribeStream", {{"StreamArn", mapping_.event_source_arn}});
    CLOUDLET_TRY(described);
    const auto& shards = described->at("StreamDescription").at("Shards").as_array();
    if (shards.empty()) return aws::AwsError::Make(500, "ServiceException", "the stream has no shard");
    shard_id_ = std::string(shards[0].at("ShardId").as_string());
    auto checkpoint = store_.GetCheckpoint(mapping_.uuid);
    CLOUDLET_TRY(checkpoint);
    json::object request{{"StreamArn", mapping_.event_source_arn}, {"ShardId", shard_id_}};
    if (*checkpoint && (*checkpoint)->after_sequence) {
      last_done_ = (*checkpoint)->after_sequence;
      request["ShardIteratorType"] = "AFTER_SEQUENCE_NUMBER";
      request["SequenceNumber"] = *last_done_;
      auto it = Call("GetShardIterator", request);
      if (it.ok()) return std::string(it->at("ShardIterator").as_string());
      if (it.error().code != "TrimmedDataAccessException") return it.take_error();
      request.erase("SequenceNumber");
      request["ShardIteratorType"] = "TRIM_HORIZON";
    } else if (*checkpoint && (*checkpoint)->iterator && !ignore_saved_iterator) {
      return *(*checkpoint)->iterator;
    } else {
      request["ShardIteratorType"] = mapping_.starting_position;
    }
    auto it = Call("GetShardIterator", request);
    CLOUDLET_TRY(it);
    std::string iterator(it->at("ShardIterator").as_string());
    if (!last_done_) SaveIterator(iterator);
    return iterator;
  }

  // Before the first batch: where the starting position was, so a restart resumes there.
  void SaveIterator(const std::string& iterator) {
    StreamCheckpoint c{.shard_id = shard_id_, .iterator = iterator, .saved_ms = NowMs()};
    if (auto st = store_.PutCheckpoint(mapping_.uuid, c); !st.ok())
      spdlog::warn("lambda: event source mapping {}: saving its position failed: {}", mapping_.uuid, st.error().message);
    iterator_saved_ms_ = c.saved_ms;
  }

  bool Checkpoint(const std::string& sequence) {
    StreamCheckpoint c{.shard_id = shard_id_, .after_sequence = sequence, .saved_ms = NowMs()};
    if (auto st = store_.PutCheckpoint(mapping_.uuid, c); !st.ok()) {
      spdlog::error("lambda: event source mapping {}: checkpoint failed: {}", mapping_.uuid, st.error().message);
      return false;
    }
    last_done_ = sequence;
    return true;
  }

  void Run(std::stop_token stop) {
    auto filter = EventFilter::FromCriteria(mapping_.filter_criteria);
    if (!filter.ok()) {
      SetResult("PROBLEM: Invalid filter pattern definition.");
      return;
    }
    filter_ = std::move(*filter);
    std::optional<std::string> iterator;
    std::vector<Fetched> pending;
    int64_t first_pending_ms = 0;
    bool shard_ended = false;
    while (!stop.stop_requested()) {
      if (!iterator && !shard_ended) {
        auto position = Position(false);
        if (!position.ok()) {
          SetResult("PROBLEM: " + position.error().message);
          if (!Sleep(stop, std::chrono::seconds(2))) return;
          continue;
        }
        iterator = std::move(*position);
      }
      bool got = false;
      if (iterator) {
        int limit = std::min<int>(1000, mapping_.batch_size - int(pending.size()));
        auto answer = Call("GetRecords", {{"ShardIterator", *iterator}, {"Limit", std::max(limit, 1)}});
        if (!answer.ok()) {
          const std::string& code = answer.error().code;
          if (code == "ExpiredIteratorException" || code == "TrimmedDataAccessException") {
            // Resume from the checkpoint (a saved iterator may be the expired one).
            pending.clear();
            auto position = Position(true);
            iterator = position.ok() ? std::optional<std::string>(std::move(*position)) : std::nullopt;
            continue;
          }
          SetResult("PROBLEM: " + answer.error().message);
          if (!Sleep(stop, std::chrono::seconds(2))) return;
          iterator.reset();  // the stream may be gone: look it up again
          continue;
        }
        for (auto& r : answer->at("Records").as_array()) {
          Fetched f;
          auto& o = r.as_object();
          f.sequence = std::string(o.at("dynamodb").at("SequenceNumber").as_string());
          f.arrival_ms = o.at("dynamodb").at("ApproximateCreationDateTime").to_number<int64_t>() * 1000;
          o["eventSourceARN"] = mapping_.event_source_arn;
          f.record = std::move(r);
          if (pending.empty()) first_pending_ms = NowMs();
          pending.push_back(std::move(f));
          got = true;
        }
        if (auto* next = answer->if_contains("NextShardIterator"); next && next->is_string()) {
          iterator = std::string(next->get_string());
          // Idle before the first batch: keep a fresh saved position.
          if (!last_done_ && NowMs() - iterator_saved_ms_ > 5 * 60 * 1000) SaveIterator(*iterator);
        } else {
          iterator.reset();
          shard_ended = true;
        }
      }
      bool full = int(pending.size()) >= mapping_.batch_size;
      bool window_over = NowMs() - first_pending_ms >= int64_t{mapping_.maximum_batching_window_seconds} * 1000;
      if (!pending.empty() && (full || window_over || shard_ended)) {
        if (!Deliver(stop, pending)) return;
        pending.clear();
        continue;
      }
      if (!got || !pending.empty()) {
        if (!Sleep(stop, shard_ended ? std::chrono::seconds(5) : options_.poll_interval)) return;
      }
    }
  }

  // Runs one window of records through the function; false when stopping.
  bool Deliver(std::stop_token& stop, std::vector<Fetched>& window) {
    std::vector<Fetched*> passing;
    for (auto& f : window)
      if (filter_.Passes(f.record)) passing.push_back(&f);
    std::vector<std::string> sequences;
    for (auto* f : passing) sequences.push_back(f->sequence);
    BatchPlanner planner(RetryPolicy{mapping_.maximum_retry_attempts, mapping_.maximum_record_age_seconds,
                                     mapping_.bisect_batch_on_function_error});
    planner.Start(passing.size());
    std::size_t checkpointed = 0;
    int invokes = 0;
    int throttles = 0;
    std::optional<InvokeResult> last_result;
    std::string request_id;
    while (auto step = planner.Next()) {
      if (stop.stop_requested()) return false;
      auto decision = planner.ExpireIfTooOld(passing[step->begin]->arrival_ms, NowMs());
      bool invoked = false;
      if (!decision) {
        auto spec = options_.resolve(mapping_.region, mapping_.account_id, mapping_.function_name,
                                     mapping_.qualifier ? std::optional<std::string_view>(*mapping_.qualifier)
                                                        : std::nullopt);
        BatchOutcome outcome{BatchOutcome::Kind::kNotRun};
        if (!spec.ok()) {
          SetResult("PROBLEM: " + spec.error().message);
        } else {
          std::string payload = "{\"Records\":[";
          for (std::size_t i = step->begin; i < step->end; ++i) {
            if (i > step->begin) payload += ',';
            payload += json::serialize(passing[i]->record);
          }
          payload += "]}";
          request_id = http::NewRequestId();
          auto result = InvokeAndWait(stop, *spec, InvokeRequest{.request_id = request_id, .payload = payload});
          if (!result) return false;  // stopping: the batch runs again after the next start
          invoked = true;
          ++invokes;
          if (result->ok()) {
            last_result = result->value();
            outcome = ClassifyInvocation(last_result->function_error.has_value(), last_result->payload,
                                         mapping_.report_batch_item_failures, sequences, step->begin, step->end);
            SetResult(outcome.kind == BatchOutcome::Kind::kSuccess ? "OK" : "PROBLEM: Function call failed");
          } else {
            SetResult("PROBLEM: " + result->error().message);
          }
        }
        decision = planner.Report(outcome);
        if (outcome.kind == BatchOutcome::Kind::kNotRun) ++throttles;
      }
      for (const auto& [begin, end] : decision->failed) {
        std::string record = StreamFailureRecord(
            mapping_, request_id, decision->condition, std::max(invokes, 1), last_result, shard_id_,
            passing[begin]->sequence, passing[end - 1]->sequence, passing[begin]->arrival_ms,
            passing[end - 1]->arrival_ms, end - begin, NowMs());
        spdlog::warn("lambda: event source mapping {}: records {}..{} of {} failed ({})", mapping_.uuid,
                     passing[begin]->sequence, passing[end - 1]->sequence, mapping_.event_source_arn,
                     decision->condition);
        if (mapping_.on_failure && options_.deliver_failure)
          options_.deliver_failure(mapping_, *mapping_.on_failure, record);
      }
      if (decision->done > checkpointed && decision->done < passing.size()) {
        if (!Checkpoint(passing[decision->done - 1]->sequence)) return Sleep(stop, std::chrono::seconds(1));
        checkpointed = decision->done;
      }
      if (decision->retry) {
        // Backs off with the failures of these records (a bisected half starts over).
        int exponent = std::min(invoked ? step->attempt : throttles - 1, 4);
        if (!Sleep(stop, options_.retry_delay * (1 << std::max(exponent, 0)))) return false;
      }
    }
    // The window is done: past its last record, filtered ones included.
    if (!window.empty() && !Checkpoint(window.back().sequence)) return Sleep(stop, std::chrono::seconds(1));
    return true;
  }

  // The invocation's result, or nullopt when stopping first.
  std::optional<aws::Result<InvokeResult>> InvokeAndWait(std::stop_token& stop, const FunctionSpec& spec,
                                                         InvokeRequest request) {
    auto promise = std::make_shared<std::promise<aws::Result<InvokeResult>>>();
    auto future = promise->get_future();
    invoker_.Invoke(spec, std::move(request),
                    [promise](aws::Result<InvokeResult> result) { promise->set_value(std::move(result)); });
    while (future.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready)
      if (stop.stop_requested()) return std::nullopt;
    return future.get();
  }

  EventSourceMapping mapping_;
  EventSourceMappingStore& store_;
  Invoker& invoker_;
  const StreamPollerOptions& options_;
  EventFilter filter_;
  std::string shard_id_;
  std::optional<std::string> last_done_;  // the checkpoint's sequence number
  int64_t iterator_saved_ms_ = 0;
  mutable std::mutex result_mu_;
  std::string last_result_ = "No records processed";
  std::mutex wake_mu_;
  std::condition_variable_any wake_cv_;
  std::atomic<bool> done_{false};
  std::jthread thread_;
};

StreamPollers::StreamPollers(storage::KvStore& store, Invoker& invoker, StreamPollerOptions options)
    : mappings_(store), invoker_(invoker), options_(std::move(options)) {
  if (!options_.deliver_failure) {
    options_.deliver_failure = [](const EventSourceMapping& mapping, std::string_view destination,
                                  const std::string& record) {
      spdlog::warn("lambda: event source mapping {}: failure record not delivered to {} (cloudlet serves no SQS, "
                   "SNS or S3): {}",
                   mapping.uuid, destination, record);
    };
  }
}

StreamPollers::~StreamPollers() { Stop(); }

void StreamPollers::Start() {
  auto all = mappings_.List();
  if (!all.ok()) {
    spdlog::error("lambda: reading event source mappings failed: {}", all.error().message);
    return;
  }
  for (const auto& mapping : *all) Apply(mapping);
}

void StreamPollers::Stop() {
  std::vector<std::shared_ptr<Poller>> all;
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
    for (auto& [uuid, poller] : active_) all.push_back(poller);
    active_.clear();
    for (auto& poller : retired_) all.push_back(poller);
    retired_.clear();
  }
  for (auto& poller : all) poller->RequestStop();
  for (auto& poller : all) poller->Join();
}

void StreamPollers::Retire(std::shared_ptr<Poller> poller) {
  poller->RequestStop();
  std::erase_if(retired_, [](const std::shared_ptr<Poller>& p) {
    if (!p->done()) return false;
    p->Join();  // finished: returns at once
    return true;
  });
  retired_.push_back(std::move(poller));
}

void StreamPollers::Apply(const EventSourceMapping& mapping) {
  std::lock_guard lock(mu_);
  if (stopped_) return;
  if (auto it = active_.find(mapping.uuid); it != active_.end()) {
    Retire(std::move(it->second));
    active_.erase(it);
  }
  if (!mapping.enabled || !options_.call_streams) return;
  auto poller = std::make_shared<Poller>(mapping, mappings_, invoker_, options_);
  poller->Start();
  active_[mapping.uuid] = std::move(poller);
}

void StreamPollers::Remove(std::string_view uuid) {
  std::lock_guard lock(mu_);
  if (auto it = active_.find(uuid); it != active_.end()) {
    Retire(std::move(it->second));
    active_.erase(it);
  }
}

std::string StreamPollers::LastProcessingResult(const EventSourceMapping& mapping) const {
  std::lock_guard lock(mu_);
  auto it = active_.find(mapping.uuid);
  return it == active_.end() ? mapping.last_processing_result : it->second->last_result();
}

}  // namespace cloudlet::lambda
