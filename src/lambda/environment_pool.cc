#include "lambda/environment_pool.h"

#include <algorithm>

namespace cloudlet::lambda {
namespace {

// How often one invocation may be handed back by environments found dead.
constexpr int kMaxDeadEnvironmentRetries = 2;
constexpr std::string_view kRetired = "\x01retired";

}  // namespace

EnvironmentPool::EnvironmentPool(EnvironmentFactory factory, int max_concurrency,
                                 std::chrono::seconds idle_timeout)
    : factory_(std::move(factory)), max_concurrency_(max_concurrency), idle_timeout_(idle_timeout) {}

EnvironmentPool::~EnvironmentPool() { Shutdown(); }

aws::AwsError EnvironmentPool::TooManyRequests(std::string_view reason) {
  auto error = aws::AwsError::Make(429, "TooManyRequestsException", "Rate Exceeded.");
  // "Type" is written by the error renderer; Reason is the shape's own member.
  error.extra_json = "\"Reason\":\"" + std::string(reason) + "\"";
  return error;
}

bool EnvironmentPool::EvictLocked(const std::function<bool(const FunctionEnvironments&)>& eligible,
                                  std::vector<std::shared_ptr<Environment>>& to_stop) {
  FunctionEnvironments* victim_fn = nullptr;
  std::deque<Idle>* victim = nullptr;
  for (auto& [name, fn] : functions_) {
    if (!eligible(fn)) continue;
    for (auto& [version, envs] : fn.versions) {
      if (envs.idle.empty()) continue;
      if (!victim || envs.idle.front().since < victim->front().since) {
        victim = &envs.idle;
        victim_fn = &fn;
      }
    }
  }
  if (!victim) return false;
  to_stop.push_back(std::move(victim->front().env));
  victim->pop_front();
  --victim_fn->live;
  --live_;
  return true;
}

std::optional<std::string_view> EnvironmentPool::ReserveSlotLocked(
    FunctionEnvironments& fn, std::vector<std::shared_ptr<Environment>>& to_stop) {
  if (fn.reserved) {
    // Fewer invocations than reserved run, so an idle environment of another
    // version exists whenever the function has as many as reserved.
    while (fn.live >= *fn.reserved) {
      if (!EvictLocked([&fn](const FunctionEnvironments& f) { return &f == &fn; }, to_stop)) {
        return kReservedLimitReason;
      }
    }
  } else {
    int reserved_total = 0, unreserved_live = 0;
    for (const auto& [name, f] : functions_) {
      if (f.reserved) reserved_total += *f.reserved;
      else unreserved_live += f.live;
    }
    int share = std::max(0, max_concurrency_ - reserved_total);
    auto unreserved = [](const FunctionEnvironments& f) { return !f.reserved; };
    for (; unreserved_live >= share; --unreserved_live) {
      if (!EvictLocked(unreserved, to_stop)) return kAccountLimitReason;
    }
  }
  // Reservations beyond the account limit (PutFunctionConcurrency refuses
  // them) still never take the pool past it.
  while (live_ >= max_concurrency_) {
    if (!EvictLocked([](const FunctionEnvironments&) { return true; }, to_stop)) return kAccountLimitReason;
  }
  ++live_;
  ++fn.live;
  return std::nullopt;
}

void EnvironmentPool::Invoke(const FunctionSpec& function, InvokeRequest request, Done done) {
  Run(function, std::make_shared<const InvokeRequest>(std::move(request)), std::move(done),
      kMaxDeadEnvironmentRetries);
}

void EnvironmentPool::Run(const FunctionSpec& function, std::shared_ptr<const InvokeRequest> request, Done done,
                          int retries_left) {
  std::shared_ptr<Environment> env;
  std::vector<std::shared_ptr<Environment>> to_stop;
  std::optional<std::string_view> throttled;
  {
    std::lock_guard lock(mu_);
    if (shut_down_) {
      return done(aws::AwsError::Make(500, "ServiceException", "The Lambda service is shutting down."));
    }
    auto& fn = functions_[function.name];
    fn.reserved = function.reserved_concurrency;
    auto& envs = fn.versions[function.version];
    if (envs.revision != function.revision) {
      // New code or configuration: the old environments never serve again.
      for (auto& idle : envs.idle) to_stop.push_back(std::move(idle.env));
      fn.live -= static_cast<int>(envs.idle.size());
      live_ -= static_cast<int>(envs.idle.size());
      envs.idle.clear();
      envs.revision = function.revision;
    }
    if (fn.reserved && fn.busy >= *fn.reserved) {
      throttled = kReservedLimitReason;
    } else if (!envs.idle.empty()) {
      env = std::move(envs.idle.back().env);  // the warmest one
      envs.idle.pop_back();
      ++fn.busy;
    } else {
      throttled = ReserveSlotLocked(fn, to_stop);
      if (!throttled) ++fn.busy;
    }
  }
  for (auto& old : to_stop) old->Stop();
  if (throttled) return done(TooManyRequests(*throttled));
  if (!env) {
    // Started outside the lock: spawning a process takes milliseconds.
    std::weak_ptr<EnvironmentPool> weak = weak_from_this();
    auto made = factory_(function, [weak](Environment* exited) {
      if (auto pool = weak.lock()) pool->OnEnvironmentExit(exited);
    });
    if (!made.ok()) {
      {
        std::lock_guard lock(mu_);
        --live_;
        if (auto it = functions_.find(function.name); it != functions_.end()) {
          --it->second.live;
          --it->second.busy;
        }
      }
      return done(made.take_error());
    }
    env = std::move(made.value());
  }
  {
    std::lock_guard lock(mu_);
    busy_envs_[env.get()] = env;
  }
  std::weak_ptr<EnvironmentPool> weak = weak_from_this();
  env->Invoke(request, [weak, env, function, request, retries_left, done = std::move(done)](
                           aws::Result<InvokeResult> result, AfterInvoke after) mutable {
    auto pool = weak.lock();
    if (!pool) {
      env->Stop();
      return done(std::move(result));
    }
    pool->Release(function, std::move(env), after);
    if (after == AfterInvoke::kDiscardAndRetry && retries_left > 0) {
      return pool->Run(function, std::move(request), std::move(done), retries_left - 1);
    }
    done(std::move(result));
  });
}

void EnvironmentPool::Release(const FunctionSpec& function, std::shared_ptr<Environment> env, AfterInvoke after) {
  bool stop = true;
  {
    std::lock_guard lock(mu_);
    busy_envs_.erase(env.get());
    if (auto it = functions_.find(function.name); it != functions_.end()) {
      auto& fn = it->second;
      --fn.busy;
      auto ver = fn.versions.find(function.version);
      if (after == AfterInvoke::kReuse && !shut_down_ && ver != fn.versions.end() &&
          ver->second.revision == function.revision) {
        ver->second.idle.push_back({env, Clock::now()});
        stop = false;
      } else {
        --fn.live;
      }
    }
    if (stop) --live_;
  }
  if (stop) env->Stop();
}

void EnvironmentPool::OnEnvironmentExit(Environment* exited) {
  std::shared_ptr<Environment> dead;
  {
    std::lock_guard lock(mu_);
    // Only an idle environment is dropped here: a busy one reports its death
    // through the invocation's result.
    for (auto& [name, fn] : functions_) {
      for (auto& [version, envs] : fn.versions) {
        auto it = std::find_if(envs.idle.begin(), envs.idle.end(),
                               [exited](const Idle& idle) { return idle.env.get() == exited; });
        if (it == envs.idle.end()) continue;
        dead = std::move(it->env);
        envs.idle.erase(it);
        --fn.live;
        --live_;
        break;
      }
      if (dead) break;
    }
  }
  if (dead) dead->Stop();  // releases its Runtime API, pipes and cgroups
}

void EnvironmentPool::Retire(std::string_view function_name) {
  std::vector<std::shared_ptr<Environment>> to_stop;
  {
    std::lock_guard lock(mu_);
    auto it = functions_.find(function_name);
    if (it == functions_.end()) return;
    auto& fn = it->second;
    for (auto& [version, envs] : fn.versions) {
      for (auto& idle : envs.idle) to_stop.push_back(std::move(idle.env));
      fn.live -= static_cast<int>(envs.idle.size());
      live_ -= static_cast<int>(envs.idle.size());
      envs.idle.clear();
      // Busy environments are stopped when they come back: no revision matches.
      envs.revision = kRetired;
    }
    // A deleted function holds no capacity back; the next invoke states it anew.
    fn.reserved.reset();
    if (fn.live == 0) functions_.erase(it);
  }
  for (auto& env : to_stop) env->Stop();
}

void EnvironmentPool::ReapIdle(Clock::time_point now) {
  std::vector<std::shared_ptr<Environment>> to_stop;
  {
    std::lock_guard lock(mu_);
    for (auto& [name, fn] : functions_) {
      for (auto& [version, envs] : fn.versions) {
        while (!envs.idle.empty() && now - envs.idle.front().since >= idle_timeout_) {
          to_stop.push_back(std::move(envs.idle.front().env));
          envs.idle.pop_front();
          --fn.live;
          --live_;
        }
      }
    }
  }
  for (auto& env : to_stop) env->Stop();
}

void EnvironmentPool::Shutdown() {
  std::vector<std::shared_ptr<Environment>> to_stop;
  {
    std::lock_guard lock(mu_);
    if (shut_down_) return;
    shut_down_ = true;
    for (auto& [name, fn] : functions_) {
      for (auto& [version, envs] : fn.versions) {
        for (auto& idle : envs.idle) to_stop.push_back(std::move(idle.env));
        fn.live -= static_cast<int>(envs.idle.size());
        live_ -= static_cast<int>(envs.idle.size());
        envs.idle.clear();
      }
    }
    // Busy ones complete with an error and are released (and counted) then.
    for (auto& [ptr, env] : busy_envs_) to_stop.push_back(env);
  }
  for (auto& env : to_stop) env->Stop();
}

PoolStats EnvironmentPool::Stats() const {
  std::lock_guard lock(mu_);
  PoolStats stats;
  stats.live = live_;
  for (const auto& [name, fn] : functions_) {
    stats.busy += fn.busy;
    for (const auto& [version, envs] : fn.versions) stats.idle += static_cast<int>(envs.idle.size());
  }
  return stats;
}

}  // namespace cloudlet::lambda
