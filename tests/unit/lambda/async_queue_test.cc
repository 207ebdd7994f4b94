// The asynchronous queue over an in-memory store and a scripted invoker:
// due-time order, bounded parallelism, retries and their back-off, maximum
// event age, destinations and their invocation records, restart recovery.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "lambda/async_queue.h"
#include "lambda/event_invoke_config.h"
#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Like lambda_test_util.h's FakeInvoker, but safe to read while the
// dispatcher thread invokes: every member is read through a lock.
class ScriptedInvoker final : public Invoker {
 public:
  struct Call {
    std::string function;
    InvokeRequest request;
    int64_t at_ms;
  };
  using Answer = std::function<aws::Result<InvokeResult>(const std::string& function, int nth_call)>;

  void SetAnswer(Answer answer) {
    std::lock_guard lock(mutex_);
    answer_ = std::move(answer);
  }
  void SetDefer(bool defer) {
    std::lock_guard lock(mutex_);
    defer_ = defer;
  }

  void Invoke(const FunctionSpec& function, InvokeRequest request,
              std::function<void(aws::Result<InvokeResult>)> done) override {
    aws::Result<InvokeResult> result = InvokeResult{.payload = request.payload};
    {
      std::lock_guard lock(mutex_);
      calls_.push_back({function.name, request, NowMs()});
      if (answer_) result = answer_(function.name, static_cast<int>(calls_.size()));
      if (defer_) {
        deferred_.push_back([done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
        return;
      }
    }
    done(std::move(result));
  }
  void Retire(std::string_view) override {}
  void Shutdown() override {}

  std::vector<Call> Calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::size_t Deferred() {
    std::lock_guard lock(mutex_);
    return deferred_.size();
  }
  void CompleteDeferred() {
    std::vector<std::function<void()>> pending;
    {
      std::lock_guard lock(mutex_);
      pending.swap(deferred_);
    }
    for (auto& d : pending) d();
  }
  void DropDeferred() {
    std::lock_guard lock(mutex_);
    deferred_.clear();
  }

 private:
  std::mutex mutex_;
  Answer answer_;
  bool defer_ = false;
  std::vector<Call> calls_;
  std::vector<std::function<void()>> deferred_;
};

template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds limit = 5s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return pred();
}

constexpr const char* kRegion = "us-east-1";
constexpr const char* kAccount = "123456789012";

class AsyncQueueTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = storage::OpenStore({.in_memory = true}).store; }
  void TearDown() override {
    if (queue_) queue_->Stop();
    queue_.reset();
  }

  std::shared_ptr<AsyncQueue> StartQueue(ScriptedInvoker& invoker, std::chrono::milliseconds base = 20ms,
                                         std::size_t max_running = 4) {
    auto queue = AsyncQueue::Make(
        *store_, invoker,
        [this](std::string_view region, std::string_view account, std::string_view name,
               std::optional<std::string_view> qualifier) -> aws::Result<FunctionSpec> {
          std::lock_guard lock(functions_mutex_);
          if (!functions_.count(std::string(name)))
            return errors::FunctionNotFound("arn:aws:lambda:" + std::string(region) + ":" + std::string(account) +
                                            ":function:" + std::string(name));
          FunctionSpec spec;
          spec.name = std::string(name);
          spec.arn = "arn:aws:lambda:" + std::string(region) + ":" + std::string(account) + ":function:" +
                     std::string(name);
          spec.version = qualifier && *qualifier != "$LATEST" ? "1" : "$LATEST";
          return spec;
        },
        AsyncQueueOptions{.retry_base = base, .max_running = max_running});
    queue->Start();
    return queue;
  }

  void AddFunction(std::string name) {
    std::lock_guard lock(functions_mutex_);
    functions_.insert(std::move(name));
  }
  void RemoveFunction(const std::string& name) {
    std::lock_guard lock(functions_mutex_);
    functions_.erase(name);
  }

  QueuedEvent Event(std::string function, std::string payload = R"({"n":1})", std::string id = "req-1") {
    return QueuedEvent{.request_id = std::move(id),
                       .region = kRegion,
                       .account_id = kAccount,
                       .function_name = std::move(function),
                       .payload = std::move(payload)};
  }

  void PutConfig(EventInvokeConfig config) {
    config.region = kRegion;
    ASSERT_TRUE(EventInvokeConfigStore(*store_).Put(config).ok());
  }

  std::size_t QueuedRecords() {
    std::string begin = {'\x20', 'Q'}, end = {'\x20', 'R'};
    auto it = store_->NewIterator({.lower_bound = begin, .upper_bound = end});
    std::size_t n = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
    return n;
  }

  std::unique_ptr<storage::KvStore> store_;
  std::shared_ptr<AsyncQueue> queue_;
  std::mutex functions_mutex_;
  std::set<std::string> functions_;
};

TEST(QueuedEventCodec, RoundTripsAndKeysOrderByDueTime) {
  QueuedEvent e{.request_id = "id", .region = "eu-west-1", .account_id = "1", .function_name = "f",
                .qualifier = "live", .payload = R"({"a":"\u0000"})", .enqueued_ms = 42, .attempts = 2, .throttles = 1};
  auto back = DecodeQueuedEvent(EncodeQueuedEvent(e));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->request_id, "id");
  EXPECT_EQ(back->region, "eu-west-1");
  EXPECT_EQ(back->qualifier, std::optional<std::string>("live"));
  EXPECT_EQ(back->payload, e.payload);
  EXPECT_EQ(back->enqueued_ms, 42);
  EXPECT_EQ(back->attempts, 2);
  EXPECT_EQ(back->throttles, 1);
  EXPECT_FALSE(DecodeQueuedEvent("{}"));
  EXPECT_FALSE(DecodeQueuedEvent("not json"));
  EXPECT_LT(QueuedEventKey(255, 9), QueuedEventKey(256, 1));
  EXPECT_LT(QueuedEventKey(1700000000000, 5), QueuedEventKey(1700000000000, 6));
  EXPECT_EQ(QueuedEventKey(1, 1).size(), 18u);
}

TEST(InvocationRecordFormat, HasLambdasMembers) {
  QueuedEvent e{.request_id = "r-1", .payload = R"({"in":1})"};
  std::string text = InvocationRecord(e, "arn:aws:lambda:us-east-1:1:function:f:$LATEST",
                                      DestinationCondition::kRetriesExhausted, 3,
                                      {.executed_version = "$LATEST", .function_error = "Unhandled",
                                       .response_payload = R"({"errorMessage":"boom"})"},
                                      1700000000123);
  json::object r = json::parse(text).as_object();
  EXPECT_EQ(r["version"], "1.0");
  EXPECT_EQ(r["timestamp"], "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(r["requestContext"].as_object()["requestId"], "r-1");
  EXPECT_EQ(r["requestContext"].as_object()["functionArn"], "arn:aws:lambda:us-east-1:1:function:f:$LATEST");
  EXPECT_EQ(r["requestContext"].as_object()["condition"], "RetriesExhausted");
  EXPECT_EQ(r["requestContext"].as_object()["approximateInvokeCount"], 3);
  EXPECT_EQ(r["requestPayload"], (json::value{{"in", 1}}));
  EXPECT_EQ(r["responseContext"].as_object()["statusCode"], 200);
  EXPECT_EQ(r["responseContext"].as_object()["executedVersion"], "$LATEST");
  EXPECT_EQ(r["responseContext"].as_object()["functionError"], "Unhandled");
  EXPECT_EQ(r["responsePayload"].as_object()["errorMessage"], "boom");
  // Never ran: no response members.
  json::object aged = json::parse(InvocationRecord(e, "arn", DestinationCondition::kEventAgeExceeded, 0, {}, 0)).as_object();
  EXPECT_EQ(aged["requestContext"].as_object()["condition"], "EventAgeExceeded");
  EXPECT_FALSE(aged.contains("responseContext"));
}

TEST_F(AsyncQueueTest, RunsAQueuedEventOnceAndRemovesItsRecord) {
  ScriptedInvoker invoker;
  AddFunction("f");
  queue_ = StartQueue(invoker);
  ASSERT_TRUE(queue_->Enqueue(Event("f", R"({"x":1})", "id-7")).ok());
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 1 && QueuedRecords() == 0; }));
  auto calls = invoker.Calls();
  EXPECT_EQ(calls[0].function, "f");
  EXPECT_EQ(calls[0].request.request_id, "id-7");
  EXPECT_EQ(calls[0].request.payload, R"({"x":1})");
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(invoker.Calls().size(), 1u);
}

TEST_F(AsyncQueueTest, RunsDueEventsInDueTimeOrder) {
  AddFunction("f");
  int64_t now = NowMs();
  // Written out of order, due in the past: the dispatcher finds them at start.
  for (auto [due, id] : {std::pair{now - 100, "third"}, {now - 300, "first"}, {now - 200, "second"}}) {
    QueuedEvent e = Event("f", "{}", id);
    e.enqueued_ms = now;
    ASSERT_TRUE(store_->Put(QueuedEventKey(due, 1), EncodeQueuedEvent(e)).ok());
  }
  ScriptedInvoker invoker;
  queue_ = StartQueue(invoker, 20ms, /*max_running=*/1);
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 3; }));
  auto calls = invoker.Calls();
  EXPECT_EQ(calls[0].request.request_id, "first");
  EXPECT_EQ(calls[1].request.request_id, "second");
  EXPECT_EQ(calls[2].request.request_id, "third");
}

TEST_F(AsyncQueueTest, AFutureEventWaitsUntilItIsDue) {
  AddFunction("f");
  QueuedEvent e = Event("f");
  e.enqueued_ms = NowMs();
  int64_t due = NowMs() + 150;
  ASSERT_TRUE(store_->Put(QueuedEventKey(due, 1), EncodeQueuedEvent(e)).ok());
  ScriptedInvoker invoker;
  queue_ = StartQueue(invoker);
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 1; }));
  EXPECT_GE(invoker.Calls()[0].at_ms, due);
}

TEST_F(AsyncQueueTest, RunsSeveralAtOnceButNoMoreThanTheBound) {
  AddFunction("f");
  ScriptedInvoker invoker;
  invoker.SetDefer(true);
  queue_ = StartQueue(invoker, 20ms, /*max_running=*/3);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(queue_->Enqueue(Event("f", "{}", "id-" + std::to_string(i))).ok());
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 3; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(invoker.Calls().size(), 3u);  // the other two wait for a free slot
  EXPECT_EQ(queue_->running(), 3u);
  invoker.SetDefer(false);
  invoker.CompleteDeferred();
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 5 && QueuedRecords() == 0; }));
}

TEST_F(AsyncQueueTest, ManyEventsFromManyThreadsEachRunOnce) {
  AddFunction("f");
  ScriptedInvoker invoker;
  queue_ = StartQueue(invoker, 20ms, /*max_running=*/8);
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < 75; ++i)
        ASSERT_TRUE(queue_->Enqueue(Event("f", "{}", std::to_string(t) + "-" + std::to_string(i))).ok());
    });
  for (auto& w : writers) w.join();
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 300 && QueuedRecords() == 0; }));
  std::this_thread::sleep_for(30ms);
  std::set<std::string> ids;
  for (const auto& c : invoker.Calls()) ids.insert(c.request.request_id);
  EXPECT_EQ(invoker.Calls().size(), 300u);
  EXPECT_EQ(ids.size(), 300u);
}

TEST_F(AsyncQueueTest, FunctionErrorsAreRetriedTwiceWithBackOff) {
  AddFunction("f");
  ScriptedInvoker invoker;
  invoker.SetAnswer([](const std::string&, int) -> aws::Result<InvokeResult> {
    return InvokeResult{.payload = R"({"errorMessage":"boom"})", .function_error = "Unhandled"};
  });
  queue_ = StartQueue(invoker, 40ms);
  ASSERT_TRUE(queue_->Enqueue(Event("f", "{}", "same-id")).ok());
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 3 && QueuedRecords() == 0; }));
  std::this_thread::sleep_for(200ms);
  auto calls = invoker.Calls();
  ASSERT_EQ(calls.size(), 3u);  // the first attempt and two retries, no more
  for (const auto& c : calls) EXPECT_EQ(c.request.request_id, "same-id");
  EXPECT_GE(calls[1].at_ms - calls[0].at_ms, 40);  // retry_base
  EXPECT_GE(calls[2].at_ms - calls[1].at_ms, 80);  // twice retry_base
}

TEST_F(AsyncQueueTest, MaximumRetryAttemptsZeroRunsOnce) {
  AddFunction("f");
  PutConfig({.function_name = "f", .maximum_retry_attempts = 0});
  ScriptedInvoker invoker;
  invoker.SetAnswer([](const std::string&, int) -> aws::Result<InvokeResult> {
    return InvokeResult{.payload = "{}", .function_error = "Unhandled"};
  });
  queue_ = StartQueue(invoker, 10ms);
  ASSERT_TRUE(queue_->Enqueue(Event("f")).ok());
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 1 && QueuedRecords() == 0; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(invoker.Calls().size(), 1u);
}

TEST_F(AsyncQueueTest, ThrottlesAreRetriedWithoutCountingAsAttempts) {
  AddFunction("f");
  AddFunction("dest");
  PutConfig({.function_name = "f", .maximum_retry_attempts = 0, .on_success = "arn:aws:lambda:us-east-1:123456789012:function:dest"});
  ScriptedInvoker invoker;
  invoker.SetAnswer([](const std::string& fn, int nth) -> aws::Result<InvokeResult> {
    if (fn == "f" && nth <= 3) return aws::AwsError::Make(429, "TooManyRequestsException", "Rate Exceeded.");
    return InvokeResult{.payload = R"("ok")"};
  });
  queue_ = StartQueue(invoker, 60ms);  // throttle back-off starts at 1 ms here
  ASSERT_TRUE(queue_->Enqueue(Event("f")).ok());
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 5 && QueuedRecords() == 0; }));
  auto calls = invoker.Calls();
  EXPECT_EQ(calls[3].function, "f");
  ASSERT_EQ(calls[4].function, "dest");
  json::object record = json::parse(calls[4].request.payload).as_object();
  EXPECT_EQ(record["requestContext"].as_object()["condition"], "Success");
  EXPECT_EQ(record["requestContext"].as_object()["approximateInvokeCount"], 1);
}

TEST_F(AsyncQueueTest, OldEventsAreDroppedToTheFailureDestination) {
  AddFunction("f");
  AddFunction("dest");
  PutConfig({.function_name = "f",
             .maximum_event_age_seconds = 60,
             .on_failure = "arn:aws:lambda:us-east-1:123456789012:function:dest"});
  ScriptedInvoker invoker;
  queue_ = StartQueue(invoker);
  QueuedEvent old = Event("f", R"({"old":true})", "old-id");
  old.enqueued_ms = NowMs() - 61000;
  ASSERT_TRUE(queue_->Enqueue(old).ok());
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 1 && QueuedRecords() == 0; }));
  auto call = invoker.Calls()[0];
  EXPECT_EQ(call.function, "dest");  // f never ran
  EXPECT_NE(call.request.request_id, "old-id");
  json::object record = json::parse(call.request.payload).as_object();
  EXPECT_EQ(record["requestContext"].as_object()["condition"], "EventAgeExceeded");
  EXPECT_EQ(record["requestContext"].as_object()["requestId"], "old-id");
  EXPECT_EQ(record["requestPayload"], (json::value{{"old", true}}));
}

TEST_F(AsyncQueueTest, RetriesExhaustedRecordGoesToTheFailureDestination) {
  AddFunction("f");
  AddFunction("dest");
  PutConfig({.function_name = "f", .maximum_retry_attempts = 1,
             .on_success = "arn:aws:lambda:us-east-1:123456789012:function:never",
             .on_failure = "arn:aws:lambda:us-east-1:123456789012:function:dest"});
  ScriptedInvoker invoker;
  invoker.SetAnswer([](const std::string& fn, int) -> aws::Result<InvokeResult> {
    if (fn == "f") return InvokeResult{.payload = R"({"errorType":"ValueError"})", .function_error = "Unhandled"};
    return InvokeResult{.payload = "null"};
  });
  queue_ = StartQueue(invoker, 10ms);
  ASSERT_TRUE(queue_->Enqueue(Event("f", R"({"k":"v"})", "fail-id")).ok());
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 3 && QueuedRecords() == 0; }));
  auto calls = invoker.Calls();
  EXPECT_EQ(calls[0].function, "f");
  EXPECT_EQ(calls[1].function, "f");
  ASSERT_EQ(calls[2].function, "dest");
  json::object record = json::parse(calls[2].request.payload).as_object();
  EXPECT_EQ(record["requestContext"].as_object()["condition"], "RetriesExhausted");
  EXPECT_EQ(record["requestContext"].as_object()["approximateInvokeCount"], 2);
  EXPECT_EQ(record["requestContext"].as_object()["functionArn"], "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST");
  EXPECT_EQ(record["responseContext"].as_object()["functionError"], "Unhandled");
  EXPECT_EQ(record["responsePayload"].as_object()["errorType"], "ValueError");
  EXPECT_EQ(record["requestPayload"].as_object()["k"], "v");
}

TEST_F(AsyncQueueTest, NonLambdaDestinationsAreNotDelivered) {
  AddFunction("f");
  PutConfig({.function_name = "f", .on_success = "arn:aws:sqs:us-east-1:123456789012:queue"});
  ScriptedInvoker invoker;
  queue_ = StartQueue(invoker);
  ASSERT_TRUE(queue_->Enqueue(Event("f")).ok());
  ASSERT_TRUE(WaitFor([&] { return invoker.Calls().size() == 1 && QueuedRecords() == 0; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(invoker.Calls().size(), 1u);
}

TEST_F(AsyncQueueTest, EventsOfADeletedFunctionAreDropped) {
  AddFunction("f");
  ScriptedInvoker invoker;
  queue_ = StartQueue(invoker);
  RemoveFunction("f");
  ASSERT_TRUE(queue_->Enqueue(Event("f")).ok());
  ASSERT_TRUE(WaitFor([&] { return QueuedRecords() == 0; }));
  EXPECT_TRUE(invoker.Calls().empty());
}

TEST_F(AsyncQueueTest, EventsLeftRunningRunAgainInTheNextQueue) {
  AddFunction("f");
  {
    ScriptedInvoker first;
    first.SetDefer(true);  // never completes: as if cloudlet died mid-invocation
    auto queue = StartQueue(first);
    ASSERT_TRUE(queue->Enqueue(Event("f", R"({"p":1})", "survivor")).ok());
    ASSERT_TRUE(WaitFor([&] { return first.Calls().size() == 1; }));
    queue->Stop();
    first.CompleteDeferred();  // the invoker's shutdown error arrives after Stop: ignored
    EXPECT_EQ(QueuedRecords(), 1u);
  }
  ScriptedInvoker second;
  queue_ = StartQueue(second);
  ASSERT_TRUE(WaitFor([&] { return second.Calls().size() == 1 && QueuedRecords() == 0; }));
  EXPECT_EQ(second.Calls()[0].request.request_id, "survivor");
  EXPECT_EQ(second.Calls()[0].request.payload, R"({"p":1})");
}

TEST_F(AsyncQueueTest, EnqueueChecksTheFunctionAndFailsAfterStop) {
  AddFunction("f");
  ScriptedInvoker invoker;
  invoker.SetDefer(true);
  queue_ = StartQueue(invoker);
  auto missing = queue_->EnqueueIfFunctionExists(Event("nope"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
  EXPECT_EQ(QueuedRecords(), 0u);
  EXPECT_TRUE(queue_->EnqueueIfFunctionExists(Event("f")).ok());
  queue_->Stop();
  auto late = queue_->Enqueue(Event("f"));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, "ServiceException");
  EXPECT_FALSE(queue_->EnqueueIfFunctionExists(Event("f")).ok());
}

TEST(EventInvokeConfigCodec, RoundTripsAndRangesCoverOneFunction) {
  EventInvokeConfig c{.region = "us-east-1", .function_name = "f", .qualifier = "live", .maximum_retry_attempts = 0,
                      .on_failure = "arn:aws:sqs:us-east-1:1:q", .last_modified = 1700000000.5};
  auto back = DecodeEventInvokeConfig(EncodeEventInvokeConfig(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->qualifier, "live");
  EXPECT_EQ(back->maximum_retry_attempts, std::optional<int>(0));
  EXPECT_FALSE(back->maximum_event_age_seconds);
  EXPECT_EQ(back->event_age_seconds(), 21600);
  EXPECT_EQ(back->retry_attempts(), 0);
  EXPECT_FALSE(back->on_success);
  EXPECT_EQ(back->on_failure, std::optional<std::string>("arn:aws:sqs:us-east-1:1:q"));
  EXPECT_DOUBLE_EQ(back->last_modified, 1700000000.5);
  auto [begin, end] = EventInvokeConfigRange("us-east-1", "f");
  std::string key = EventInvokeConfigKey("us-east-1", "f", "$LATEST");
  EXPECT_TRUE(begin <= key && key < end);
  std::string other = EventInvokeConfigKey("us-east-1", "f-2", "$LATEST");
  EXPECT_FALSE(begin <= other && other < end);
}

}  // namespace
}  // namespace cloudlet::lambda
