// CreateApiKey, GetApiKeys, GetApiKey, UpdateApiKey, DeleteApiKey. A key's
// value is 20-128 characters, 40 generated ones when none is given, unique
// in its region; values are shown only when asked (includeValue(s)) and by
// CreateApiKey. Keys are disabled unless created enabled.
#include <fmt/format.h>

#include <algorithm>

#include "apigateway/common/ids.h"
#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/patch.h"

namespace cloudlet::apigateway::rest {
namespace {

constexpr std::size_t kMaxDescription = 125000;

aws::Result<json::object> LoadKey(const ControlPlane& cp, const ControlRequest& req, std::string_view id) {
  auto key = cp.store().keys().Get('k', id);
  CLOUDLET_TRY(key);
  if (!*key || !InRegion(**key, req.region)) return errors::ApiKeyNotFound();
  return std::move(**key);
}

json::object Shown(const json::object& key, bool with_value) {
  json::object out = Visible(key);
  if (!with_value) out.erase("value");
  return out;
}

bool QueryTrue(const ControlRequest& req, std::string_view name) {
  auto v = req.QueryParam(name);
  return v && TextIsTrue(*v);
}

// "restApiId/stageName" of each stage key, checked to exist.
aws::Result<json::array> ReadStageKeys(const ControlPlane& cp, const ControlRequest& req, const json::object& body) {
  json::array out;
  const json::value* list = Given(body, "stageKeys");
  if (!list) return out;
  if (!list->is_array()) return errors::Serialization("java.util.LinkedHashMap", "List");
  for (const auto& item : list->as_array()) {
    if (!item.is_object()) return errors::Serialization("java.lang.String", "StageKey");
    std::string_view api = Str(item.as_object(), "restApiId"), stage = Str(item.as_object(), "stageName");
    auto found = cp.store().GetChild(api, Kind::kStage, stage);
    CLOUDLET_TRY(found);
    if (api.empty() || stage.empty() || !*found)
      return errors::BadRequest(fmt::format("Invalid stage key specified: {}/{}", api, stage));
    out.emplace_back(fmt::format("{}/{}", api, stage));
  }
  return out;
}

}  // namespace

aws::Result<ControlReply> CreateApiKey(ControlPlane& cp, const ControlRequest& req) {
  if (auto mode = req.QueryParam("mode"); mode && *mode == "import")
    return errors::NotFound("cloudlet does not support ImportApiKeys yet");
  const json::object& body = req.body;
  json::object key;
  auto name = OptString(body, "name");
  CLOUDLET_TRY(name);
  if (*name && (*name)->size() > 1024) return errors::BadRequest("Invalid API Key name, can be at most 1024 characters.");
  auto description = OptString(body, "description");
  CLOUDLET_TRY(description);
  if (*description && (*description)->size() > kMaxDescription)
    return errors::BadRequest("Invalid API Key description specified.");
  auto value = OptString(body, "value");
  CLOUDLET_TRY(value);
  std::string secret = *value ? **value : std::string{};
  if (secret.empty()) secret = NewKeyValue(40);
  if (secret.size() < 20) return errors::BadRequest("API Key value should be at least 20 characters");
  if (secret.size() > 128) return errors::BadRequest("API Key value exceeds maximum size of 128 characters");
  std::string index_id = RestStore::ValueIndexId(req.region, secret);
  auto taken = cp.store().keys().Get('v', index_id);
  CLOUDLET_TRY(taken);
  if (*taken) return errors::Conflict("API Key value already exists");
  auto enabled = OptBool(body, "enabled");
  CLOUDLET_TRY(enabled);
  auto customer = OptString(body, "customerId");
  CLOUDLET_TRY(customer);
  auto stage_keys = ReadStageKeys(cp, req, body);
  CLOUDLET_TRY(stage_keys);
  auto tags = OptStringMap(body, "tags");
  CLOUDLET_TRY(tags);

  std::string id = NewResourceId(10);
  int64_t now = NowEpochSeconds();
  key["createdDate"] = now;
  if (*customer && !(*customer)->empty()) key["customerId"] = **customer;
  if (*description && !(*description)->empty()) key["description"] = **description;
  key["enabled"] = enabled->value_or(false);
  key["id"] = id;
  key["lastUpdatedDate"] = now;
  if (*name && !(*name)->empty()) key["name"] = **name;
  key["stageKeys"] = std::move(*stage_keys);
  if (*tags && !(*tags)->empty()) key["tags"] = std::move(**tags);
  key["value"] = secret;
  key["_region"] = req.region;
  key["_created"] = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  json::object index;
  index["id"] = id;
  storage::WriteBatch batch;
  cp.store().keys().Put(batch, 'k', id, key);
  cp.store().keys().Put(batch, 'v', index_id, index);
  CLOUDLET_TRY(cp.CommitKeys(batch));
  return JsonReply(201, key);
}

aws::Result<ControlReply> GetApiKeys(ControlPlane& cp, const ControlRequest& req) {
  auto all = cp.store().keys().List('k', {}, SIZE_MAX);
  CLOUDLET_TRY(all);
  auto name_query = req.QueryParam("name");
  auto customer = req.QueryParam("customerId");
  bool values = QueryTrue(req, "includeValues");
  std::vector<Child> items;
  for (auto& k : *all) {
    if (!InRegion(k.record, req.region)) continue;
    if (name_query && !name_query->empty() && !Str(k.record, "name").starts_with(*name_query)) continue;
    if (customer && !customer->empty() && Str(k.record, "customerId") != *customer) continue;
    items.push_back(std::move(k));
  }
  // Newest first, as AWS lists them.
  std::sort(items.begin(), items.end(), [](const Child& a, const Child& b) {
    return Num(a.record, "_created").value_or(0) > Num(b.record, "_created").value_or(0);
  });
  for (auto& k : items) k.record = Shown(k.record, values);
  return Page(req, items);
}

aws::Result<ControlReply> GetApiKey(ControlPlane& cp, const ControlRequest& req) {
  auto key = LoadKey(cp, req, req.Label("api_Key"));
  CLOUDLET_TRY(key);
  json::object out = Shown(*key, QueryTrue(req, "includeValue"));
  if (!out.contains("tags")) out["tags"] = json::object{};
  return ControlReply{200, json::serialize(out)};
}

aws::Result<ControlReply> UpdateApiKey(ControlPlane& cp, const ControlRequest& req) {
  std::string_view id = req.Label("api_Key");
  auto key = LoadKey(cp, req, id);
  CLOUDLET_TRY(key);
  auto ops = ReadPatchOperations(req.body, "updateApiKeyInput");
  CLOUDLET_TRY(ops);
  for (const auto& op : *ops) {
    const auto& seg = op.segments;
    if (!seg.empty() && seg[0] == "stages" && (op.op == "add" || op.op == "remove")) {
      // value "restApiId/stageName"
      std::string stage_key = op.value.value_or("");
      json::value& list = (*key)["stageKeys"];
      if (!list.is_array()) list.emplace_array();
      json::array& keys = list.as_array();
      for (std::size_t i = 0; i < keys.size();)
        if (keys[i].as_string() == stage_key) keys.erase(keys.begin() + i);
        else ++i;
      if (op.op == "add") {
        auto slash = stage_key.find('/');
        auto found = cp.store().GetChild(std::string_view(stage_key).substr(0, slash), Kind::kStage,
                                         slash == std::string::npos ? std::string_view{} : std::string_view(stage_key).substr(slash + 1));
        CLOUDLET_TRY(found);
        if (!*found) return errors::BadRequest(fmt::format("Invalid stage key specified: {}", stage_key));
        keys.emplace_back(stage_key);
      }
      continue;
    }
    bool known = seg.size() == 1 &&
                 (seg[0] == "description" || seg[0] == "enabled" || seg[0] == "name" || seg[0] == "customerId");
    if (op.op != "replace" || !known) {
      if (op.op == "replace") return PatchPathNotOneOf(op, "/description, /enabled, /name, /customerId");
      return PatchOpNotSupported(op);
    }
    std::string value = op.value.value_or("");
    if (seg[0] == "enabled") {
      (*key)["enabled"] = TextIsTrue(value);
    } else if (seg[0] == "description" && value.size() > kMaxDescription) {
      return errors::BadRequest("Invalid API Key description specified.");
    } else if (seg[0] == "name" && value.size() > 1024) {
      return errors::BadRequest("Invalid API Key name, can be at most 1024 characters.");
    } else if (value.empty()) {
      key->erase(seg[0]);
    } else {
      (*key)[seg[0]] = value;
    }
  }
  (*key)["lastUpdatedDate"] = NowEpochSeconds();
  storage::WriteBatch batch;
  cp.store().keys().Put(batch, 'k', id, *key);
  CLOUDLET_TRY(cp.CommitKeys(batch));
  json::object out = Shown(*key, false);
  if (!out.contains("tags")) out["tags"] = json::object{};
  return ControlReply{200, json::serialize(out)};
}

aws::Result<ControlReply> DeleteApiKey(ControlPlane& cp, const ControlRequest& req) {
  std::string_view id = req.Label("api_Key");
  auto key = LoadKey(cp, req, id);
  CLOUDLET_TRY(key);
  storage::WriteBatch batch;
  cp.store().keys().Delete(batch, 'k', id);
  cp.store().keys().Delete(batch, 'v', RestStore::ValueIndexId(req.region, Str(*key, "value")));
  // The key leaves every usage plan it was in.
  auto plans = cp.store().keys().List('u', {}, SIZE_MAX);
  CLOUDLET_TRY(plans);
  for (const auto& p : *plans) {
    auto member = cp.store().keys().GetChild(p.id, 'k', id);
    CLOUDLET_TRY(member);
    if (!*member) continue;
    cp.store().keys().DeleteChild(batch, p.id, 'k', id);
    cp.store().DeleteCounts(batch, p.id, id);
  }
  CLOUDLET_TRY(cp.CommitKeys(batch));
  return Accepted(202);
}

}  // namespace cloudlet::apigateway::rest
