// The warm pool: execution environments per function version, keyed by revision.
//
// An environment serves one invocation at a time. An invocation takes an idle
// environment of its function version's current revision, else starts a new
// one when the concurrency rules allow, else fails with
// TooManyRequestsException (429):
//   - a function with reserved concurrency N (PutFunctionConcurrency) runs at
//     most N invocations and keeps at most N environments, all versions
//     together (an idle one of another version is evicted to make room);
//     N = 0 throttles every invoke. Reason: ReservedFunctionConcurrentInvocationLimitExceeded.
//   - functions without a reservation share max_concurrency minus every
//     reservation the pool knows about (learned from the specs it is given),
//     as AWS holds reserved capacity back from the unreserved pool; when that
//     share is full the longest-idle unreserved environment is evicted, else
//     Reason: ConcurrentInvocationLimitExceeded.
// Versions do not retire each other; a newer revision of one version retires
// that version's environments (idle ones at once, busy ones when they
// finish). An idle environment whose process dies is dropped when it says so
// (its exit notice), and one found dead only when an invocation reaches it
// hands the invocation back to be run elsewhere. Idle environments are reaped
// after idle_timeout. Environments are made by a factory so that the
// accounting can be tested with fakes.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "lambda/invoker.h"

namespace cloudlet::lambda {

// What the pool does with an environment once an invocation on it ends.
enum class AfterInvoke {
  kReuse,    // it is healthy and warm: keep it
  kDiscard,  // it died or was killed (crash, timeout, init error): stop it
  // It was already dead when the invocation reached it, and the invocation
  // never ran: stop it and run the invocation on another environment.
  kDiscardAndRetry,
};

// One execution environment as the pool sees it.
class Environment {
 public:
  using Done = std::function<void(aws::Result<InvokeResult> result, AfterInvoke after)>;
  virtual ~Environment() = default;
  // Runs one invocation; `done` is called exactly once, from any thread. The
  // request is shared so that an invocation handed back can run again.
  virtual void Invoke(std::shared_ptr<const InvokeRequest> request, Done done) = 0;
  // Kills the environment; a running invocation completes with an error.
  virtual void Stop() = 0;
};

// Called by an environment whose process exited, with itself (from any thread).
using ExitNotice = std::function<void(Environment* environment)>;

using EnvironmentFactory = std::function<aws::Result<std::shared_ptr<Environment>>(
    const FunctionSpec& function, ExitNotice on_exit)>;

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
  // Retires every version of the function and forgets its reservation.
  void Retire(std::string_view function_name);
  // Stops idle environments unused since `now - idle_timeout`.
  void ReapIdle(Clock::time_point now = Clock::now());
  // Stops everything; later invokes fail.
  void Shutdown();
  PoolStats Stats() const;

  static constexpr std::string_view kAccountLimitReason = "ConcurrentInvocationLimitExceeded";
  static constexpr std::string_view kReservedLimitReason = "ReservedFunctionConcurrentInvocationLimitExceeded";
  // 429 "Rate Exceeded." with the body member Reason.
  static aws::AwsError TooManyRequests(std::string_view reason);

 private:
  struct Idle {
    std::shared_ptr<Environment> env;
    Clock::time_point since;
  };
  struct VersionEnvironments {
    std::string revision;
    std::deque<Idle> idle;  // most recently used at the back
  };
  struct FunctionEnvironments {
    std::optional<int> reserved;  // as the latest spec said
    int live = 0;                 // environments of every version, starting ones included
    int busy = 0;                 // invocations running, every version
    std::map<std::string, VersionEnvironments, std::less<>> versions;
  };
  using Done = std::function<void(aws::Result<InvokeResult>)>;

  void Run(const FunctionSpec& function, std::shared_ptr<const InvokeRequest> request, Done done,
           int retries_left);
  // Under mu_: room for one more environment of `fn`, or the reason there is none.
  std::optional<std::string_view> ReserveSlotLocked(FunctionEnvironments& fn,
                                                    std::vector<std::shared_ptr<Environment>>& to_stop);
  // Under mu_: stops the longest-idle environment of a function `eligible` accepts.
  bool EvictLocked(const std::function<bool(const FunctionEnvironments&)>& eligible,
                   std::vector<std::shared_ptr<Environment>>& to_stop);
  void Release(const FunctionSpec& function, std::shared_ptr<Environment> env, AfterInvoke after);
  void OnEnvironmentExit(Environment* env);

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
