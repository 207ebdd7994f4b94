// Pool accounting with fake environments: reuse, scale-out, the concurrency
// limit, versions and revisions, reserved concurrency, idle deaths, retire,
// idle reaping and shutdown.
#include "lambda/environment_pool.h"

#include <gtest/gtest.h>

#include <deque>
#include <vector>

namespace cloudlet::lambda {
namespace {

struct FakeEnvironment : Environment {
  int id = 0;
  int invocations = 0;
  bool stopped = false;
  bool reusable = true;
  bool dead = false;  // found dead when an invocation reaches it
  Done pending;  // held when the test wants the invocation to stay busy
  bool hold = false;
  ExitNotice on_exit;
  void Invoke(std::shared_ptr<const InvokeRequest> request, Done done) override {
    ++invocations;
    if (dead) return done(aws::AwsError::Internal("dead"), AfterInvoke::kDiscardAndRetry);
    if (hold) {
      pending = std::move(done);
      return;
    }
    InvokeResult r;
    r.payload = "env" + std::to_string(id) + ":" + request->payload;
    done(std::move(r), reusable ? AfterInvoke::kReuse : AfterInvoke::kDiscard);
  }
  void Finish() { std::exchange(pending, nullptr)(InvokeResult{}, AfterInvoke::kReuse); }
  void Stop() override {
    stopped = true;
    if (pending) std::exchange(pending, nullptr)(aws::AwsError::Internal("stopped"), AfterInvoke::kDiscard);
  }
};

struct PoolFixture : ::testing::Test {
  std::vector<std::shared_ptr<FakeEnvironment>> made;
  bool hold_new = false;
  std::shared_ptr<EnvironmentPool> MakePool(int max, std::chrono::seconds idle = std::chrono::seconds(600)) {
    return std::make_shared<EnvironmentPool>(
        [this](const FunctionSpec&, ExitNotice on_exit) -> aws::Result<std::shared_ptr<Environment>> {
          auto env = std::make_shared<FakeEnvironment>();
          env->id = static_cast<int>(made.size());
          env->hold = hold_new;
          env->on_exit = std::move(on_exit);
          made.push_back(env);
          return std::shared_ptr<Environment>(env);
        },
        max, idle);
  }
  static FunctionSpec Fn(std::string name, std::string revision = "r1", std::string version = "$LATEST",
                         std::optional<int> reserved = std::nullopt) {
    FunctionSpec f;
    f.name = std::move(name);
    f.revision = std::move(revision);
    f.version = std::move(version);
    f.reserved_concurrency = reserved;
    return f;
  }
  // Starts an invocation that stays busy until the test finishes it.
  std::optional<aws::Result<InvokeResult>>& Hold(EnvironmentPool& pool, const FunctionSpec& f) {
    hold_new = true;
    held.emplace_back();
    auto* slot = &held.back();
    pool.Invoke(f, InvokeRequest{"id", "x", "", false}, [slot](aws::Result<InvokeResult> r) { slot->emplace(std::move(r)); });
    hold_new = false;
    return *slot;
  }
  static std::string Reason(const aws::Result<InvokeResult>& r) {
    if (r.ok()) return "ok";
    EXPECT_EQ(r.error().http_status, 429);
    EXPECT_EQ(r.error().code, "TooManyRequestsException");
    EXPECT_EQ(r.error().message, "Rate Exceeded.");
    return r.error().extra_json;
  }
  std::deque<std::optional<aws::Result<InvokeResult>>> held;
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
  EXPECT_EQ(results[2]->error().extra_json, R"("Reason":"ConcurrentInvocationLimitExceeded")");
  EXPECT_EQ(pool->Stats().busy, 2);
  // One finishes: its environment is warm again and the next invoke takes it.
  InvokeResult r;
  std::exchange(made[0]->pending, nullptr)(std::move(r), AfterInvoke::kReuse);
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
  made[0]->Finish();
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

TEST_F(PoolFixture, VersionsKeepTheirOwnEnvironments) {
  auto pool = MakePool(4);
  EXPECT_EQ(Run(*pool, Fn("f", "r1", "$LATEST"), "a")->payload, "env0:a");
  EXPECT_EQ(Run(*pool, Fn("f", "v1", "1"), "b")->payload, "env1:b");
  // Alternating does not retire either one.
  EXPECT_EQ(Run(*pool, Fn("f", "r1", "$LATEST"), "c")->payload, "env0:c");
  EXPECT_EQ(Run(*pool, Fn("f", "v1", "1"), "d")->payload, "env1:d");
  EXPECT_EQ(made.size(), 2u);
  EXPECT_FALSE(made[0]->stopped);
  EXPECT_FALSE(made[1]->stopped);
  // A new revision of $LATEST retires only $LATEST's environment.
  EXPECT_EQ(Run(*pool, Fn("f", "r2", "$LATEST"), "e")->payload, "env2:e");
  EXPECT_TRUE(made[0]->stopped);
  EXPECT_FALSE(made[1]->stopped);
  // Retire(name) takes every version.
  pool->Retire("f");
  EXPECT_TRUE(made[1]->stopped);
  EXPECT_TRUE(made[2]->stopped);
  EXPECT_EQ(pool->Stats().live, 0);
}

TEST_F(PoolFixture, ReservedConcurrencyZeroThrottlesEveryInvoke) {
  auto pool = MakePool(4);
  ASSERT_TRUE(Run(*pool, Fn("f"), "warm").ok());  // a warm environment does not help
  auto r = Run(*pool, Fn("f", "r1", "$LATEST", 0), "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Reason(r), R"("Reason":"ReservedFunctionConcurrentInvocationLimitExceeded")");
  EXPECT_EQ(made.size(), 1u);
  // Removing the reservation lets it run again.
  EXPECT_TRUE(Run(*pool, Fn("f"), "y").ok());
}

TEST_F(PoolFixture, ReservedConcurrencyCapsTheFunctionAcrossVersions) {
  auto pool = MakePool(10);
  auto& a = Hold(*pool, Fn("f", "r1", "$LATEST", 2));
  auto& b = Hold(*pool, Fn("f", "v1", "1", 2));
  EXPECT_FALSE(a.has_value());
  EXPECT_FALSE(b.has_value());
  auto third = Run(*pool, Fn("f", "r1", "$LATEST", 2), "x");
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(Reason(third), R"("Reason":"ReservedFunctionConcurrentInvocationLimitExceeded")");
  // Another function is unaffected.
  EXPECT_TRUE(Run(*pool, Fn("g"), "x").ok());
  // Version 1 finishes: $LATEST may start a second environment by evicting
  // version 1's idle one, keeping the function at two environments.
  made[1]->Finish();
  ASSERT_TRUE(b.has_value() && b->ok());
  EXPECT_TRUE(Run(*pool, Fn("f", "r1", "$LATEST", 2), "y").ok());
  EXPECT_TRUE(made[1]->stopped);
  EXPECT_EQ(pool->Stats().live, 3);  // f: two, g: one
}

TEST_F(PoolFixture, ReservationsAreHeldBackFromUnreservedFunctions) {
  auto pool = MakePool(3);
  ASSERT_TRUE(Run(*pool, Fn("reserved", "r1", "$LATEST", 2), "x").ok());  // the pool learns of it
  Hold(*pool, Fn("a"));  // the one unreserved slot
  auto r = Run(*pool, Fn("b"), "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Reason(r), R"("Reason":"ConcurrentInvocationLimitExceeded")");
  // The reserved function still gets both of its slots.
  made[0]->hold = true;  // its warm environment stays busy this time
  Hold(*pool, Fn("reserved", "r1", "$LATEST", 2));
  Hold(*pool, Fn("reserved", "r1", "$LATEST", 2));
  EXPECT_EQ(pool->Stats().busy, 3);
  // Once deleted (retired) its reservation no longer holds capacity back.
  made[1]->Finish();  // a's
  pool->Retire("reserved");
  EXPECT_TRUE(Run(*pool, Fn("b"), "x").ok());
}

TEST_F(PoolFixture, UnreservedFunctionEvictsAnotherVersionsIdleEnvironment) {
  auto pool = MakePool(1);
  ASSERT_TRUE(Run(*pool, Fn("f", "v1", "1"), "1").ok());
  ASSERT_TRUE(Run(*pool, Fn("f", "r1", "$LATEST"), "2").ok());
  EXPECT_TRUE(made[0]->stopped);
  EXPECT_EQ(pool->Stats().live, 1);
}

TEST_F(PoolFixture, IdleEnvironmentThatDiesIsDroppedAtOnce) {
  auto pool = MakePool(4);
  ASSERT_TRUE(Run(*pool, Fn("f"), "1").ok());
  made[0]->on_exit(made[0].get());
  EXPECT_TRUE(made[0]->stopped);
  EXPECT_EQ(pool->Stats().live, 0);
  EXPECT_EQ(pool->Stats().idle, 0);
  EXPECT_EQ(Run(*pool, Fn("f"), "2")->payload, "env1:2");
  // An exit notice from a busy environment is left to its invocation.
  auto& busy = Hold(*pool, Fn("g"));
  made[2]->on_exit(made[2].get());
  EXPECT_FALSE(made[2]->stopped);
  EXPECT_FALSE(busy.has_value());
  EXPECT_EQ(pool->Stats().busy, 1);
}

TEST_F(PoolFixture, InvocationReachingADeadEnvironmentRunsOnAnotherOne) {
  auto pool = MakePool(4);
  ASSERT_TRUE(Run(*pool, Fn("f"), "1").ok());
  made[0]->dead = true;  // died, its exit not yet noticed
  EXPECT_EQ(Run(*pool, Fn("f"), "2")->payload, "env1:2");
  EXPECT_TRUE(made[0]->stopped);
  EXPECT_EQ(pool->Stats().live, 1);
  EXPECT_EQ(pool->Stats().busy, 0);
}

}  // namespace
}  // namespace cloudlet::lambda
