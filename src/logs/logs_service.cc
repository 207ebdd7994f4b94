// The CloudWatch Logs wire front: awsJson 1.1 framing (POST /, X-Amz-Target
// "Logs_20140328.<Operation>"), and the in-process LogWriter. Operations live
// in operations.cc, storage in log_store.cc.
#include <boost/json/parse.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <map>
#include <thread>
#include <tuple>
#include <vector>

#include "aws/protocol/protocols.h"
#include "aws/sigv4/failure.h"
#include "logs/log_store.h"
#include "logs/logs.h"
#include "logs/operations.h"

namespace cloudlet::logs {
namespace {

constexpr std::size_t kMaxRequestBytes = 1536 * 1024;  // PutLogEvents: 1 MiB of events plus framing
constexpr std::string_view kTargetPrefix = "Logs_20140328.";
const aws::JsonRpcStyle kStyle{.content_type = "application/x-amz-json-1.1"};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class LogsService final : public aws::Service, public LogWriter {
 public:
  LogsService(storage::KvStore& store, const aws::ServiceEnvironment& env)
      : store_(store), env_(env), flusher_([this] { FlushLoop(); }) {}

  ~LogsService() override {
    {
      std::lock_guard lock(queue_mu_);
      stopping_ = true;
    }
    queue_cv_.notify_one();
    flusher_.join();
    Flush();
  }

  std::string_view name() const override { return "logs"; }

  http::ServiceMatchers matchers() const override {
    http::ServiceMatchers m;
    m.signing_names = {"logs"};
    m.target_prefixes = {std::string(kTargetPrefix)};
    return m;
  }

  std::size_t max_body_bytes() const override { return kMaxRequestBytes; }

  http::Response BodyTooLarge(const http::Request&, const http::RequestContext& ctx) const override {
    return aws::JsonRpcError(
        ctx, aws::AwsError::Make(413, "RequestEntityTooLargeException", "Request entity too large"), kStyle);
  }

  http::Response AuthFailed(const aws::sigv4::Failure& failure, const http::Request&,
                            const http::RequestContext& ctx) const override {
    return aws::JsonRpcError(
        ctx, aws::AwsError::Make(400, aws::sigv4::JsonServiceErrorCode(failure.kind), failure.message), kStyle);
  }

  void Handle(http::Request& request, http::RequestContext& ctx, http::Responder respond) override {
    respond(Dispatch(request, ctx));
  }

  // Queued, stamped now; the flusher thread writes what has accumulated in
  // one store batch per stream, so the caller (Lambda's io thread, three or
  // more lines per invoke) never waits for the store or the Logs mutex.
  void Append(std::string_view region, std::string_view group, std::string_view stream,
              std::string_view message) override {
    int64_t now = NowMs();
    bool was_empty;
    {
      std::lock_guard lock(queue_mu_);
      was_empty = queue_.empty();
      queue_.push_back(Pending{std::string(region), std::string(group), std::string(stream), std::string(message),
                               now});
    }
    if (was_empty) queue_cv_.notify_one();
  }

 private:
  struct Pending {
    std::string region, group, stream, message;
    int64_t timestamp;
  };

  void FlushLoop() {
    std::unique_lock lock(queue_mu_);
    for (;;) {
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      lock.unlock();
      // Let a burst accumulate: one store batch and one wake-up for many
      // lines. Readers never wait for this, they flush themselves.
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      Flush();
      lock.lock();
    }
  }

  // Writes every queued line. Serialised (flush_mu_) so that lines of one
  // stream keep their order across flushes; a reader that flushes first
  // sees every line appended before its request.
  void Flush() {
    std::lock_guard flush_lock(flush_mu_);
    std::vector<Pending> batch;
    {
      std::lock_guard lock(queue_mu_);
      batch.swap(queue_);
    }
    if (batch.empty()) return;
    // Lines grouped per stream, each stream's in the order they came; one
    // store batch for the whole flush.
    std::map<std::tuple<std::string_view, std::string_view, std::string_view>, std::vector<InputEvent>> streams;
    for (const auto& p : batch) streams[{p.region, p.group, p.stream}].push_back(InputEvent{p.timestamp, p.message});
    std::vector<StreamAppend> appends;
    appends.reserve(streams.size());
    for (const auto& [key, events] : streams)
      appends.push_back(StreamAppend{std::get<0>(key), std::get<1>(key), std::get<2>(key), events});
    (void)store_.AppendMany(appends, NowMs());
  }

  http::Response Dispatch(http::Request& request, http::RequestContext& ctx) {
    Flush();
    std::string_view op_name = aws::JsonRpcOperation(request);
    if (request.method() != http::Verb::post || !request["X-Amz-Target"].starts_with(kTargetPrefix)) {
      return aws::JsonRpcError(ctx, aws::AwsError::Make(400, "UnknownOperationException", ""), kStyle);
    }
    Operation op = FindOperation(op_name);
    if (op == nullptr) {
      return aws::JsonRpcError(
          ctx,
          aws::AwsError::Make(400, "UnknownOperationException",
                              "cloudlet does not implement the CloudWatch Logs operation " + std::string(op_name)),
          kStyle);
    }
    ctx.operation = op_name;
    boost::system::error_code ec;
    std::string_view body = request.body();
    boost::json::value parsed = boost::json::parse(body.empty() ? std::string_view("{}") : body, ec);
    if (ec || !parsed.is_object()) {
      return aws::JsonRpcError(ctx, aws::AwsError::Make(400, "SerializationException", "Malformed JSON request body"),
                               kStyle);
    }
    OperationContext op_ctx{store_, ctx.region.empty() ? std::string_view(env_.region) : ctx.region,
                            env_.account_id, NowMs()};
    auto result = op(op_ctx, parsed.as_object());
    if (!result.ok()) return aws::JsonRpcError(ctx, result.error(), kStyle);
    return aws::JsonRpcSuccess(ctx, std::move(result.value()), kStyle);
  }

  LogStore store_;
  aws::ServiceEnvironment env_;
  std::mutex queue_mu_, flush_mu_;
  std::condition_variable queue_cv_;
  std::vector<Pending> queue_;
  bool stopping_ = false;
  std::thread flusher_;  // last: starts once the members above exist
};

}  // namespace

Logs MakeLogs(storage::KvStore& store, const aws::ServiceEnvironment& env) {
  auto service = std::make_unique<LogsService>(store, env);
  LogWriter* writer = service.get();
  return Logs{std::move(service), writer};
}

std::unique_ptr<aws::Service> MakeLogsService(storage::KvStore& store, const aws::ServiceEnvironment& env) {
  return MakeLogs(store, env).service;
}

}  // namespace cloudlet::logs
