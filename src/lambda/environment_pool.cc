#include "lambda/environment_pool.h"

#include <vector>

namespace cloudlet::lambda {

EnvironmentPool::EnvironmentPool(EnvironmentFactory factory, int max_concurrency,
                                 std::chrono::seconds idle_timeout)
    : factory_(std::move(factory)), max_concurrency_(max_concurrency), idle_timeout_(idle_timeout) {}

EnvironmentPool::~EnvironmentPool() { Shutdown(); }

aws::AwsError EnvironmentPool::TooManyRequests() {
  auto error = aws::AwsError::Make(429, "TooManyRequestsException", "Rate Exceeded.");
  error.extra_json = R"("Reason":"ConcurrentInvocationLimitExceeded","Type":"User")";
  return error;
}

bool EnvironmentPool::ReserveSlotLocked(const std::string& name,
                                        std::vector<std::shared_ptr<Environment>>& to_stop) {
  if (live_ < max_concurrency_) {
    ++live_;
    return true;
  }
  // Full: give the slot of the longest-idle environment of any other function.
  FunctionEnvironments* victim = nullptr;
  for (auto& [other, envs] : functions_) {
    if (other == name || envs.idle.empty()) continue;
    if (!victim || envs.idle.front().since < victim->idle.front().since) victim = &envs;
  }
  if (!victim) return false;
  to_stop.push_back(std::move(victim->idle.front().env));
  victim->idle.pop_front();
  return true;  // live_ unchanged: one stopped, one started
}

void EnvironmentPool::Invoke(const FunctionSpec& function, InvokeRequest request,
                             std::function<void(aws::Result<InvokeResult>)> done) {
  std::shared_ptr<Environment> env;
  std::vector<std::shared_ptr<Environment>> to_stop;
  bool start_new = false;
  {
    std::lock_guard lock(mu_);
    if (shut_down_) {
      return done(aws::AwsError::Make(500, "ServiceException", "The Lambda service is shutting down."));
    }
    auto& envs = functions_[function.name];
    if (envs.revision != function.revision) {
      // New code or configuration: the old environments never serve again.
      for (auto& idle : envs.idle) to_stop.push_back(std::move(idle.env));
      live_ -= static_cast<int>(envs.idle.size());
      envs.idle.clear();
      envs.revision = function.revision;
    }
    if (!envs.idle.empty()) {
      env = std::move(envs.idle.back().env);  // the warmest one
      envs.idle.pop_back();
      ++envs.busy;
    } else if (ReserveSlotLocked(function.name, to_stop)) {
      start_new = true;
      ++envs.busy;
    }
  }
  for (auto& old : to_stop) old->Stop();
  if (!env && !start_new) return done(TooManyRequests());
  if (start_new) {
    // Started outside the lock: spawning a process takes milliseconds.
    auto made = factory_(function);
    if (!made.ok()) {
      {
        std::lock_guard lock(mu_);
        --live_;
        if (auto it = functions_.find(function.name); it != functions_.end()) --it->second.busy;
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
  env->Invoke(std::move(request),
              [weak, env, name = function.name, revision = function.revision,
               done = std::move(done)](aws::Result<InvokeResult> result, bool reusable) mutable {
                if (auto pool = weak.lock()) {
                  pool->Release(name, revision, std::move(env), reusable);
                } else {
                  env->Stop();
                }
                done(std::move(result));
              });
}

void EnvironmentPool::Release(const std::string& name, const std::string& revision,
                              std::shared_ptr<Environment> env, bool reusable) {
  bool stop = true;
  {
    std::lock_guard lock(mu_);
    busy_envs_.erase(env.get());
    auto it = functions_.find(name);
    if (it != functions_.end()) {
      --it->second.busy;
      if (reusable && !shut_down_ && it->second.revision == revision) {
        it->second.idle.push_back({env, Clock::now()});
        stop = false;
      }
    }
    if (stop) --live_;
  }
  if (stop) env->Stop();
}

void EnvironmentPool::Retire(std::string_view function_name) {
  std::vector<std::shared_ptr<Environment>> to_stop;
  {
    std::lock_guard lock(mu_);
    auto it = functions_.find(function_name);
    if (it == functions_.end()) return;
    for (auto& idle : it->second.idle) to_stop.push_back(std::move(idle.env));
    live_ -= static_cast<int>(it->second.idle.size());
    it->second.idle.clear();
    // Busy environments are stopped when they come back: no revision matches.
    it->second.revision = "\x01retired";
  }
  for (auto& env : to_stop) env->Stop();
}

void EnvironmentPool::ReapIdle(Clock::time_point now) {
  std::vector<std::shared_ptr<Environment>> to_stop;
  {
    std::lock_guard lock(mu_);
    for (auto& [name, envs] : functions_) {
      while (!envs.idle.empty() && now - envs.idle.front().since >= idle_timeout_) {
        to_stop.push_back(std::move(envs.idle.front().env));
        envs.idle.pop_front();
        --live_;
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
    for (auto& [name, envs] : functions_) {
      for (auto& idle : envs.idle) to_stop.push_back(std::move(idle.env));
      live_ -= static_cast<int>(envs.idle.size());
      envs.idle.clear();
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
  for (const auto& [name, envs] : functions_) {
    stats.busy += envs.busy;
    stats.idle += static_cast<int>(envs.idle.size());
  }
  return stats;
}

}  // namespace cloudlet::lambda
