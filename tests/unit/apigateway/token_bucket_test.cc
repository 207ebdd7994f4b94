#include "apigateway/common/token_bucket.h"

#include <gtest/gtest.h>

namespace cloudlet::apigateway::http_api {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucketTest, BurstThenRate) {
  auto t0 = TokenBucket::Clock::time_point{} + 1h;
  TokenBucket bucket(2.0, 3.0, t0);
  EXPECT_TRUE(bucket.Take(t0));
  EXPECT_TRUE(bucket.Take(t0));
  EXPECT_TRUE(bucket.Take(t0));
  EXPECT_FALSE(bucket.Take(t0));
  EXPECT_FALSE(bucket.Take(t0 + 400ms));  // 0.8 tokens
  EXPECT_TRUE(bucket.Take(t0 + 500ms));   // 1 token
  EXPECT_FALSE(bucket.Take(t0 + 500ms));
  // A long pause refills to the burst, no more.
  auto later = t0 + 10s;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(bucket.Take(later));
  EXPECT_FALSE(bucket.Take(later));
}

TEST(TokenBucketTest, ZeroLimitsRefuseEverything) {
  auto t0 = TokenBucket::Clock::time_point{} + 1h;
  TokenBucket closed(0.0, 0.0, t0);
  EXPECT_FALSE(closed.Take(t0));
  EXPECT_FALSE(closed.Take(t0 + 1h));
  TokenBucket once(0.0, 1.0, t0);
  EXPECT_TRUE(once.Take(t0));
  EXPECT_FALSE(once.Take(t0 + 1h));
}

TEST(TokenBucketTest, ClockGoingBackwardsAddsNothing) {
  auto t0 = TokenBucket::Clock::time_point{} + 1h;
  TokenBucket bucket(1000.0, 1.0, t0);
  EXPECT_TRUE(bucket.Take(t0));
  EXPECT_FALSE(bucket.Take(t0 - 1s));
}

}  // namespace
}  // namespace cloudlet::apigateway::http_api
