// One line per answered request, text or JSON, to a file descriptor
// (stderr). Lines collect in a per-thread buffer — no lock shared between
// threads, no syscall per request — and reach the descriptor when a buffer
// passes 32 KB or at the latest 100 ms later (a flusher thread), and at Stop().
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/request_context.h"

namespace cloudlet::server {

class AccessLog {
 public:
  AccessLog(int fd, bool json);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void Record(const http::RequestContext& ctx, int status, std::chrono::nanoseconds latency);
  // Writes out everything recorded so far and stops the flusher.
  void Stop();

 private:
  struct Buffer {
    std::mutex mu;
    std::string data;
  };
  Buffer& LocalBuffer();
  void WriteOut(Buffer& buffer);
  void FlushLoop();

  const uint64_t id_;  // names this log in the per-thread buffer cache (see Metrics::id_)
  int fd_;
  bool json_;
  std::mutex buffers_mu_;
  std::vector<std::unique_ptr<Buffer>> buffers_;
  std::mutex flusher_mu_;
  std::condition_variable flusher_cv_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace cloudlet::server
