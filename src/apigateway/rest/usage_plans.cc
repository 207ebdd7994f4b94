#include "apigateway/rest/usage_plans.h"

#include <boost/json.hpp>

#include <limits>

#include "apigateway/rest/fields.h"

namespace cloudlet::apigateway::rest {

void UsagePlans::Invalidate() {
  std::lock_guard lock(mu_);
  index_.reset();
}

aws::Result<std::shared_ptr<const UsagePlans::Index>> UsagePlans::Load() const {
  auto index = std::make_shared<Index>();
  auto plans = store_.keys().List('u', {}, SIZE_MAX);
  CLOUDLET_TRY(plans);
  std::unordered_map<std::string, const Plan*> plan_of;
  for (const auto& p : *plans) {
    auto plan = std::make_unique<Plan>();
    plan->id = p.id;
    if (const json::value* stages = p.record.if_contains("apiStages"); stages && stages->is_array())
      for (const auto& s : stages->as_array())
        if (s.is_object()) {
          std::string key(Str(s.as_object(), "apiId"));
          key.push_back('\0');
          key.append(Str(s.as_object(), "stage"));
          plan->stages.push_back(std::move(key));
        }
    const json::object& throttle = Obj(p.record, "throttle");
    plan->rate = Num(throttle, "rateLimit");
    plan->burst = Num(throttle, "burstLimit");
    const json::object& quota = Obj(p.record, "quota");
    plan->period = ParseQuotaPeriod(Str(quota, "period"));
    plan->quota_limit = static_cast<int64_t>(Num(quota, "limit").value_or(0));
    plan->quota_offset = static_cast<int64_t>(Num(quota, "offset").value_or(0));
    plan_of[p.id] = plan.get();
    index->plans.push_back(std::move(plan));
  }
  auto keys = store_.keys().List('k', {}, SIZE_MAX);
  CLOUDLET_TRY(keys);
  std::unordered_map<std::string, std::string> by_id;  // key id → index key
  for (const auto& k : *keys) {
    std::string slot(Str(k.record, "_region"));
    slot.push_back('\0');
    slot.append(Str(k.record, "value"));
    Key key{k.id, Bool(k.record, "enabled"), {}};
    by_id[k.id] = slot;
    index->keys.emplace(std::move(slot), std::move(key));
  }
  for (const auto& [plan_id, plan] : plan_of) {
    auto members = store_.keys().ListChildren(plan_id, 'k');
    CLOUDLET_TRY(members);
    for (const auto& m : *members) {
      auto slot = by_id.find(m.id);
      if (slot != by_id.end()) index->keys[slot->second].plans.push_back(plan);
    }
  }
  return std::shared_ptr<const Index>(std::move(index));
}

std::shared_ptr<const UsagePlans::Index> UsagePlans::Current() {
  {
    std::lock_guard lock(mu_);
    if (index_) return index_;
  }
  auto loaded = Load();
  if (!loaded.ok()) return nullptr;
  std::lock_guard lock(mu_);
  if (!index_) index_ = *loaded;
  return index_;
}

UsagePlans::Counter& UsagePlans::CounterFor(const std::string& plan_id, const std::string& key_id) {
  std::string slot = plan_id;
  slot.push_back('\0');
  slot.append(key_id);
  std::lock_guard lock(mu_);
  auto& c = counters_[slot];
  if (!c) c = std::make_unique<Counter>();
  return *c;
}

UsagePlans::Admission UsagePlans::Admit(std::string_view region, std::string_view api_id, std::string_view stage,
                                        std::string_view value, std::chrono::system_clock::time_point now) {
  Admission out;
  if (value.empty()) return out;
  auto index = Current();
  if (!index) return out;
  std::string slot(region);
  slot.push_back('\0');
  slot.append(value);
  auto key = index->keys.find(slot);
  if (key == index->keys.end() || !key->second.enabled) return out;
  std::string stage_key(api_id);
  stage_key.push_back('\0');
  stage_key.append(stage);
  const Plan* plan = nullptr;
  for (const Plan* p : key->second.plans)
    for (const auto& s : p->stages)
      if (s == stage_key) plan = p;
  if (!plan) return out;
  out.key_id = key->second.id;
  out.plan_id = plan->id;

  Counter& c = CounterFor(plan->id, key->second.id);
  std::lock_guard lock(c.mu);
  if (plan->rate || plan->burst) {
    double rate = plan->rate.value_or(std::numeric_limits<double>::infinity());
    double burst = plan->burst.value_or(std::max(1.0, plan->rate.value_or(1.0)));
    if (!c.bucket || c.bucket->rate() != rate || c.bucket->burst() != burst)
      c.bucket = std::make_unique<TokenBucket>(rate, burst);
    if (!c.bucket->Take()) {
      out.verdict = Verdict::kThrottled;
      return out;
    }
  }
  int64_t today = DayOfEpochSeconds(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  if (c.day != today) {
    auto stored = store_.DayCount(plan->id, key->second.id, DayText(today));
    if (!stored.ok()) return out;  // the store failed: refuse rather than count nothing
    c.day = today;
    c.day_count = *stored;
  }
  if (plan->period) {
    int64_t start = PeriodStart(*plan->period, plan->quota_offset, today);
    if (c.period_start != start) {
      int64_t used = 0;
      for (int64_t d = start; d < today; ++d) {
        auto n = store_.DayCount(plan->id, key->second.id, DayText(d));
        if (!n.ok()) return out;
        used += *n;
      }
      c.period_start = start;
      c.period_used = used + c.day_count;
    }
    if (c.period_used >= plan->quota_limit) {
      out.verdict = Verdict::kQuotaExceeded;
      return out;
    }
  }
  storage::WriteBatch batch;
  store_.PutDayCount(batch, plan->id, key->second.id, DayText(today), c.day_count + 1);
  if (!store_.Write(batch).ok()) return out;
  ++c.day_count;
  ++c.period_used;
  out.verdict = Verdict::kAllowed;
  return out;
}

}  // namespace cloudlet::apigateway::rest
