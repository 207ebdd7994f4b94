#include "lambda/async_queue.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <ctime>
#include <limits>

#include "http/request_context.h"
#include "lambda/function_store.h"
#include "lambda/lambda_errors.h"
#include "storage/write_batch.h"

namespace cloudlet::lambda {
namespace json = boost::json;
using std::chrono::milliseconds;
using std::chrono::system_clock;

namespace {

constexpr char kQueueTag = 'Q';
constexpr std::size_t kKeySize = 2 + 8 + 8;

int64_t NowMs() {
  return std::chrono::duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string QueuePrefix() { return {kLambdaKeyPrefix, kQueueTag}; }

void AppendBigEndian(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

int64_t DueOfKey(std::string_view key) {
  uint64_t v = 0;
  for (std::size_t i = 2; i < 10 && i < key.size(); ++i) v = (v << 8) | static_cast<unsigned char>(key[i]);
  return static_cast<int64_t>(v);
}

std::string IsoTimestamp(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
  return buf;
}

// A payload as the record embeds it: its JSON value, or the text as a string.
json::value Embedded(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return json::string(text);
  return v;
}

std::string_view ConditionName(DestinationCondition c) {
  switch (c) {
    case DestinationCondition::kSuccess: return "Success";
    case DestinationCondition::kRetriesExhausted: return "RetriesExhausted";
    case DestinationCondition::kEventAgeExceeded: return "EventAgeExceeded";
  }
  return "";
}

struct DestinationArn {
  std::string service, region, account, resource;
  std::optional<std::string> qualifier;  // a Lambda destination's version or alias
};

// arn:<partition>:<service>:<region>:<account>:<resource...>
std::optional<DestinationArn> ParseDestinationArn(std::string_view arn) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t colon = arn.find(':', start);
    parts.push_back(arn.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 6 || parts[0] != "arn") return std::nullopt;
  DestinationArn out{std::string(parts[2]), std::string(parts[3]), std::string(parts[4]), {}, {}};
  if (out.service == "lambda") {
    if (parts.size() < 7 || parts[5] != "function" || parts.size() > 8) return std::nullopt;
    out.resource = std::string(parts[6]);
    if (parts.size() == 8) out.qualifier = std::string(parts[7]);
  } else {
    std::size_t at = 0;
    for (int colons = 0; colons < 5; ++colons) at = arn.find(':', at) + 1;
    out.resource = std::string(arn.substr(at));
  }
  return out;
}

// The function as a destination record names it: its ARN with the qualifier invoked.
std::string QualifiedArn(const QueuedEvent& e) {
  return "arn:aws:lambda:" + e.region + ":" + e.account_id + ":function:" + e.function_name + ":" +
         e.qualifier.value_or("$LATEST");
}

}  // namespace

std::string QueuedEventKey(int64_t due_ms, uint64_t sequence) {
  std::string key = QueuePrefix();
  key.reserve(kKeySize);
  AppendBigEndian(key, static_cast<uint64_t>(std::max<int64_t>(due_ms, 0)));
  AppendBigEndian(key, sequence);
  return key;
}

std::string EncodeQueuedEvent(const QueuedEvent& e) {
  json::object o;
  o["id"] = e.request_id;
  o["region"] = e.region;
  o["account"] = e.account_id;
  o["function"] = e.function_name;
  if (e.qualifier) o["qualifier"] = *e.qualifier;
  o["payload"] = e.payload;
  o["enqueued_ms"] = e.enqueued_ms;
  o["attempts"] = e.attempts;
  o["throttles"] = e.throttles;
  return json::serialize(o);
}

std::optional<QueuedEvent> DecodeQueuedEvent(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  auto str = [&](std::string_view k) -> const json::string* {
    const json::value* f = o.if_contains(k);
    return f && f->is_string() ? &f->as_string() : nullptr;
  };
  auto num = [&](std::string_view k) -> int64_t {
    const json::value* f = o.if_contains(k);
    return f && f->is_int64() ? f->as_int64() : 0;
  };
  if (!str("id") || !str("region") || !str("function") || !str("payload")) return std::nullopt;
  QueuedEvent e;
  e.request_id = *str("id");
  e.region = *str("region");
  if (auto* a = str("account")) e.account_id = *a;
  e.function_name = *str("function");
  if (auto* q = str("qualifier")) e.qualifier = std::string(*q);
  e.payload = *str("payload");
  e.enqueued_ms = num("enqueued_ms");
  e.attempts = static_cast<int>(num("attempts"));
  e.throttles = static_cast<int>(num("throttles"));
  return e;
}

std::string InvocationRecord(const QueuedEvent& event, std::string_view function_arn, DestinationCondition condition,
                             int approximate_invoke_count, const InvocationOutcome& outcome, int64_t now_ms) {
  json::object record;
  record["version"] = "1.0";
  record["timestamp"] = IsoTimestamp(now_ms);
  record["requestContext"] = json::object{{"requestId", event.request_id},
                                          {"functionArn", function_arn},
                                          {"condition", ConditionName(condition)},
                                          {"approximateInvokeCount", approximate_invoke_count}};
  record["requestPayload"] = Embedded(event.payload);
  if (outcome.executed_version) {
    json::object response{{"statusCode", 200}, {"executedVersion", *outcome.executed_version}};
    if (outcome.function_error) response["functionError"] = *outcome.function_error;
    record["responseContext"] = std::move(response);
    record["responsePayload"] = Embedded(outcome.response_payload);
  }
  return json::serialize(record);
}

std::shared_ptr<AsyncQueue> AsyncQueue::Make(storage::KvStore& store, Invoker& invoker, ResolveFn resolve,
                                             AsyncQueueOptions options) {
  return std::shared_ptr<AsyncQueue>(new AsyncQueue(store, invoker, std::move(resolve), options));
}

AsyncQueue::AsyncQueue(storage::KvStore& store, Invoker& invoker, ResolveFn resolve, AsyncQueueOptions options)
    : store_(store), invoker_(invoker), resolve_(std::move(resolve)), options_(options), configs_(store) {
  if (options_.max_running == 0) options_.max_running = 1;
}

AsyncQueue::~AsyncQueue() { Stop(); }

void AsyncQueue::Start() {
  std::lock_guard lock(mutex_);
  if (dispatcher_.joinable() || stopping_) return;
  // Sequences only tell apart events due the same millisecond; starting from
  // the clock in microseconds keeps them apart from a previous run's.
  sequence_ = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(system_clock::now().time_since_epoch()).count());
  dispatcher_ = std::thread([this] { Dispatch(); });
}

void AsyncQueue::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_cv_.notify_all();
  if (dispatcher_.joinable()) {
    if (dispatcher_.get_id() == std::this_thread::get_id())
      dispatcher_.detach();  // the last owner let go from within the dispatcher: it ends on its own
    else
      dispatcher_.join();
  }
  std::unique_lock lifetime(lifetime_mutex_);
  stopped_ = true;
}

std::size_t AsyncQueue::running() const {
  std::lock_guard lock(mutex_);
  return running_.size();
}

aws::Status AsyncQueue::Enqueue(QueuedEvent event) {
  std::shared_lock lifetime(lifetime_mutex_);
  if (stopped_) return errors::Service("Lambda is shutting down: the asynchronous invocation was not queued");
  if (event.enqueued_ms == 0) event.enqueued_ms = NowMs();
  int64_t due = NowMs();
  storage::Status st = store_.Put(QueuedEventKey(due, NextSequence()), EncodeQueuedEvent(event));
  if (!st.ok()) return errors::Service("storage failure: " + st.ToString());
  {
    std::lock_guard lock(mutex_);
    scan_from_ms_ = std::min(scan_from_ms_, due);
    wake_ = true;
  }
  wake_cv_.notify_all();
  return aws::OkStatus();
}

aws::Status AsyncQueue::EnqueueIfFunctionExists(QueuedEvent event) {
  {
    std::shared_lock lifetime(lifetime_mutex_);
    if (stopped_) return errors::Service("Lambda is shutting down: the asynchronous invocation was not queued");
    auto spec = resolve_(event.region, event.account_id, event.function_name,
                         event.qualifier ? std::optional<std::string_view>(*event.qualifier) : std::nullopt);
    CLOUDLET_TRY(spec);
  }
  return Enqueue(std::move(event));
}

void AsyncQueue::Dispatch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_ = false;
    std::size_t free = options_.max_running > running_.size() ? options_.max_running - running_.size() : 0;
    int64_t next_due = 0;
    std::vector<Due> due;
    if (free > 0) due = ScanDue(NowMs(), free, &next_due);
    if (!due.empty()) {
      for (const auto& d : due) running_.insert(d.key);
      lock.unlock();
      for (auto& d : due) Run(std::move(d));
      lock.lock();
      continue;
    }
    auto woken = [this] { return stopping_ || wake_; };
    if (free == 0 || next_due == 0)
      wake_cv_.wait(lock, woken);
    else
      wake_cv_.wait_until(lock, system_clock::time_point(milliseconds(next_due)), woken);
  }
}

std::vector<AsyncQueue::Due> AsyncQueue::ScanDue(int64_t now_ms, std::size_t limit, int64_t* next_due_ms) {
  std::string end = QueuePrefix();
  end.back() = static_cast<char>(kQueueTag + 1);
  auto it = store_.NewIterator({.lower_bound = QueuedEventKey(scan_from_ms_, 0), .upper_bound = end});
  std::vector<Due> out;
  bool first = true;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = it->key();
    int64_t due = DueOfKey(key);
    if (first) {
      // Nothing lies before this key now; later writes below it lower the mark again.
      scan_from_ms_ = due;
      first = false;
    }
    if (due > now_ms) {
      *next_due_ms = due;
      break;
    }
    if (running_.count(std::string(key))) continue;
    if (out.size() == limit) break;
    auto event = DecodeQueuedEvent(it->value());
    if (!event) {
      spdlog::error("lambda: dropping an unreadable queued event record");
      (void)store_.Delete(key);
      continue;
    }
    out.push_back({std::string(key), std::move(*event)});
  }
  if (first && it->status().ok()) scan_from_ms_ = now_ms;  // empty up to the end: nothing before now
  if (!it->status().ok()) spdlog::error("lambda: reading the asynchronous queue failed: {}", it->status().ToString());
  return out;
}

void AsyncQueue::Run(Due due) {
  const QueuedEvent& event = due.event;
  auto spec = resolve_(event.region, event.account_id, event.function_name,
                       event.qualifier ? std::optional<std::string_view>(*event.qualifier) : std::nullopt);
  if (!spec.ok() && spec.error().code == "ResourceNotFoundException") {
    spdlog::warn("lambda: asynchronous invocation {} of {} dropped: {}", event.request_id, event.function_name,
                 spec.error().message);
    return Complete(due.key, std::nullopt, 0, std::nullopt);
  }
  EventInvokeConfig config;
  if (auto found = configs_.Get(event.region, event.function_name, event.qualifier.value_or("$LATEST"));
      found.ok() && *found)
    config = std::move(**found);
  if (!spec.ok()) return Finish(due, nullptr, config, spec.take_error());

  std::string arn = QualifiedArn(event);
  if (NowMs() - event.enqueued_ms > int64_t{config.event_age_seconds()} * 1000) {
    spdlog::warn("lambda: asynchronous invocation {} of {} dropped: older than {} s (MaximumEventAgeInSeconds)",
                 event.request_id, event.function_name, config.event_age_seconds());
    auto destination = DestinationEvent(config.on_failure, event, arn, DestinationCondition::kEventAgeExceeded,
                                        event.attempts, {});
    return Complete(due.key, std::nullopt, 0, std::move(destination));
  }
  InvokeRequest request{.request_id = event.request_id, .payload = event.payload};
  auto shared_spec = std::make_shared<FunctionSpec>(std::move(spec.value()));
  invoker_.Invoke(*shared_spec, std::move(request),
                  [weak = weak_from_this(), due = std::move(due), shared_spec,
                   config = std::move(config)](aws::Result<InvokeResult> result) {
                    // A queue already gone leaves the record for the next run.
                    if (auto self = weak.lock()) self->Finish(due, shared_spec.get(), config, std::move(result));
                  });
}

void AsyncQueue::Finish(const Due& due, const FunctionSpec* spec, const EventInvokeConfig& config,
                        aws::Result<InvokeResult> result) {
  {
    std::lock_guard lock(mutex_);
    // Stopping: the invocation was cut short; its record stays for the next run.
    if (stopping_) {
      running_.erase(due.key);
      return;
    }
  }
  const QueuedEvent& event = due.event;
  int64_t now = NowMs();
  std::string arn = QualifiedArn(event);
  if (!result.ok()) {
    const aws::AwsError& error = result.error();
    if (error.http_status == 429 || error.http_status >= 500) {
      QueuedEvent retry = event;
      retry.throttles++;
      int64_t first = std::max<int64_t>(1, options_.retry_base.count() / 60);
      int64_t delay = std::min<int64_t>(first << std::min(retry.throttles - 1, 30), 5 * options_.retry_base.count());
      spdlog::info("lambda: asynchronous invocation {} of {} not run ({}: {}); retrying in {} ms", event.request_id,
                   event.function_name, error.code, error.message, delay);
      return Complete(due.key, std::move(retry), now + delay, std::nullopt);
    }
    spdlog::warn("lambda: asynchronous invocation {} of {} failed: {} {}", event.request_id, event.function_name,
                 error.code, error.message);
    auto destination = DestinationEvent(config.on_failure, event, arn, DestinationCondition::kRetriesExhausted,
                                        event.attempts, {});
    return Complete(due.key, std::nullopt, 0, std::move(destination));
  }
  int invoke_count = event.attempts + 1;
  InvocationOutcome outcome{.executed_version = spec ? spec->version : result->executed_version,
                            .function_error = result->function_error,
                            .response_payload = std::move(result->payload)};
  if (!outcome.function_error) {
    spdlog::info("lambda: asynchronous invocation {} of {} succeeded (attempt {})", event.request_id,
                 event.function_name, invoke_count);
    auto destination =
        DestinationEvent(config.on_success, event, arn, DestinationCondition::kSuccess, invoke_count, outcome);
    return Complete(due.key, std::nullopt, 0, std::move(destination));
  }
  if (event.attempts < config.retry_attempts()) {
    QueuedEvent retry = event;
    retry.attempts = invoke_count;
    int64_t delay = options_.retry_base.count() << event.attempts;  // base, then twice base
    spdlog::info("lambda: asynchronous invocation {} of {} ended in a function error (attempt {}); retrying in {} ms",
                 event.request_id, event.function_name, invoke_count, delay);
    return Complete(due.key, std::move(retry), now + delay, std::nullopt);
  }
  spdlog::warn("lambda: asynchronous invocation {} of {} failed after {} attempts: {}", event.request_id,
               event.function_name, invoke_count, outcome.response_payload);
  auto destination = DestinationEvent(config.on_failure, event, arn, DestinationCondition::kRetriesExhausted,
                                      invoke_count, outcome);
  Complete(due.key, std::nullopt, 0, std::move(destination));
}

std::optional<QueuedEvent> AsyncQueue::DestinationEvent(const std::optional<std::string>& destination,
                                                        const QueuedEvent& event, std::string_view function_arn,
                                                        DestinationCondition condition, int invoke_count,
                                                        const InvocationOutcome& outcome) {
  if (!destination || destination->empty()) return std::nullopt;
  auto arn = ParseDestinationArn(*destination);
  if (!arn || arn->service != "lambda") {
    // SQS, SNS and EventBridge are not served by cloudlet yet.
    spdlog::warn("lambda: the {} record of asynchronous invocation {} of {} was not delivered to {}: cloudlet has "
                 "no such destination service",
                 ConditionName(condition), event.request_id, event.function_name, *destination);
    return std::nullopt;
  }
  QueuedEvent out;
  out.request_id = http::NewRequestId();
  out.region = arn->region.empty() ? event.region : arn->region;
  out.account_id = arn->account.empty() ? event.account_id : arn->account;
  out.function_name = arn->resource;
  out.qualifier = arn->qualifier;
  int64_t now = NowMs();
  out.payload = InvocationRecord(event, function_arn, condition, invoke_count, outcome, now);
  out.enqueued_ms = now;
  spdlog::info("lambda: {} record of asynchronous invocation {} of {} sent to {} as {}", ConditionName(condition),
               event.request_id, event.function_name, *destination, out.request_id);
  return out;
}

void AsyncQueue::Complete(const std::string& key, std::optional<QueuedEvent> retry, int64_t retry_due_ms,
                          std::optional<QueuedEvent> destination_event) {
  storage::WriteBatch batch;
  batch.Delete(key);
  int64_t lowest_due = std::numeric_limits<int64_t>::max();
  if (retry) {
    batch.Put(QueuedEventKey(retry_due_ms, NextSequence()), EncodeQueuedEvent(*retry));
    lowest_due = retry_due_ms;
  }
  if (destination_event) {
    int64_t now = NowMs();
    batch.Put(QueuedEventKey(now, NextSequence()), EncodeQueuedEvent(*destination_event));
    lowest_due = std::min(lowest_due, now);
  }
  if (storage::Status st = store_.Write(batch); !st.ok()) {
    spdlog::error("lambda: updating the asynchronous queue failed (the event stays queued): {}", st.ToString());
    lowest_due = DueOfKey(key);
  }
  Released(key, lowest_due);
}

void AsyncQueue::Released(const std::string& key, int64_t lowest_new_due_ms) {
  {
    std::lock_guard lock(mutex_);
    running_.erase(key);
    scan_from_ms_ = std::min(scan_from_ms_, lowest_new_due_ms);
    wake_ = true;
  }
  wake_cv_.notify_all();
}

}  // namespace cloudlet::lambda
