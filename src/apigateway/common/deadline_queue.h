// Deadlines for work that finishes elsewhere (a Lambda invocation, an
// authorizer): Add registers a callback to run at a time unless Cancel comes
// first. One thread sleeps until the earliest deadline; adding a deadline
// later than the one it sleeps towards (the common case: every integration
// waits about as long) does not wake it, so a request costs one lock and
// one map node, no context switch.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace cloudlet::apigateway {

class DeadlineQueue {
 public:
  using Clock = std::chrono::steady_clock;
  struct Handle {
    Clock::time_point deadline;
    uint64_t id = 0;
  };

  DeadlineQueue();
  ~DeadlineQueue();  // Stop()

  // `on_expiry` runs on the queue's thread at `deadline` unless cancelled.
  Handle Add(Clock::time_point deadline, std::function<void()> on_expiry);
  // True when the callback was removed before it began to run. Safe with a
  // handle whose callback already ran.
  bool Cancel(const Handle& handle);
  // Runs nothing more; pending callbacks are dropped. Idempotent.
  void Stop();

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::pair<Clock::time_point, uint64_t>, std::function<void()>> entries_;
  uint64_t next_id_ = 1;
  Clock::time_point wake_at_ = Clock::time_point::max();
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cloudlet::apigateway
