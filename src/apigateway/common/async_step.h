// The asynchronous steps of one data-plane request (an authorizer, an
// integration): each step opens a token; its completion and its deadline
// race to settle it, and only the winner goes on. A stale callback of an
// earlier step can never settle a later one. Both kinds of API use it.
#pragma once

#include <atomic>
#include <cstdint>

namespace cloudlet::apigateway {

class AsyncSteps {
 public:
  // Opens a step; call only while owning the request.
  uint64_t Open() {
    uint64_t token = ++last_token_;
    open_token_.store(token, std::memory_order_release);
    return token;
  }
  // Wins the step `token`; false when its other side (or a later step) won.
  bool Settle(uint64_t token) {
    uint64_t expected = token;
    return open_token_.compare_exchange_strong(expected, 0, std::memory_order_acq_rel);
  }

 private:
  std::atomic<uint64_t> open_token_{0};
  uint64_t last_token_ = 0;
};

}  // namespace cloudlet::apigateway
