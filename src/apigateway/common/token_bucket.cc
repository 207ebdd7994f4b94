#include "apigateway/common/token_bucket.h"

#include <algorithm>

namespace cloudlet::apigateway {

bool TokenBucket::Take(Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (now > last_) {
    double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    last_ = now;
  }
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

}  // namespace cloudlet::apigateway
