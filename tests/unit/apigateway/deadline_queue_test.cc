#include "apigateway/common/deadline_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "apigateway/common/base64.h"
#include "apigateway/common/ids.h"

namespace cloudlet::apigateway {
namespace {

using namespace std::chrono_literals;

TEST(DeadlineQueueTest, FiresInDeadlineOrderUnlessCancelled) {
  DeadlineQueue q;
  std::mutex mu;
  std::vector<int> fired;
  std::promise<void> done;
  auto now = DeadlineQueue::Clock::now();
  q.Add(now + 60ms, [&] {
    std::lock_guard lock(mu);
    fired.push_back(3);
    done.set_value();
  });
  q.Add(now + 20ms, [&] {
    std::lock_guard lock(mu);
    fired.push_back(1);
  });
  auto cancelled = q.Add(now + 40ms, [&] {
    std::lock_guard lock(mu);
    fired.push_back(2);
  });
  EXPECT_TRUE(q.Cancel(cancelled));
  EXPECT_FALSE(q.Cancel(cancelled));
  ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready);
  std::lock_guard lock(mu);
  EXPECT_EQ(fired, (std::vector<int>{1, 3}));
}

TEST(DeadlineQueueTest, AnEarlierDeadlineWakesTheThread) {
  DeadlineQueue q;
  std::promise<void> early;
  auto now = DeadlineQueue::Clock::now();
  q.Add(now + 1h, [] {});
  auto started = DeadlineQueue::Clock::now();
  q.Add(now + 10ms, [&] { early.set_value(); });
  ASSERT_EQ(early.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_LT(DeadlineQueue::Clock::now() - started, 2s);
}

TEST(DeadlineQueueTest, CancelAfterFiringIsSafe) {
  DeadlineQueue q;
  std::promise<void> fired;
  auto h = q.Add(DeadlineQueue::Clock::now(), [&] { fired.set_value(); });
  fired.get_future().wait();
  EXPECT_FALSE(q.Cancel(h));
  q.Stop();
  q.Stop();
}

TEST(IdsTest, Shapes) {
  std::string id = NewResourceId(10);
  EXPECT_EQ(id.size(), 10u);
  for (char c : id) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) << id;
  EXPECT_NE(NewResourceId(10), id);
  std::string rid = NewGatewayRequestId();
  EXPECT_EQ(rid.size(), 16u);
  EXPECT_EQ(rid.back(), '=');
  std::string trace = NewTraceId(std::chrono::system_clock::time_point(std::chrono::seconds(0x5e5fd4d6)));
  EXPECT_TRUE(trace.starts_with("Root=1-5e5fd4d6-")) << trace;
  EXPECT_EQ(trace.size(), 7u + 8 + 1 + 24);
}

TEST(Base64Test, RoundTripsAndRejects) {
  for (std::string s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff", 2)})
    EXPECT_EQ(Base64Decode(Base64Encode(s)), s);
  EXPECT_EQ(Base64Decode("aGk"), "hi");
  EXPECT_FALSE(Base64Decode("a$b="));
  EXPECT_FALSE(Base64Decode("a"));
  EXPECT_EQ(Base64UrlDecode("-_8"), Base64Decode("+/8"));
}

}  // namespace
}  // namespace cloudlet::apigateway
