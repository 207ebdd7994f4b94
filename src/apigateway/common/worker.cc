#include "apigateway/common/worker.h"

namespace cloudlet::apigateway {

Worker::Worker(std::size_t max_queued) : max_queued_(max_queued), thread_([this] { Run(); }) {}

Worker::~Worker() { Stop(); }

bool Worker::Post(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || tasks_.size() >= max_queued_) {
      ++dropped_;
      return false;
    }
    tasks_.push_back(std::move(task));
    if (tasks_.size() > 1) return true;  // the thread is awake already
  }
  cv_.notify_one();
  return true;
}

void Worker::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

uint64_t Worker::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

void Worker::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;  // stopping, nothing left
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace cloudlet::apigateway
