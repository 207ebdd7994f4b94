// One background thread running posted tasks in order: work that must not
// hold an edge thread (writing access-log lines into CloudWatch Logs). At
// most `max_queued` tasks wait; beyond that a post is dropped and counted.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace cloudlet::apigateway {

class Worker {
 public:
  explicit Worker(std::size_t max_queued = 65536);
  ~Worker();  // Stop()

  // False (and the task dropped) when the queue is full or stopped.
  bool Post(std::function<void()> task);
  // Runs what is queued, then ends the thread. Idempotent.
  void Stop();
  uint64_t dropped() const;

 private:
  void Run();

  const std::size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  uint64_t dropped_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cloudlet::apigateway
