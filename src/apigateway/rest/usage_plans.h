// API keys and usage plans on the data plane (APIGW guide
// "api-gateway-api-usage-plans"): a method with apiKeyRequired takes the
// key's value from x-api-key (or the authorizer's usageIdentifierKey when
// the API's apiKeySource is AUTHORIZER); the key must be enabled and in a
// usage plan bound to the API stage. Then the plan's throttle (a token
// bucket per key) and quota (requests per DAY/WEEK/MONTH) apply:
//   no key, unknown, disabled, in no plan of the stage → 403 {"message":"Forbidden"}
//   throttled                                          → 429 {"message":"Too Many Requests"}
//   quota used up                                      → 429 {"message":"Limit Exceeded"}
// Every admitted request is counted per plan, key and UTC day in the store
// (rest_store.h, 0x5A), written before the request goes on, so quotas
// survive a restart and GetUsage reads the same counts.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "apigateway/common/token_bucket.h"
#include "apigateway/rest/quota_period.h"
#include "apigateway/rest/rest_store.h"

namespace cloudlet::apigateway::rest {

class UsagePlans {
 public:
  explicit UsagePlans(const RestStore& store) : store_(store) {}

  enum class Verdict { kAllowed, kForbidden, kThrottled, kQuotaExceeded };
  struct Admission {
    Verdict verdict = Verdict::kForbidden;
    std::string key_id;
    std::string plan_id;
  };

  // Admits one request of the key whose value is `value` to `api_id`'s `stage`.
  Admission Admit(std::string_view region, std::string_view api_id, std::string_view stage, std::string_view value,
                  std::chrono::system_clock::time_point now = std::chrono::system_clock::now());
  // Keys or plans changed: the next Admit reads them again (counters stay).
  void Invalidate();

 private:
  struct Plan {
    std::string id;
    std::vector<std::string> stages;  // "apiId\0stage"
    std::optional<double> rate, burst;
    std::optional<QuotaPeriod> period;
    int64_t quota_limit = 0, quota_offset = 0;
  };
  struct Key {
    std::string id;
    bool enabled = false;
    std::vector<const Plan*> plans;
  };
  struct Index {
    std::vector<std::unique_ptr<Plan>> plans;
    std::unordered_map<std::string, Key> keys;  // "region\0value"
  };
  // What one key uses of one plan; kept across Invalidate.
  struct Counter {
    std::mutex mu;
    std::unique_ptr<TokenBucket> bucket;
    int64_t day = -1;            // the day `day_count` counts
    int64_t day_count = 0;
    int64_t period_start = -1;   // the quota period `period_used` counts
    int64_t period_used = 0;
  };

  std::shared_ptr<const Index> Current();
  aws::Result<std::shared_ptr<const Index>> Load() const;
  Counter& CounterFor(const std::string& plan_id, const std::string& key_id);

  const RestStore& store_;
  std::mutex mu_;
  std::shared_ptr<const Index> index_;  // null: to be loaded
  std::unordered_map<std::string, std::unique_ptr<Counter>> counters_;  // "plan\0key"
};

}  // namespace cloudlet::apigateway::rest
