// CreateUsagePlan, GetUsagePlans, GetUsagePlan, UpdateUsagePlan,
// DeleteUsagePlan, CreateUsagePlanKey, GetUsagePlanKeys, GetUsagePlanKey,
// DeleteUsagePlanKey, GetUsage. A plan binds API stages ({apiId, stage}),
// a per-key throttle {burstLimit, rateLimit} and quota {limit, period, offset};
// a key may be in many plans, but in only one plan per API stage.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "apigateway/common/ids.h"
#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/patch.h"
#include "apigateway/rest/quota_period.h"

namespace cloudlet::apigateway::rest {
namespace {

constexpr int64_t kMaxUsageDays = 366;

aws::Result<json::object> LoadPlan(const ControlPlane& cp, const ControlRequest& req, std::string_view id) {
  auto plan = cp.store().keys().Get('u', id);
  CLOUDLET_TRY(plan);
  if (!*plan || !InRegion(**plan, req.region)) return errors::UsagePlanNotFound();
  return std::move(**plan);
}

aws::Status CheckApiStage(const ControlPlane& cp, const ControlRequest& req, std::string_view plan_id,
                          std::string_view api_id, std::string_view stage) {
  auto api = cp.store().GetApi(api_id);
  CLOUDLET_TRY(api);
  bool found = *api && InRegion(**api, req.region);
  if (found) {
    auto s = cp.store().GetChild(api_id, Kind::kStage, stage);
    CLOUDLET_TRY(s);
    found = s->has_value();
  }
  if (!found)
    return errors::NotFound(
        fmt::format("Invalid API Stage {{api: {}, stage: {}}} specified for usageplan {}", api_id, stage, plan_id));
  return aws::OkStatus();
}

aws::Result<json::object> ReadThrottle(const json::value& v) {
  if (!v.is_object()) return errors::Serialization("java.lang.String", "ThrottleSettings");
  json::object out;
  auto burst = OptInt(v.as_object(), "burstLimit");
  CLOUDLET_TRY(burst);
  auto rate = OptDouble(v.as_object(), "rateLimit");
  CLOUDLET_TRY(rate);
  if ((*burst && **burst < 0) || (*rate && **rate < 0))
    return errors::BadRequest("Throttle limits must be zero or more");
  if (*burst) out["burstLimit"] = **burst;
  if (*rate) out["rateLimit"] = **rate;
  return out;
}

aws::Status CheckQuota(const json::object& quota) {
  auto period = ParseQuotaPeriod(Str(quota, "period"));
  if (!period) return errors::BadRequest("Invalid quota period specified; must be one of DAY, WEEK, MONTH");
  if (Num(quota, "limit").value_or(-1) < 0) return errors::BadRequest("Quota limit must be specified and at least 0");
  return CheckQuotaOffset(*period, static_cast<int64_t>(Num(quota, "offset").value_or(0)));
}

aws::Result<json::object> ReadQuota(const json::value& v) {
  if (!v.is_object()) return errors::Serialization("java.lang.String", "QuotaSettings");
  json::object out;
  auto limit = OptInt(v.as_object(), "limit");
  CLOUDLET_TRY(limit);
  auto offset = OptInt(v.as_object(), "offset");
  CLOUDLET_TRY(offset);
  auto period = OptString(v.as_object(), "period");
  CLOUDLET_TRY(period);
  if (*limit) out["limit"] = **limit;
  out["offset"] = offset->value_or(0);
  if (*period) out["period"] = **period;
  CLOUDLET_TRY(CheckQuota(out));
  return out;
}

// A key may be in only one plan per API stage.
aws::Status CheckKeyStages(const ControlPlane& cp, std::string_view plan_id, const json::object& plan,
                           std::string_view key_id) {
  auto plans = cp.store().keys().List('u', {}, SIZE_MAX);
  CLOUDLET_TRY(plans);
  for (const auto& other : *plans) {
    if (other.id == plan_id) continue;
    auto member = cp.store().keys().GetChild(other.id, 'k', key_id);
    CLOUDLET_TRY(member);
    if (!*member) continue;
    const json::value* mine = plan.if_contains("apiStages");
    const json::value* theirs = other.record.if_contains("apiStages");
    if (!mine || !mine->is_array() || !theirs || !theirs->is_array()) continue;
    for (const auto& a : mine->as_array())
      for (const auto& b : theirs->as_array())
        if (a.is_object() && b.is_object() && Str(a.as_object(), "apiId") == Str(b.as_object(), "apiId") &&
            Str(a.as_object(), "stage") == Str(b.as_object(), "stage"))
          return errors::Conflict(fmt::format("Usage Plan {} cannot be added because API Key {} cannot reference "
                                              "multiple Usage Plans with the same API Stage: {}:{}",
                                              plan_id, key_id, Str(a.as_object(), "apiId"), Str(a.as_object(), "stage")));
  }
  return aws::OkStatus();
}

json::object PlanKeyRecord(const json::object& key) {
  json::object out;
  out["id"] = Str(key, "id");
  if (key.contains("name")) out["name"] = Str(key, "name");
  out["type"] = "API_KEY";
  out["value"] = Str(key, "value");
  return out;
}

aws::Status ApplyPlanPatch(const ControlPlane& cp, const ControlRequest& req, std::string_view plan_id,
                           json::object& plan, const PatchOp& op) {
  const auto& seg = op.segments;
  if (seg.empty()) return InvalidPatchPath(op.path);
  if (seg[0] == "apiStages" && seg.size() == 1) {
    std::string value = op.value.value_or("");
    auto colon = value.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == value.size())
      return errors::BadRequest("Invalid API Stage specified");
    std::string api_id = value.substr(0, colon), stage = value.substr(colon + 1);
    json::value& list = plan["apiStages"];
    if (!list.is_array()) list.emplace_array();
    json::array& stages = list.as_array();
    auto same = [&](const json::value& s) {
      return s.is_object() && Str(s.as_object(), "apiId") == api_id && Str(s.as_object(), "stage") == stage;
    };
    if (op.op == "add") {
      CLOUDLET_TRY(CheckApiStage(cp, req, plan_id, api_id, stage));
      if (std::none_of(stages.begin(), stages.end(), same)) {
        json::object s;
        s["apiId"] = api_id;
        s["stage"] = stage;
        stages.push_back(std::move(s));
      }
    } else if (op.op == "remove") {
      auto it = std::find_if(stages.begin(), stages.end(), same);
      if (it == stages.end())
        return errors::NotFound(fmt::format("Invalid API Stage {{api: {}, stage: {}}} specified for usageplan {}",
                                            api_id, stage, plan_id));
      stages.erase(it);
    } else {
      return PatchOpNotOneOf("add, remove");
    }
    return aws::OkStatus();
  }
  if ((seg[0] == "throttle" || seg[0] == "quota") && seg.size() == 1 && op.op == "remove") {
    plan.erase(seg[0]);
    return aws::OkStatus();
  }
  if (seg[0] == "throttle" && seg.size() == 2 && (seg[1] == "burstLimit" || seg[1] == "rateLimit")) {
    if (op.op != "replace" && op.op != "add") return PatchOpNotOneOf("add, replace");
    std::string value = op.value.value_or("");
    char* end = nullptr;
    double n = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || n < 0) return errors::BadRequest("Throttle limits must be zero or more");
    json::object& throttle = ObjMember(plan, "throttle");
    if (seg[1] == "burstLimit") throttle["burstLimit"] = static_cast<int64_t>(n);
    else throttle["rateLimit"] = n;
    return aws::OkStatus();
  }
  if (seg[0] == "quota" && seg.size() == 2 && (seg[1] == "limit" || seg[1] == "offset" || seg[1] == "period")) {
    if (op.op != "replace" && op.op != "add") return PatchOpNotOneOf("add, replace");
    std::string value = op.value.value_or("");
    json::object& quota = ObjMember(plan, "quota");
    if (!quota.contains("offset")) quota["offset"] = 0;
    if (seg[1] == "period") {
      quota["period"] = value;
    } else {
      char* end = nullptr;
      long long n = std::strtoll(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0') return errors::BadRequest(fmt::format("Invalid quota {} specified", seg[1]));
      quota[seg[1]] = static_cast<int64_t>(n);
    }
    return aws::OkStatus();
  }
  if (seg.size() == 1 && (seg[0] == "name" || seg[0] == "description" || seg[0] == "productCode")) {
    if (op.op != "replace") return PatchOpNotOneOf("replace");
    std::string value = op.value.value_or("");
    if (seg[0] == "name" && value.empty()) return errors::BadRequest("Name cannot be empty");
    if (value.empty()) plan.erase(seg[0]);
    else plan[seg[0]] = value;
    return aws::OkStatus();
  }
  return InvalidPatchPath(op.path);
}

}  // namespace

aws::Result<ControlReply> CreateUsagePlan(ControlPlane& cp, const ControlRequest& req) {
  const json::object& body = req.body;
  auto name = OptString(body, "name");
  CLOUDLET_TRY(name);
  if (!*name || (*name)->empty()) return errors::BadRequest("Name cannot be empty");
  std::string id = NewResourceId(6);
  json::object plan;
  json::array stages;
  if (const json::value* given = Given(body, "apiStages")) {
    if (!given->is_array()) return errors::Serialization("java.util.LinkedHashMap", "List");
    for (const auto& s : given->as_array()) {
      if (!s.is_object()) return errors::BadRequest("Invalid API Stage specified");
      std::string_view api_id = Str(s.as_object(), "apiId"), stage = Str(s.as_object(), "stage");
      if (api_id.empty() || stage.empty()) return errors::BadRequest("Invalid API Stage specified");
      CLOUDLET_TRY(CheckApiStage(cp, req, id, api_id, stage));
      if (const json::value* t = Given(s.as_object(), "throttle"); t && !(t->is_object() && t->as_object().empty()))
        return errors::BadRequest("cloudlet does not support per-method throttling in usage plans yet");
      json::object entry;
      entry["apiId"] = api_id;
      entry["stage"] = stage;
      stages.push_back(std::move(entry));
    }
  }
  plan["apiStages"] = std::move(stages);
  auto description = OptString(body, "description");
  CLOUDLET_TRY(description);
  if (*description && !(*description)->empty()) plan["description"] = **description;
  plan["id"] = id;
  plan["name"] = **name;
  if (const json::value* q = Given(body, "quota")) {
    auto quota = ReadQuota(*q);
    CLOUDLET_TRY(quota);
    plan["quota"] = std::move(*quota);
  }
  auto tags = OptStringMap(body, "tags");
  CLOUDLET_TRY(tags);
  if (*tags && !(*tags)->empty()) plan["tags"] = std::move(**tags);
  if (const json::value* t = Given(body, "throttle")) {
    auto throttle = ReadThrottle(*t);
    CLOUDLET_TRY(throttle);
    plan["throttle"] = std::move(*throttle);
  }
  plan["_region"] = req.region;
  storage::WriteBatch batch;
  cp.store().keys().Put(batch, 'u', id, plan);
  CLOUDLET_TRY(cp.CommitKeys(batch));
  return JsonReply(201, plan);
}

aws::Result<ControlReply> GetUsagePlans(ControlPlane& cp, const ControlRequest& req) {
  auto all = cp.store().keys().List('u', {}, SIZE_MAX);
  CLOUDLET_TRY(all);
  auto key = req.QueryParam("keyId");
  std::vector<Child> items;
  for (auto& p : *all) {
    if (!InRegion(p.record, req.region)) continue;
    if (key && !key->empty()) {
      auto member = cp.store().keys().GetChild(p.id, 'k', *key);
      CLOUDLET_TRY(member);
      if (!*member) continue;
    }
    items.push_back(std::move(p));
  }
  return Page(req, items);
}

aws::Result<ControlReply> GetUsagePlan(ControlPlane& cp, const ControlRequest& req) {
  auto plan = LoadPlan(cp, req, req.Label("usageplanId"));
  CLOUDLET_TRY(plan);
  return JsonReply(200, *plan, true);
}

aws::Result<ControlReply> UpdateUsagePlan(ControlPlane& cp, const ControlRequest& req) {
  std::string_view id = req.Label("usageplanId");
  auto plan = LoadPlan(cp, req, id);
  CLOUDLET_TRY(plan);
  auto ops = ReadPatchOperations(req.body, "updateUsagePlanInput");
  CLOUDLET_TRY(ops);
  for (const auto& op : *ops) CLOUDLET_TRY(ApplyPlanPatch(cp, req, id, *plan, op));
  if (const json::value* q = plan->if_contains("quota"); q && q->is_object()) CLOUDLET_TRY(CheckQuota(q->as_object()));
  storage::WriteBatch batch;
  cp.store().keys().Put(batch, 'u', id, *plan);
  CLOUDLET_TRY(cp.CommitKeys(batch));
  return JsonReply(200, *plan, true);
}

aws::Result<ControlReply> DeleteUsagePlan(ControlPlane& cp, const ControlRequest& req) {
  std::string_view id = req.Label("usageplanId");
  CLOUDLET_TRY(LoadPlan(cp, req, id));
  storage::WriteBatch batch;
  cp.store().keys().Delete(batch, 'u', id);
  cp.store().keys().DeleteChildren(batch, id);
  cp.store().DeleteCounts(batch, id);
  CLOUDLET_TRY(cp.CommitKeys(batch));
  return Accepted(202);
}

aws::Result<ControlReply> CreateUsagePlanKey(ControlPlane& cp, const ControlRequest& req) {
  std::string_view plan_id = req.Label("usageplanId");
  auto plan = LoadPlan(cp, req, plan_id);
  CLOUDLET_TRY(plan);
  auto key_id = OptString(req.body, "keyId");
  CLOUDLET_TRY(key_id);
  auto type = OptString(req.body, "keyType");
  CLOUDLET_TRY(type);
  if (!*type || **type != "API_KEY") return errors::BadRequest("Invalid key type specified; must be API_KEY");
  if (!*key_id) return errors::ApiKeyNotFound();
  auto key = cp.store().keys().Get('k', **key_id);
  CLOUDLET_TRY(key);
  if (!*key || !InRegion(**key, req.region)) return errors::ApiKeyNotFound();
  auto member = cp.store().keys().GetChild(plan_id, 'k', **key_id);
  CLOUDLET_TRY(member);
  if (*member) return errors::Conflict(fmt::format("Usage Plan Key {} already exists in usage plan {}", **key_id, plan_id));
  CLOUDLET_TRY(CheckKeyStages(cp, plan_id, *plan, **key_id));
  storage::WriteBatch batch;
  cp.store().keys().PutChild(batch, plan_id, 'k', **key_id, json::object{});
  CLOUDLET_TRY(cp.CommitKeys(batch));
  return JsonReply(201, PlanKeyRecord(**key));
}

aws::Result<ControlReply> GetUsagePlanKeys(ControlPlane& cp, const ControlRequest& req) {
  std::string_view plan_id = req.Label("usageplanId");
  auto plan = cp.store().keys().Get('u', plan_id);
  CLOUDLET_TRY(plan);
  std::vector<Child> items;
  if (*plan && InRegion(**plan, req.region)) {
    auto members = cp.store().keys().ListChildren(plan_id, 'k');
    CLOUDLET_TRY(members);
    auto name_query = req.QueryParam("name");
    std::vector<std::pair<double, Child>> found;
    for (const auto& m : *members) {
      auto key = cp.store().keys().Get('k', m.id);
      CLOUDLET_TRY(key);
      if (!*key) continue;
      if (name_query && !name_query->empty() && !Str(**key, "name").starts_with(*name_query)) continue;
      found.emplace_back(Num(**key, "_created").value_or(0), Child{m.id, PlanKeyRecord(**key)});
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& f : found) items.push_back(std::move(f.second));
  }
  return Page(req, items);
}

aws::Result<ControlReply> GetUsagePlanKey(ControlPlane& cp, const ControlRequest& req) {
  std::string_view plan_id = req.Label("usageplanId");
  CLOUDLET_TRY(LoadPlan(cp, req, plan_id));
  std::string_view key_id = req.Label("keyId");
  auto member = cp.store().keys().GetChild(plan_id, 'k', key_id);
  CLOUDLET_TRY(member);
  auto key = cp.store().keys().Get('k', key_id);
  CLOUDLET_TRY(key);
  if (!*member || !*key) return errors::ApiKeyNotFound();
  return JsonReply(200, PlanKeyRecord(**key));
}

aws::Result<ControlReply> DeleteUsagePlanKey(ControlPlane& cp, const ControlRequest& req) {
  std::string_view plan_id = req.Label("usageplanId");
  CLOUDLET_TRY(LoadPlan(cp, req, plan_id));
  std::string_view key_id = req.Label("keyId");
  auto member = cp.store().keys().GetChild(plan_id, 'k', key_id);
  CLOUDLET_TRY(member);
  if (!*member) return errors::ApiKeyNotFound();
  storage::WriteBatch batch;
  cp.store().keys().DeleteChild(batch, plan_id, 'k', key_id);
  CLOUDLET_TRY(cp.CommitKeys(batch));
  return Accepted(202);
}

aws::Result<ControlReply> GetUsage(ControlPlane& cp, const ControlRequest& req) {
  std::string_view plan_id = req.Label("usageplanId");
  auto plan = LoadPlan(cp, req, plan_id);
  CLOUDLET_TRY(plan);
  auto start_text = req.QueryParam("startDate"), end_text = req.QueryParam("endDate");
  std::optional<int64_t> start = start_text ? ParseDayText(*start_text) : std::nullopt;
  std::optional<int64_t> end = end_text ? ParseDayText(*end_text) : std::nullopt;
  if (!start || !end) return errors::BadRequest("The start date and the end date must be given as yyyy-MM-dd");
  const int64_t first = *start, last = *end;
  if (last < first) return errors::BadRequest("The end date must not be before the start date");
  if (last - first >= kMaxUsageDays)
    return errors::BadRequest(fmt::format("The usage of at most {} days can be asked for at once", kMaxUsageDays));
  std::vector<std::string> key_ids;
  if (auto only = req.QueryParam("keyId"); only && !only->empty()) {
    key_ids.push_back(*only);
  } else {
    auto members = cp.store().keys().ListChildren(plan_id, 'k');
    CLOUDLET_TRY(members);
    for (const auto& m : *members) key_ids.push_back(m.id);
  }
  const json::object& quota = Obj(*plan, "quota");
  std::optional<QuotaPeriod> period = ParseQuotaPeriod(Str(quota, "period"));
  int64_t offset = static_cast<int64_t>(Num(quota, "offset").value_or(0));
  int64_t limit = static_cast<int64_t>(Num(quota, "limit").value_or(0));
  json::object items;
  for (const auto& key_id : key_ids) {
    json::array days;
    int64_t period_start = -1, used_in_period = 0;
    // Counting from the start of the first day's period gives each day's remaining quota.
    int64_t from = period ? PeriodStart(*period, offset, first) : first;
    for (int64_t day = from; day <= last; ++day) {
      auto count = cp.store().DayCount(plan_id, key_id, DayText(day));
      CLOUDLET_TRY(count);
      if (period) {
        int64_t ps = PeriodStart(*period, offset, day);
        if (ps != period_start) period_start = ps, used_in_period = 0;
        used_in_period += *count;
      }
      if (day < first) continue;
      json::array pair;
      pair.push_back(*count);
      pair.push_back(period ? std::max<int64_t>(0, limit - used_in_period) : 0);
      days.push_back(std::move(pair));
    }
    items[key_id] = std::move(days);
  }
  json::object body;
  body["endDate"] = *end_text;
  body["values"] = std::move(items);  // the model's "items" on the wire
  body["startDate"] = *start_text;
  body["usagePlanId"] = plan_id;
  return ControlReply{200, json::serialize(body)};
}

}  // namespace cloudlet::apigateway::rest
