// CreateRestApi, GetRestApis, GetRestApi, UpdateRestApi, DeleteRestApi.
// A new API has its root resource "/"; endpoint types default to EDGE
// (ipv4), apiKeySource to HEADER.
#include <fmt/format.h>

#include <charconv>

#include "apigateway/common/ids.h"
#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/patch.h"

namespace cloudlet::apigateway::rest {
namespace {

constexpr int64_t kMaxCompression = 10485760;

aws::AwsError BadCompression() {
  return errors::BadRequest("Invalid minimum compression size, must be between 0 and 10485760");
}

aws::Status CheckApiKeySource(std::string_view input, std::string_view value) {
  if (value == "HEADER" || value == "AUTHORIZER") return aws::OkStatus();
  return errors::Validation(fmt::format("1 validation error detected: Value '{}' at '{}.apiKeySource' failed to "
                                        "satisfy constraint: Member must satisfy enum value set: [HEADER, AUTHORIZER]",
                                        value, input));
}

aws::Result<json::object> ReadEndpointConfiguration(const json::object& body) {
  json::object out;
  json::array types;
  std::string ip = "ipv4";
  if (const json::value* ec = Given(body, "endpointConfiguration")) {
    if (!ec->is_object()) return errors::Serialization("java.lang.String", "EndpointConfiguration");
    auto given = OptStringList(ec->as_object(), "types");
    CLOUDLET_TRY(given);
    if (*given) types = std::move(**given);
    std::vector<std::string> bad;
    for (const auto& t : types)
      if (t != "REGIONAL" && t != "EDGE" && t != "PRIVATE") bad.emplace_back(t.as_string());
    auto address = OptString(ec->as_object(), "ipAddressType");
    CLOUDLET_TRY(address);
    std::vector<std::string> problems;
    if (!bad.empty()) {
      std::string list;
      for (const auto& b : bad) list += (list.empty() ? "" : ", ") + b;
      problems.push_back(fmt::format("Value '[{}]' at 'createRestApiInput.endpointConfiguration.types' failed to "
                                     "satisfy constraint: Member must satisfy constraint: [Member must satisfy enum "
                                     "value set: [PRIVATE, EDGE, REGIONAL]]",
                                     list));
    }
    if (*address && **address != "ipv4" && **address != "dualstack")
      problems.push_back(fmt::format("Value '{}' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed "
                                     "to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]",
                                     **address));
    if (!problems.empty()) {
      std::string message = fmt::format("{} validation error{} detected: ", problems.size(),
                                        problems.size() == 1 ? "" : "s");
      for (std::size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
      return errors::Validation(std::move(message));
    }
    if (types.size() > 1) return errors::BadRequest("Cannot create an api with multiple Endpoint Types.");
    if (!types.empty() && types[0] == "PRIVATE") ip = "dualstack";
    if (*address) {
      if (!types.empty() && types[0] == "PRIVATE" && **address != "dualstack")
        return errors::BadRequest("Only dualstack ipAddressType is supported for Private APIs.");
      ip = **address;
    }
  }
  if (types.empty()) types.push_back("EDGE");
  out["ipAddressType"] = ip;
  out["types"] = std::move(types);
  return out;
}

json::array BinaryTypes(const json::object& api) {
  const json::value* v = api.if_contains("binaryMediaTypes");
  return v && v->is_array() ? v->as_array() : json::array{};
}

void SetBinaryTypes(json::object& api, json::array types) {
  if (types.empty()) api.erase("binaryMediaTypes");
  else api["binaryMediaTypes"] = std::move(types);
}

// One patch operation of UpdateRestApi.
aws::Status ApplyApiPatch(json::object& api, const PatchOp& op) {
  const auto& seg = op.segments;
  if (seg.empty()) return InvalidPatchPath(op.path);
  const std::string& member = seg[0];
  if (member == "binaryMediaTypes") {
    if (seg.size() != 2) return InvalidPatchPath(op.path);
    json::array types = BinaryTypes(api);
    auto find = [&types](std::string_view t) {
      for (std::size_t i = 0; i < types.size(); ++i)
        if (types[i].as_string() == t) return static_cast<int>(i);
      return -1;
    };
    if (op.op == "add") {
      if (find(seg[1]) < 0) types.emplace_back(seg[1]);
    } else if (op.op == "remove") {
      if (int at = find(seg[1]); at >= 0) types.erase(types.begin() + at);
    } else if (op.op == "replace") {
      auto value = PatchValue(op);
      CLOUDLET_TRY(value);
      if (int at = find(seg[1]); at >= 0) types[at] = *value;
      else types.emplace_back(*value);
    } else {
      return PatchOpNotOneOf("add, remove, replace");
    }
    SetBinaryTypes(api, std::move(types));
    return aws::OkStatus();
  }
  if (seg.size() != 1) return InvalidPatchPath(op.path);
  if (member == "minimumCompressionSize") {
    if (op.op != "replace") return PatchOpNotOneOf("replace");
    if (!op.value || op.value->empty()) {
      api.erase("minimumCompressionSize");
      return aws::OkStatus();
    }
    int64_t n = 0;
    auto [p, ec] = std::from_chars(op.value->data(), op.value->data() + op.value->size(), n);
    if (ec != std::errc() || p != op.value->data() + op.value->size() || n < 0 || n > kMaxCompression)
      return BadCompression();
    api["minimumCompressionSize"] = n;
    return aws::OkStatus();
  }
  static constexpr std::string_view kStrings[] = {"name", "description", "version", "policy", "apiKeySource"};
  bool is_string = false;
  for (auto s : kStrings) is_string = is_string || s == member;
  if (is_string || member == "disableExecuteApiEndpoint") {
    if (op.op == "remove" && (member == "description" || member == "version" || member == "policy")) {
      api.erase(member);
      return aws::OkStatus();
    }
    if (op.op != "replace") return PatchOpNotOneOf("replace");
    auto value = PatchValue(op);
    CLOUDLET_TRY(value);
    if (member == "disableExecuteApiEndpoint") {
      api[member] = TextIsTrue(*value);
    } else if (member == "apiKeySource") {
      CLOUDLET_TRY(CheckApiKeySource("updateRestApiInput", *value));
      api[member] = *value;
    } else if (member == "name" && value->empty()) {
      return errors::BadRequest("Name cannot be empty");
    } else if (value->empty() && member != "name") {
      api.erase(member);
    } else {
      api[member] = *value;
    }
    return aws::OkStatus();
  }
  return InvalidPatchPath(op.path);
}

}  // namespace

aws::Result<ControlReply> CreateRestApi(ControlPlane& cp, const ControlRequest& req) {
  if (auto mode = req.QueryParam("mode"); mode && *mode == "import")
    return errors::NotFound("cloudlet does not support ImportRestApi (OpenAPI import) yet");
  const json::object& body = req.body;
  auto name = OptString(body, "name");
  CLOUDLET_TRY(name);
  if (!*name || (*name)->empty()) return errors::BadRequest("Name cannot be empty");
  json::object api;
  std::string id = NewResourceId(10);
  std::string root_id = NewResourceId(10);
  auto key_source = OptString(body, "apiKeySource");
  CLOUDLET_TRY(key_source);
  if (*key_source) CLOUDLET_TRY(CheckApiKeySource("createRestApiInput", **key_source));
  api["apiKeySource"] = *key_source ? **key_source : "HEADER";
  auto binary = OptStringList(body, "binaryMediaTypes");
  CLOUDLET_TRY(binary);
  if (*binary && !(*binary)->empty()) api["binaryMediaTypes"] = std::move(**binary);
  api["createdDate"] = NowEpochSeconds();
  auto description = OptString(body, "description");
  CLOUDLET_TRY(description);
  if (*description) {
    if ((*description)->empty()) return errors::BadRequest("Description cannot be an empty string");
    api["description"] = **description;
  }
  auto disabled = OptBool(body, "disableExecuteApiEndpoint");
  CLOUDLET_TRY(disabled);
  api["disableExecuteApiEndpoint"] = disabled->value_or(false);
  auto endpoint = ReadEndpointConfiguration(body);
  CLOUDLET_TRY(endpoint);
  api["endpointConfiguration"] = std::move(*endpoint);
  api["id"] = id;
  if (Given(body, "minimumCompressionSize")) {
    const json::value& v = body.at("minimumCompressionSize");
    if (!v.is_int64() && !v.is_uint64()) return BadCompression();
    int64_t n = v.is_int64() ? v.as_int64() : static_cast<int64_t>(std::min<uint64_t>(v.as_uint64(), INT64_MAX));
    if (n < 0 || n > kMaxCompression) return BadCompression();
    api["minimumCompressionSize"] = n;
  }
  api["name"] = **name;
  auto policy = OptString(body, "policy");
  CLOUDLET_TRY(policy);
  if (*policy && !(*policy)->empty()) api["policy"] = **policy;
  api["rootResourceId"] = root_id;
  auto tags = OptStringMap(body, "tags");
  CLOUDLET_TRY(tags);
  if (*tags && !(*tags)->empty()) api["tags"] = std::move(**tags);
  auto version = OptString(body, "version");
  CLOUDLET_TRY(version);
  if (*version && !(*version)->empty()) api["version"] = **version;
  if (auto clone = OptString(body, "cloneFrom"); clone.ok() && *clone)
    return errors::BadRequest("cloudlet does not support cloneFrom yet");
  api["_region"] = req.region;

  json::object root;
  root["id"] = root_id;
  root["path"] = "/";
  storage::WriteBatch batch;
  cp.store().PutApi(batch, id, api);
  cp.store().PutChild(batch, id, Kind::kResource, root_id, root);
  CLOUDLET_TRY(cp.Commit(batch, id));
  return JsonReply(201, api);
}

aws::Result<ControlReply> GetRestApis(ControlPlane& cp, const ControlRequest& req) {
  auto all = cp.store().ListApis();
  CLOUDLET_TRY(all);
  std::vector<Child> mine;
  for (auto& a : *all)
    if (InRegion(a.record, req.region)) mine.push_back(std::move(a));
  return Page(req, mine);
}

aws::Result<ControlReply> GetRestApi(ControlPlane& cp, const ControlRequest& req) {
  auto api = cp.LoadApi(req, req.Label("restapi_id"));
  CLOUDLET_TRY(api);
  return JsonReply(200, *api, true);
}

aws::Result<ControlReply> UpdateRestApi(ControlPlane& cp, const ControlRequest& req) {
  std::string_view id = req.Label("restapi_id");
  auto api = cp.LoadApi(req, id);
  CLOUDLET_TRY(api);
  auto ops = ReadPatchOperations(req.body, "updateRestApiInput");
  CLOUDLET_TRY(ops);
  for (const auto& op : *ops) CLOUDLET_TRY(ApplyApiPatch(*api, op));
  storage::WriteBatch batch;
  cp.store().PutApi(batch, id, *api);
  CLOUDLET_TRY(cp.Commit(batch, id));
  return JsonReply(200, *api, true);
}

aws::Result<ControlReply> DeleteRestApi(ControlPlane& cp, const ControlRequest& req) {
  std::string_view id = req.Label("restapi_id");
  CLOUDLET_TRY(cp.LoadApi(req, id));
  storage::WriteBatch batch;
  cp.store().DeleteApi(batch, id);
  CLOUDLET_TRY(cp.Commit(batch, id));
  return Accepted(202);
}

}  // namespace cloudlet::apigateway::rest
