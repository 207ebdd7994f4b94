// Pool accounting with fake environments: reuse, scale-out, the concurrency
// limit, revisions, retire, idle reaping and shutdown.
#include "lambda/environment_pool.h"

#include <gtest/gtest.h>

#include <vector>

namespace cloudlet::lambda {
namespace {

struct FakeEnvironment : Environment {
  int id = 0;
  int invocations = 0;
  bool stopped = false;
  bool reusable = true;
  Done pending;  // held when the test wants the invocation to stay busy
  bool hold = false;
  void Invoke(InvokeRequest request, Done done) override {
    ++invocations;
    if (hold) {
      pending = std::move(done);
      return;
    }
    InvokeResult r;
    r.payload = "env" + std::to_string(id) + ":" + request.payload;
    done(std::move(r), reusable);
  }
  void Stop() override {
    stopped = true;
    if (pending) std::exchange(pending, nullptr)(aws::AwsError::Internal("stopped"), false);
  }
};

struct PoolFixture : ::testing::Test {
  std::vector<std::shared_ptr<FakeEnvironment>> made;
  bool hold_new = false;
  std::shared_ptr<EnvironmentPool> MakePool(int max, std::chrono::seconds idle = std::chrono::seconds(600)) {
    return std::make_shared<EnvironmentPool>(
        [this](const FunctionSpec&) -> aws::Result<std::shared_ptr<Environment>> {
          auto env = std::make_shared<FakeEnvironment>();
          env->id = static_cast<int>(made.size());
          env->hold = hold_new;
          made.push_back(env);
          return std::shared_ptr<Environment>(env);
        },
        max, idle);
  }
  static FunctionSpec Fn(std::string name, std::string revision = "r1") {
    FunctionSpec f;
    f.name = std::move(name);
    f.revision = std::move(revision);
    return f;
  }
  static aws::Result<InvokeResult> Run(EnvironmentPool& pool, const FunctionSpec& f, std::string payload) {
    std::optional<aws::Result<InvokeResult>> out;
    pool.Invoke(f, InvokeRequest{"id", std::move(payload), "", false}, [&](aws::Result<InvokeResult> r) { out.emplace(std::move(r)); });
    return std::move(*out);
  }
};

TEST_F(PoolFixture, ReusesAWarmEnvironment) {
  auto pool = MakePool(4);
  EXPECT_EQ(Run(*pool, Fn("f"), "a")->payload, "env0:a");
  EXPECT_EQ(Run(*pool, Fn("f"), "b")->payload, "env0:b");
  EXPECT_EQ(made.size(), 1u);
  EXPECT_EQ(pool->Stats().idle, 1);
  EXPECT_EQ(pool->Stats().live, 1);
}

TEST_F(PoolFixture, ScalesOutThenThrottlesAtTheLimit) {
  auto pool = MakePool(2);
  hold_new = true;
  std::vector<std::optional<aws::Result<InvokeResult>>> results(3);
  for (int i = 0; i < 3; ++i) {
    pool->Invoke(Fn("f"), InvokeRequest{"id", "x", "", false}, [&, i](aws::Result<InvokeResult> r) { results[i].emplace(std::move(r)); });
  }
  EXPECT_EQ(made.size(), 2u);
  ASSERT_TRUE(results[2].has_value());
  ASSERT_FALSE(results[2]->ok());
  EXPECT_EQ(results[2]->error().http_status, 429);
  EXPECT_EQ(results[2]->error().code, "TooManyRequestsException");
  EXPECT_EQ(results[2]->error().message, "Rate Exceeded.");
  EXPECT_EQ(pool->Stats().busy, 2);
  // One finishes: its environment is warm again and the next invoke takes it.
  InvokeResult r;
  std::exchange(made[0]->pending, nullptr)(std::move(r), true);
  EXPECT_EQ(pool->Stats().idle, 1);
  made[0]->hold = false;
  EXPECT_TRUE(Run(*pool, Fn("f"), "y").ok());
  EXPECT_EQ(made.size(), 2u);
}

TEST_F(PoolFixture, EvictsAnotherFunctionsIdleEnvironmentWhenFull) {
  auto pool = MakePool(1);
  ASSERT_TRUE(Run(*pool, Fn("a"), "1").ok());
  ASSERT_TRUE(Run(*pool, Fn("b"), "2").ok());
  EXPECT_TRUE(made[0]->stopped);
  EXPECT_EQ(pool->Stats().live, 1);
}

TEST_F(PoolFixture, NewRevisionRetiresOldEnvironments) {
  auto pool = MakePool(4);
  ASSERT_TRUE(Run(*pool, Fn("f", "r1"), "1").ok());
  EXPECT_EQ(Run(*pool, Fn("f", "r2"), "2")->payload, "env1:2");
  EXPECT_TRUE(made[0]->stopped);
  EXPECT_EQ(pool->Stats().live, 1);
}

TEST_F(PoolFixture, BusyEnvironmentOfAnOldRevisionIsStoppedWhenItReturns) {
  auto pool = MakePool(4);
  hold_new = true;
  std::optional<aws::Result<InvokeResult>> first;
  pool->Invoke(Fn("f", "r1"), InvokeRequest{"id", "x", "", false}, [&](aws::Result<InvokeResult> r) { first.emplace(std::move(r)); });
  hold_new = false;
  ASSERT_TRUE(Run(*pool, Fn("f", "r2"), "y").ok());
  std::exchange(made[0]->pending, nullptr)(InvokeResult{}, true);
  EXPECT_TRUE(made[0]->stopped);
  EXPECT_EQ(pool->Stats().live, 1);
}

TEST_F(PoolFixture, DeadEnvironmentIsReplaced) {
  auto pool = MakePool(4);
  ASSERT_TRUE(Run(*pool, Fn("f"), "1").ok());
  made[0]->reusable = false;  // the next invocation kills it (crash, timeout)
  ASSERT_TRUE(Run(*pool, Fn("f"), "2").ok());
  EXPECT_TRUE(made[0]->stopped);
  EXPECT_EQ(Run(*pool, Fn("f"), "3")->payload, "env1:3");
  EXPECT_EQ(pool->Stats().live, 1);
}

TEST_F(PoolFixture, RetireAndReapAndShutdown) {
  auto pool = MakePool(4, std::chrono::seconds(60));
  ASSERT_TRUE(Run(*pool, Fn("a"), "1").ok());
  ASSERT_TRUE(Run(*pool, Fn("b"), "1").ok());
  pool->Retire("a");
  EXPECT_TRUE(made[0]->stopped);
  EXPECT_EQ(pool->Stats().live, 1);
  pool->ReapIdle(EnvironmentPool::Clock::now() + std::chrono::seconds(30));
  EXPECT_FALSE(made[1]->stopped);
  pool->ReapIdle(EnvironmentPool::Clock::now() + std::chrono::seconds(61));
  EXPECT_TRUE(made[1]->stopped);
  EXPECT_EQ(pool->Stats().live, 0);
  hold_new = true;
  std::optional<aws::Result<InvokeResult>> busy;
  pool->Invoke(Fn("c"), InvokeRequest{"id", "x", "", false}, [&](aws::Result<InvokeResult> r) { busy.emplace(std::move(r)); });
  pool->Shutdown();
  ASSERT_TRUE(busy.has_value());
  EXPECT_FALSE(busy->ok());
  EXPECT_EQ(pool->Stats().live, 0);
  EXPECT_FALSE(Run(*pool, Fn("c"), "x").ok());
}

}  // namespace
}  // namespace cloudlet::lambda
