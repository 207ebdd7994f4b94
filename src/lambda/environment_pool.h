// The warm pool: execution environments per function, keyed by revision.
//
// An environment serves one invocation at a time. An invocation takes an idle
// environment of the function's current revision, else starts a new one if
// fewer than max_concurrency environments live (evicting the longest-idle
// environment of another function when that frees a slot), else fails with
// TooManyRequestsException (429). A newer revision retires every environment
// of the older one: idle ones at once, busy ones when they finish. Idle
// environments are reaped after idle_timeout. Environments are made by a
// factory so that the accounting can be tested with fakes.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "lambda/invoker.h"

namespace cloudlet::lambda {

// One execution environment as the pool sees it.
class Environment {
 public:
  using Done = std::function<void(aws::Result<InvokeResult> result, bool reusable)>;
  virtual ~Environment() = default;
  // Runs one invocation; `done` is called exactly once, from any thread.
  // `reusable` is false when the environment died (crash, timeout, init
  // error) and must not serve again.
  virtual void Invoke(InvokeRequest request, Done done) = 0;
  // Kills the environment; a running invocation completes with an error.
  virtual void Stop() = 0;
};

using EnvironmentFactory =
    std::function<aws::Result<std::shared_ptr<Environment>>(const FunctionSpec& function)>;

struct PoolStats {
  int live = 0;   // environments started and not yet stopped
  int busy = 0;
  int idle = 0;
};

class EnvironmentPool : public std::enable_shared_from_this<EnvironmentPool> {
 public:
  using Clock = std::chrono::steady_clock;

  EnvironmentPool(EnvironmentFactory factory, int max_concurrency, std::chrono::seconds idle_timeout);
  ~EnvironmentPool();

  void Invoke(const FunctionSpec& function, InvokeRequest request,
              std::function<void(aws::Result<InvokeResult>)> done);
  void Retire(std::string_view function_name);
  // Stops idle environments unused since `now - idle_timeout`.
  void ReapIdle(Clock::time_point now = Clock::now());
  // Stops everything; later invokes fail.
  void Shutdown();
  PoolStats Stats() const;

  static aws::AwsError TooManyRequests();

 private:
  struct Idle {
    std::shared_ptr<Environment> env;
    Clock::time_point since;
  };
  struct FunctionEnvironments {
    std::string revision;
    std::deque<Idle> idle;  // most recently used at the back
    int busy = 0;
  };

  // Under mu_: a slot for a new environment (may evict another function's idle one).
  bool ReserveSlotLocked(const std::string& name, std::vector<std::shared_ptr<Environment>>& to_stop);
  void Release(const std::string& name, const std::string& revision,
               std::shared_ptr<Environment> env, bool reusable);

  EnvironmentFactory factory_;
  const int max_concurrency_;
  const std::chrono::seconds idle_timeout_;
  mutable std::mutex mu_;
  std::map<std::string, FunctionEnvironments, std::less<>> functions_;
  std::map<Environment*, std::shared_ptr<Environment>> busy_envs_;
  int live_ = 0;
  bool shut_down_ = false;
};

}  // namespace cloudlet::lambda
