#include "apigateway/rest/stage_records.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"

namespace cloudlet::apigateway::rest {
namespace {

constexpr std::string_view kMethodSettingPaths =
    "/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, "
    "/accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, "
    "/{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, "
    "/{resourcePath}/{httpMethod}/logging/loglevel, "
    "/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit"
    "/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, "
    "/{resourcePath}/{httpMethod}/caching/dataEncrypted, "
    "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
    "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, "
    "/*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit "
    "/*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, "
    "/*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, "
    "/variables/{variable_name}, /tracingEnabled";

aws::AwsError InvalidSettingPath(std::string_view path) {
  return errors::BadRequest(fmt::format("Invalid method setting path: {}. Must be one of: [{}]", path,
                                        kMethodSettingPaths));
}

aws::AwsError NothingToRemove(std::string_view setting) {
  return errors::BadRequest(
      fmt::format("Cannot remove method setting {} because there is no method setting for this method ", setting));
}

boost::json::object DefaultMethodSetting() {
  boost::json::object s;
  s["cacheDataEncrypted"] = false;
  s["cacheTtlInSeconds"] = 300;
  s["cachingEnabled"] = false;
  s["dataTraceEnabled"] = false;
  s["metricsEnabled"] = false;
  s["requireAuthorizationForCacheControl"] = true;
  s["throttlingBurstLimit"] = 5000;
  s["throttlingRateLimit"] = 10000.0;
  s["unauthorizedCacheControlHeaderStrategy"] = "SUCCEED_WITH_RESPONSE_HEADER";
  return s;
}

// "group/setting" of a method setting path → the MethodSetting member and its type.
struct SettingMember {
  std::string_view group, setting, member;
  char type;  // 'b' bool, 'i' integer, 'd' double, 's' string
};
constexpr SettingMember kSettings[] = {
    {"metrics", "enabled", "metricsEnabled", 'b'},
    {"logging", "dataTrace", "dataTraceEnabled", 'b'},
    {"logging", "loglevel", "loggingLevel", 's'},
    {"throttling", "burstLimit", "throttlingBurstLimit", 'i'},
    {"throttling", "rateLimit", "throttlingRateLimit", 'd'},
    {"caching", "ttlInSeconds", "cacheTtlInSeconds", 'i'},
    {"caching", "enabled", "cachingEnabled", 'b'},
    {"caching", "dataEncrypted", "cacheDataEncrypted", 'b'},
    {"caching", "requireAuthorizationForCacheControl", "requireAuthorizationForCacheControl", 'b'},
    {"caching", "unauthorizedCacheControlHeaderStrategy", "unauthorizedCacheControlHeaderStrategy", 's'},
};

// "pets/{id}" and "GET" from the segments before the setting; "*/*" stays.
std::string SettingKey(const std::vector<std::string>& segments, std::size_t count) {
  std::string resource;
  for (std::size_t i = 0; i + 1 < count; ++i) resource += (i ? "/" : "") + segments[i];
  while (resource.starts_with('/')) resource.erase(0, 1);
  return resource + "/" + segments[count - 1];
}

aws::Status SetSettingValue(boost::json::object& setting, const SettingMember& m, std::string_view value) {
  switch (m.type) {
    case 'b': setting[m.member] = TextIsTrue(value); break;
    case 's': setting[m.member] = value; break;
    case 'i': {
      int64_t n = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || p != value.data() + value.size())
        return errors::BadRequest(fmt::format("Invalid value for {}: {}", m.member, value));
      setting[m.member] = n;
      break;
    }
    case 'd': {
      char* end = nullptr;
      std::string text(value);
      double d = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0') return errors::BadRequest(fmt::format("Invalid value for {}: {}", m.member, value));
      setting[m.member] = d;
      break;
    }
  }
  return aws::OkStatus();
}

aws::Status PatchAccessLogs(boost::json::object& stage, const PatchOp& op) {
  const auto& seg = op.segments;
  bool known_member = seg.size() == 2 && (seg[1] == "destinationArn" || seg[1] == "format");
  if (op.op == "remove") {
    if (seg.size() == 1) {
      stage.erase("accessLogSettings");
      return aws::OkStatus();
    }
    std::string setting = "accessLogSettings/" + (seg.size() > 1 ? seg[1] : std::string{});
    boost::json::object& logs = ObjMember(stage, "accessLogSettings");
    if (!known_member || !logs.contains(seg[1])) {
      if (logs.empty()) stage.erase("accessLogSettings");
      return NothingToRemove(setting);
    }
    logs.erase(seg[1]);
    if (logs.empty()) stage.erase("accessLogSettings");
    return aws::OkStatus();
  }
  if (!known_member || (op.op != "add" && op.op != "replace"))
    return errors::BadRequest(
        "Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]");
  if (op.value.value_or("").empty()) return errors::BadRequest("Access Log value must not be empty");
  if (seg[1] == "destinationArn" && (!op.value->starts_with("arn:") || op.value->find(":log-group:") == std::string::npos))
    return errors::BadRequest(fmt::format("Invalid ARN. ARN is not well formed {}", *op.value));
  ObjMember(stage, "accessLogSettings")[seg[1]] = *op.value;
  return aws::OkStatus();
}

}  // namespace

boost::json::object NewStageRecord(std::string_view stage_name) {
  boost::json::object stage;
  int64_t now = NowEpochSeconds();
  stage["cacheClusterEnabled"] = false;
  stage["cacheClusterStatus"] = "NOT_AVAILABLE";
  stage["createdDate"] = now;
  stage["lastUpdatedDate"] = now;
  stage["methodSettings"] = boost::json::object{};
  stage["stageName"] = stage_name;
  stage["tracingEnabled"] = false;
  return stage;
}

aws::Status CheckStageName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 128;
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  if (!ok) return errors::BadRequest("Stage name only allows a-zA-Z0-9_-");
  return aws::OkStatus();
}

aws::Status CheckStageVariables(const boost::json::object& variables) {
  for (const auto& [k, v] : variables) {
    bool ok = !k.empty() && k.size() <= 64;
    for (char c : k) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!ok)
      return errors::BadRequest(
          fmt::format("Stage variable name {} must only contain alphanumeric and underscore characters",
                      std::string_view(k)));
    if (!v.is_string() || v.as_string().size() > 512)
      return errors::BadRequest(fmt::format("Stage variable value for {} must be at most 512 characters",
                                            std::string_view(k)));
  }
  return aws::OkStatus();
}

aws::Status ApplyStagePatch(boost::json::object& stage, const PatchOp& op) {
  const auto& seg = op.segments;
  if (seg.empty()) return InvalidSettingPath(op.path);
  if (seg[0] == "accessLogSettings") return PatchAccessLogs(stage, op);
  if (seg[0] == "variables" && seg.size() == 2) {
    boost::json::object& vars = ObjMember(stage, "variables");
    if (op.op == "remove") {
      vars.erase(seg[1]);
    } else if (op.op == "replace" || op.op == "add") {
      boost::json::object one;
      one[seg[1]] = op.value.value_or("");
      CLOUDLET_TRY(CheckStageVariables(one));
      vars[seg[1]] = op.value.value_or("");
    } else {
      return PatchOpNotOneOf("add, remove, replace");
    }
    if (vars.empty()) stage.erase("variables");
    return aws::OkStatus();
  }
  if (seg.size() == 1) {
    static constexpr std::string_view kScalars[] = {"description", "deploymentId", "cacheClusterEnabled",
                                                    "cacheClusterSize", "clientCertificateId", "tracingEnabled"};
    bool known = false;
    for (auto k : kScalars) known = known || k == seg[0];
    if (!known) return InvalidSettingPath(op.path);
    if (op.op != "replace") return PatchOpNotOneOf("replace");
    std::string value = op.value.value_or("");
    if (seg[0] == "cacheClusterEnabled" || seg[0] == "tracingEnabled") stage[seg[0]] = TextIsTrue(value);
    else if (value.empty() && seg[0] != "deploymentId") stage.erase(seg[0]);
    else stage[seg[0]] = value;
    return aws::OkStatus();
  }
  // Method settings: [resource path segments...] METHOD [group setting].
  boost::json::object& settings = ObjMember(stage, "methodSettings");
  if (op.op == "remove" && seg.size() >= 2) {
    // "/*/*" or "/pets/GET": the whole setting of one method.
    std::string key = SettingKey(seg, seg.size());
    if (!settings.contains(key)) return NothingToRemove(key);
    settings.erase(key);
    return aws::OkStatus();
  }
  if (seg.size() < 4) return InvalidSettingPath(op.path);
  const SettingMember* member = nullptr;
  for (const auto& m : kSettings)
    if (m.group == seg[seg.size() - 2] && m.setting == seg.back()) member = &m;
  if (!member) return InvalidSettingPath(op.path);
  if (op.op != "replace") return PatchOpNotOneOf("replace");
  std::string key = SettingKey(seg, seg.size() - 2);
  boost::json::value& entry = settings[key];
  if (!entry.is_object()) {
    const boost::json::value* all = settings.if_contains("*/*");
    entry = all && all->is_object() && key != "*/*" ? *all : boost::json::value(DefaultMethodSetting());
  }
  return SetSettingValue(entry.as_object(), *member, op.value.value_or(""));
}

const boost::json::object* MethodSettingFor(const boost::json::object& stage, std::string_view resource_path,
                                            std::string_view method) {
  const boost::json::object& settings = Obj(stage, "methodSettings");
  std::string key(resource_path);
  while (key.starts_with('/')) key.erase(0, 1);
  key += "/";
  key += method;
  if (const boost::json::value* v = settings.if_contains(key); v && v->is_object()) return &v->as_object();
  if (const boost::json::value* v = settings.if_contains("*/*"); v && v->is_object()) return &v->as_object();
  return nullptr;
}

}  // namespace cloudlet::apigateway::rest
