#include "schedule/timer_engine.h"

#include <algorithm>
#include <chrono>

namespace cloudlet::schedule {
namespace {

class WallClock final : public Clock {
 public:
  int64_t NowMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

const Clock& SystemClock() {
  static const WallClock clock;
  return clock;
}

TimerEngine::TimerEngine(const Clock& clock, int64_t max_sleep_ms)
    : clock_(clock), max_sleep_ms_(max_sleep_ms), thread_([this] { Run(); }) {}

TimerEngine::~TimerEngine() { Stop(); }

void TimerEngine::Set(const std::string& key, int64_t due_ms, Callback callback) {
  {
    std::lock_guard lock(mutex_);
    uint64_t generation = next_generation_++;
    timers_[key] = Timer{generation, std::move(callback)};
    heap_.push(Entry{due_ms, generation, key});
  }
  wake_.notify_one();
}

void TimerEngine::Cancel(const std::string& key) {
  std::lock_guard lock(mutex_);
  timers_.erase(key);  // its heap entry is dropped when it surfaces
}

void TimerEngine::CancelPrefix(const std::string& prefix) {
  std::lock_guard lock(mutex_);
  for (auto it = timers_.lower_bound(prefix); it != timers_.end() && it->first.starts_with(prefix);)
    it = timers_.erase(it);
}

void TimerEngine::Poke() { wake_.notify_one(); }

void TimerEngine::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::size_t TimerEngine::pending() const {
  std::lock_guard lock(mutex_);
  return timers_.size();
}

void TimerEngine::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // Drop entries of cancelled or replaced timers.
    while (!heap_.empty()) {
      auto it = timers_.find(heap_.top().key);
      if (it != timers_.end() && it->second.generation == heap_.top().generation) break;
      heap_.pop();
    }
    int64_t now = clock_.NowMs();
    if (heap_.empty() || heap_.top().due_ms > now) {
      int64_t wait = heap_.empty() ? max_sleep_ms_ : std::min(max_sleep_ms_, heap_.top().due_ms - now);
      wake_.wait_for(lock, std::chrono::milliseconds(wait));
      continue;
    }
    Entry entry = heap_.top();
    heap_.pop();
    auto it = timers_.find(entry.key);
    Callback callback = std::move(it->second.callback);
    timers_.erase(it);
    lock.unlock();
    callback();
    lock.lock();
  }
}

}  // namespace cloudlet::schedule
