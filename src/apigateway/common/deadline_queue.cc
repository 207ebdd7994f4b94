#include "apigateway/common/deadline_queue.h"

namespace cloudlet::apigateway {

DeadlineQueue::DeadlineQueue() : thread_([this] { Run(); }) {}

DeadlineQueue::~DeadlineQueue() { Stop(); }

DeadlineQueue::Handle DeadlineQueue::Add(Clock::time_point deadline, std::function<void()> on_expiry) {
  std::lock_guard lock(mu_);
  Handle h{deadline, next_id_++};
  entries_.emplace(std::pair{deadline, h.id}, std::move(on_expiry));
  // The thread wakes at wake_at_ anyway and then sleeps towards the earliest entry.
  if (deadline < wake_at_) cv_.notify_one();
  return h;
}

bool DeadlineQueue::Cancel(const Handle& handle) {
  std::lock_guard lock(mu_);
  return entries_.erase(std::pair{handle.deadline, handle.id}) > 0;
}

void DeadlineQueue::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    entries_.clear();
  }
  cv_.notify_one();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void DeadlineQueue::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    auto now = Clock::now();
    if (!entries_.empty() && entries_.begin()->first.first <= now) {
      std::function<void()> fn = std::move(entries_.begin()->second);
      entries_.erase(entries_.begin());
      lock.unlock();
      fn();
      lock.lock();
      continue;
    }
    wake_at_ = entries_.empty() ? Clock::time_point::max() : entries_.begin()->first.first;
    if (wake_at_ == Clock::time_point::max()) cv_.wait(lock);
    else cv_.wait_until(lock, wake_at_);
  }
}

}  // namespace cloudlet::apigateway
