#include "server/access_log.h"

#include <fmt/format.h>
#include <unistd.h>

#include <ctime>

#include "aws/protocol/protocols.h"

namespace cloudlet::server {
namespace {

constexpr std::size_t kFlushBytes = 32 * 1024;
constexpr auto kFlushInterval = std::chrono::milliseconds(100);

// "2026-11-25T08:12:16.123Z", the seconds part formatted once a second per thread.
void AppendTimestamp(std::string& out) {
  thread_local std::time_t cached = 0;
  thread_local char prefix[24];
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  if (seconds != cached) {
    cached = seconds;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    std::strftime(prefix, sizeof prefix, "%Y-%m-%dT%H:%M:%S", &tm);
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  fmt::format_to(std::back_inserter(out), "{}.{:03}Z", prefix, ms);
}

}  // namespace

namespace {
std::atomic<uint64_t> next_access_log_id{1};
}  // namespace

AccessLog::AccessLog(int fd, bool json)
    : id_(next_access_log_id.fetch_add(1, std::memory_order_relaxed)), fd_(fd), json_(json),
      flusher_([this] { FlushLoop(); }) {}

AccessLog::~AccessLog() { Stop(); }

AccessLog::Buffer& AccessLog::LocalBuffer() {
  thread_local std::vector<std::pair<uint64_t, Buffer*>> mine;
  for (auto& [owner, buffer] : mine)
    if (owner == id_) return *buffer;
  std::lock_guard lock(buffers_mu_);
  buffers_.push_back(std::make_unique<Buffer>());
  mine.emplace_back(id_, buffers_.back().get());
  return *buffers_.back();
}

void AccessLog::Record(const http::RequestContext& ctx, int status, std::chrono::nanoseconds latency) {
  double ms = std::chrono::duration<double, std::milli>(latency).count();
  Buffer& buffer = LocalBuffer();
  std::lock_guard lock(buffer.mu);
  std::string& out = buffer.data;
  if (json_) {
    out += R"({"time":")";
    AppendTimestamp(out);
    out += R"(","type":"access","service":")";
    aws::AppendJsonEscaped(out, ctx.service);
    out += R"(","operation":")";
    aws::AppendJsonEscaped(out, ctx.operation);
    fmt::format_to(std::back_inserter(out), R"(","status":{},"duration_ms":{:.3f},"request_id":"{}","remote":"{}"}})",
                   status, ms, ctx.request_id, ctx.remote_address);
  } else {
    AppendTimestamp(out);
    fmt::format_to(std::back_inserter(out), " access {} {} {} {:.3f}ms {} {}", ctx.service,
                   ctx.operation.empty() ? std::string_view("-") : std::string_view(ctx.operation), status, ms,
                   ctx.request_id, ctx.remote_address);
  }
  out += '\n';
  if (out.size() >= kFlushBytes) WriteOut(buffer);
}

// Caller holds buffer.mu.
void AccessLog::WriteOut(Buffer& buffer) {
  std::string_view rest = buffer.data;
  while (!rest.empty()) {
    ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n <= 0) break;  // a closed or full log must not stop the server
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  buffer.data.clear();
}

void AccessLog::FlushLoop() {
  std::unique_lock lock(flusher_mu_);
  while (!stopping_) {
    flusher_cv_.wait_for(lock, kFlushInterval);
    std::lock_guard buffers_lock(buffers_mu_);
    for (auto& b : buffers_) {
      std::lock_guard buffer_lock(b->mu);
      if (!b->data.empty()) WriteOut(*b);
    }
  }
}

void AccessLog::Stop() {
  {
    std::lock_guard lock(flusher_mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  flusher_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  std::lock_guard buffers_lock(buffers_mu_);
  for (auto& b : buffers_) {
    std::lock_guard buffer_lock(b->mu);
    if (!b->data.empty()) WriteOut(*b);
  }
}

}  // namespace cloudlet::server
