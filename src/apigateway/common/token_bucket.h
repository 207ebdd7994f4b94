// A token bucket per stage route (APIGW guide "http-api-throttling"): it
// holds at most `burst` tokens, refills at `rate` per second, and each
// request takes one; an empty bucket means 429 {"message":"Too Many
// Requests"}. Starts full. Rate 0 and burst 0 refuse everything.
// Thread-safe; Take costs one uncontended lock.
#pragma once

#include <chrono>
#include <mutex>

namespace cloudlet::apigateway {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;
  TokenBucket(double rate_per_second, double burst, Clock::time_point now = Clock::now())
      : rate_(rate_per_second), burst_(burst), tokens_(burst), last_(now) {}

  // Takes one token; false when none is left.
  bool Take(Clock::time_point now = Clock::now());

  double rate() const { return rate_; }
  double burst() const { return burst_; }

 private:
  const double rate_;
  const double burst_;
  std::mutex mu_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace cloudlet::apigateway
