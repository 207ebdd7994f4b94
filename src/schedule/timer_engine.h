// One thread that runs callbacks at wall-clock times: a min-heap of due
// times, a condition variable woken by every change, and a clock that tests
// can replace. Services key their timers by name (one timer per key: setting
// a key again replaces its timer), so a schedule that is updated or deleted
// simply re-sets or cancels its key.
//
// Callbacks run on the engine's thread, one at a time, outside the engine's
// lock: they may call Set and Cancel. They should be quick (a store write, a
// queued invocation); a slow callback delays every later timer.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

namespace cloudlet::schedule {

// Milliseconds since the epoch, wall clock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMs() const = 0;
};

// The system's wall clock.
const Clock& SystemClock();

class TimerEngine {
 public:
  using Callback = std::function<void()>;

  // `max_sleep_ms` bounds each wait, so a wall-clock step (NTP, a fake
  // clock in tests) is noticed within that time even without Poke.
  explicit TimerEngine(const Clock& clock = SystemClock(), int64_t max_sleep_ms = 1000);
  ~TimerEngine();  // Stop()
  TimerEngine(const TimerEngine&) = delete;
  TimerEngine& operator=(const TimerEngine&) = delete;

  // Runs `callback` once the clock reaches `due_ms` (at once if already
  // past), replacing any timer of `key`.
  void Set(const std::string& key, int64_t due_ms, Callback callback);
  // Removes the timer of `key`, if any. A callback already running is not
  // interrupted.
  void Cancel(const std::string& key);
  // Removes every timer whose key starts with `prefix`.
  void CancelPrefix(const std::string& prefix);
  // Wakes the thread to look at the clock again (after a fake clock moved).
  void Poke();
  // Stops the thread; no callback runs after Stop returns. Idempotent.
  void Stop();

  std::size_t pending() const;

 private:
  struct Entry {
    int64_t due_ms;
    uint64_t generation;
    std::string key;
    bool operator>(const Entry& o) const { return due_ms > o.due_ms; }
  };
  struct Timer {
    uint64_t generation;
    Callback callback;
  };
  void Run();

  const Clock& clock_;
  int64_t max_sleep_ms_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  std::map<std::string, Timer> timers_;  // the live timer of each key
  uint64_t next_generation_ = 1;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cloudlet::schedule
