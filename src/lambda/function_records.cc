// The stored JSON of FunctionStore's records (function_store.h). Members
// missing from older records decode to their defaults.
#include <boost/json.hpp>

#include "lambda/function_store.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

std::optional<json::object> ParseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}
std::string String(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string{};
}
int64_t Int(const json::object& o, std::string_view key, int64_t fallback) {
  auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : fallback;
}
json::object StringMap(const std::map<std::string, std::string>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}
std::map<std::string, std::string> StringMapFrom(const json::value& v) {
  std::map<std::string, std::string> out;
  if (v.is_object())
    for (const auto& [k, val] : v.as_object())
      if (val.is_string()) out[std::string(k)] = std::string(val.as_string());
  return out;
}

}  // namespace

std::string EncodeFunctionRecord(const FunctionRecord& r) {
  json::object o;
  o["name"] = r.name;
  o["arn"] = r.arn;
  o["region"] = r.region;
  o["version"] = r.version;
  o["runtime"] = r.runtime;
  o["role"] = r.role;
  o["handler"] = r.handler;
  o["description"] = r.description;
  o["timeout"] = r.timeout;
  o["memory_size"] = r.memory_size;
  o["ephemeral_storage"] = r.ephemeral_storage;
  o["last_modified"] = r.last_modified;
  o["code_sha256"] = r.code_sha256;
  o["code_size"] = r.code_size;
  o["revision_id"] = r.revision_id;
  o["package_type"] = r.package_type;
  o["architecture"] = r.architecture;
  o["tracing_mode"] = r.tracing_mode;
  if (r.environment) o["environment"] = StringMap(*r.environment);
  o["tags"] = StringMap(r.tags);
  if (r.reserved_concurrency) o["reserved_concurrency"] = *r.reserved_concurrency;
  o["last_version"] = r.last_version;
  if (!r.published_from_revision.empty()) o["published_from_revision"] = r.published_from_revision;
  o["code_dir"] = r.code_dir;
  o["hot_reload"] = r.hot_reload;
  return json::serialize(o);
}

std::optional<FunctionRecord> DecodeFunctionRecord(std::string_view text) {
  auto parsed = ParseObject(text);
  if (!parsed) return std::nullopt;
  const json::object& o = *parsed;
  FunctionRecord r;
  r.name = String(o, "name");
  r.arn = String(o, "arn");
  r.region = String(o, "region");
  if (auto v = String(o, "version"); !v.empty()) r.version = v;
  r.runtime = String(o, "runtime");
  r.role = String(o, "role");
  r.handler = String(o, "handler");
  r.description = String(o, "description");
  r.timeout = static_cast<int>(Int(o, "timeout", 3));
  r.memory_size = static_cast<int>(Int(o, "memory_size", 128));
  r.ephemeral_storage = static_cast<int>(Int(o, "ephemeral_storage", 512));
  r.last_modified = String(o, "last_modified");
  r.code_sha256 = String(o, "code_sha256");
  r.code_size = Int(o, "code_size", 0);
  r.revision_id = String(o, "revision_id");
  r.package_type = String(o, "package_type");
  r.architecture = String(o, "architecture");
  r.tracing_mode = String(o, "tracing_mode");
  if (auto* env = o.if_contains("environment")) r.environment = StringMapFrom(*env);
  if (auto* tags = o.if_contains("tags")) r.tags = StringMapFrom(*tags);
  if (auto* rc = o.if_contains("reserved_concurrency"); rc && rc->is_int64())
    r.reserved_concurrency = static_cast<int>(rc->as_int64());
  r.last_version = Int(o, "last_version", 0);
  r.published_from_revision = String(o, "published_from_revision");
  r.code_dir = String(o, "code_dir");
  auto* hot = o.if_contains("hot_reload");
  r.hot_reload = hot && hot->is_bool() && hot->as_bool();
  if (r.name.empty()) return std::nullopt;
  return r;
}

std::string EncodeAliasRecord(const AliasRecord& r) {
  json::object o;
  o["name"] = r.name;
  o["function_version"] = r.function_version;
  o["description"] = r.description;
  json::object weights;
  for (const auto& [version, weight] : r.additional_version_weights) weights[version] = weight;
  o["weights"] = std::move(weights);
  o["revision_id"] = r.revision_id;
  return json::serialize(o);
}

std::optional<AliasRecord> DecodeAliasRecord(std::string_view text) {
  auto parsed = ParseObject(text);
  if (!parsed) return std::nullopt;
  const json::object& o = *parsed;
  AliasRecord r;
  r.name = String(o, "name");
  r.function_version = String(o, "function_version");
  r.description = String(o, "description");
  if (auto* w = o.if_contains("weights"); w && w->is_object())
    for (const auto& [version, weight] : w->as_object())
      if (weight.is_number()) r.additional_version_weights[std::string(version)] = weight.to_number<double>();
  r.revision_id = String(o, "revision_id");
  if (r.name.empty() || r.function_version.empty()) return std::nullopt;
  return r;
}

std::string EncodePolicyRecord(const PolicyRecord& r) {
  json::array statements;
  for (const auto& [sid, statement] : r.statements) statements.push_back(json::array{json::value(sid), json::value(statement)});
  return json::serialize(json::object{{"statements", std::move(statements)}, {"revision_id", r.revision_id}});
}

std::optional<PolicyRecord> DecodePolicyRecord(std::string_view text) {
  auto parsed = ParseObject(text);
  if (!parsed) return std::nullopt;
  PolicyRecord r;
  r.revision_id = String(*parsed, "revision_id");
  auto* statements = parsed->if_contains("statements");
  if (!statements || !statements->is_array()) return std::nullopt;
  for (const auto& s : statements->as_array()) {
    if (!s.is_array() || s.as_array().size() != 2 || !s.as_array()[0].is_string() || !s.as_array()[1].is_string())
      return std::nullopt;
    r.statements.emplace_back(std::string(s.as_array()[0].as_string()), std::string(s.as_array()[1].as_string()));
  }
  return r;
}

std::string EncodeFunctionUrlRecord(const FunctionUrlRecord& r) {
  json::object o;
  o["url_id"] = r.url_id;
  o["region"] = r.region;
  o["function_name"] = r.function_name;
  o["function_arn"] = r.function_arn;
  o["function_url"] = r.function_url;
  o["auth_type"] = r.auth_type;
  o["invoke_mode"] = r.invoke_mode;
  if (r.cors) o["cors"] = *r.cors;
  if (r.qualifier) o["qualifier"] = *r.qualifier;
  o["creation_time"] = r.creation_time;
  o["last_modified_time"] = r.last_modified_time;
  return json::serialize(o);
}

std::optional<FunctionUrlRecord> DecodeFunctionUrlRecord(std::string_view text) {
  auto parsed = ParseObject(text);
  if (!parsed) return std::nullopt;
  const json::object& o = *parsed;
  FunctionUrlRecord r;
  r.url_id = String(o, "url_id");
  r.region = String(o, "region");
  r.function_name = String(o, "function_name");
  r.function_arn = String(o, "function_arn");
  r.function_url = String(o, "function_url");
  r.auth_type = String(o, "auth_type");
  r.invoke_mode = String(o, "invoke_mode");
  if (o.contains("cors")) r.cors = String(o, "cors");
  if (o.contains("qualifier")) r.qualifier = String(o, "qualifier");
  r.creation_time = String(o, "creation_time");
  r.last_modified_time = String(o, "last_modified_time");
  if (r.url_id.empty() || r.function_name.empty()) return std::nullopt;
  return r;
}

}  // namespace cloudlet::lambda
