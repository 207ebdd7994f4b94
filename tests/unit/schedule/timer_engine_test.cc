#include "schedule/timer_engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace cloudlet::schedule {
namespace {

class FakeClock final : public Clock {
 public:
  int64_t NowMs() const override { return now.load(); }
  std::atomic<int64_t> now{1'000'000};
};

// Waits (real time) until `done` holds, up to two seconds.
template <typename F>
bool Eventually(F done) {
  for (int i = 0; i < 400 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return done();
}

TEST(TimerEngine, RunsTimersInDueOrderWhenTheClockReachesThem) {
  FakeClock clock;
  TimerEngine engine(clock, 20);
  std::mutex m;
  std::vector<std::string> fired;
  auto record = [&](std::string name) {
    return [&, name] {
      std::lock_guard lock(m);
      fired.push_back(name);
    };
  };
  engine.Set("b", 1'002'000, record("b"));
  engine.Set("a", 1'001'000, record("a"));
  engine.Set("c", 1'003'000, record("c"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(fired.empty());
  clock.now = 1'002'500;
  engine.Poke();
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard lock(m);
    return fired.size() == 2;
  }));
  {
    std::lock_guard lock(m);
    EXPECT_EQ(fired, (std::vector<std::string>{"a", "b"}));
  }
  EXPECT_EQ(engine.pending(), 1u);
}

TEST(TimerEngine, SetReplacesAndCancelRemoves) {
  FakeClock clock;
  TimerEngine engine(clock, 20);
  std::atomic<int> first{0}, second{0}, cancelled{0}, prefixed{0};
  engine.Set("k", 1'000'500, [&] { ++first; });
  engine.Set("k", 1'000'600, [&] { ++second; });
  engine.Set("gone", 1'000'500, [&] { ++cancelled; });
  engine.Set("group/1", 1'000'500, [&] { ++prefixed; });
  engine.Set("group/2", 1'000'500, [&] { ++prefixed; });
  engine.Cancel("gone");
  engine.CancelPrefix("group/");
  clock.now = 1'001'000;
  engine.Poke();
  ASSERT_TRUE(Eventually([&] { return second.load() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(first.load(), 0);
  EXPECT_EQ(cancelled.load(), 0);
  EXPECT_EQ(prefixed.load(), 0);
  EXPECT_EQ(engine.pending(), 0u);
}

TEST(TimerEngine, CallbacksMayRearmThemselves) {
  FakeClock clock;
  TimerEngine engine(clock, 10);
  std::atomic<int> count{0};
  std::function<void()> tick = [&] {
    if (++count < 3) engine.Set("tick", clock.NowMs(), tick);
  };
  engine.Set("tick", 0, tick);
  ASSERT_TRUE(Eventually([&] { return count.load() == 3; }));
}

TEST(TimerEngine, WallClockTimersFireWithinAFewMilliseconds) {
  TimerEngine engine;
  std::atomic<int64_t> fired_at{0};
  int64_t due = SystemClock().NowMs() + 100;
  engine.Set("soon", due, [&] { fired_at = SystemClock().NowMs(); });
  ASSERT_TRUE(Eventually([&] { return fired_at.load() != 0; }));
  EXPECT_GE(fired_at.load(), due);
  EXPECT_LT(fired_at.load(), due + 50);
}

TEST(TimerEngine, NothingRunsAfterStop) {
  FakeClock clock;
  TimerEngine engine(clock, 10);
  std::atomic<int> count{0};
  engine.Set("later", 2'000'000, [&] { ++count; });
  engine.Stop();
  clock.now = 3'000'000;
  engine.Poke();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(count.load(), 0);
  engine.Stop();  // idempotent
}

}  // namespace
}  // namespace cloudlet::schedule
