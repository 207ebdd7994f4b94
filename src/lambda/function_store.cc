#include "lambda/function_store.h"

#include <boost/json.hpp>

#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

std::string RegionPrefix(std::string_view region) {
  std::string key;
  key += kLambdaKeyPrefix;
  key += 'F';
  key += region;
  key += '\0';
  return key;
}

std::string FunctionKey(std::string_view region, std::string_view name) {
  std::string key = RegionPrefix(region);
  key += name;
  return key;
}

aws::AwsError StorageError(const storage::Status& status) {
  return errors::Service("storage failure: " + status.ToString());
}

std::string String(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string{};
}
int64_t Int(const json::object& o, std::string_view key, int64_t fallback) {
  auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : fallback;
}

}  // namespace

std::string EncodeFunctionRecord(const FunctionRecord& r) {
  json::object o;
  o["name"] = r.name;
  o["arn"] = r.arn;
  o["region"] = r.region;
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
  if (r.environment) {
    json::object env;
    for (const auto& [k, v] : *r.environment) env[k] = v;
    o["environment"] = std::move(env);
  }
  json::object tags;
  for (const auto& [k, v] : r.tags) tags[k] = v;
  o["tags"] = std::move(tags);
  o["code_dir"] = r.code_dir;
  o["hot_reload"] = r.hot_reload;
  return json::serialize(o);
}

std::optional<FunctionRecord> DecodeFunctionRecord(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  FunctionRecord r;
  r.name = String(o, "name");
  r.arn = String(o, "arn");
  r.region = String(o, "region");
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
  if (auto* env = o.if_contains("environment"); env && env->is_object()) {
    r.environment.emplace();
    for (const auto& [k, val] : env->as_object())
      if (val.is_string()) (*r.environment)[std::string(k)] = std::string(val.as_string());
  }
  if (auto* tags = o.if_contains("tags"); tags && tags->is_object())
    for (const auto& [k, val] : tags->as_object())
      if (val.is_string()) r.tags[std::string(k)] = std::string(val.as_string());
  r.code_dir = String(o, "code_dir");
  auto* hot = o.if_contains("hot_reload");
  r.hot_reload = hot && hot->is_bool() && hot->as_bool();
  return r;
}

aws::Result<std::optional<FunctionRecord>> FunctionStore::Get(std::string_view region, std::string_view name) {
  std::string value;
  storage::Status st = store_.Get(FunctionKey(region, name), &value);
  if (st.IsNotFound()) return std::optional<FunctionRecord>{};
  if (!st.ok()) return StorageError(st);
  auto record = DecodeFunctionRecord(value);
  if (!record) return errors::Service("stored function record is damaged: " + std::string(name));
  return std::optional<FunctionRecord>(std::move(*record));
}

aws::Status FunctionStore::Put(const FunctionRecord& record) {
  storage::Status st = store_.Put(FunctionKey(record.region, record.name), EncodeFunctionRecord(record));
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Status FunctionStore::Delete(std::string_view region, std::string_view name) {
  storage::Status st = store_.Delete(FunctionKey(region, name));
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Result<FunctionStore::Page> FunctionStore::List(std::string_view region, std::string_view marker, int limit) {
  std::string prefix = RegionPrefix(region);
  std::string upper = prefix;
  upper.back() = '\x01';
  auto it = store_.NewIterator({.lower_bound = prefix, .upper_bound = upper});
  Page page;
  if (marker.empty()) {
    it->SeekToFirst();
  } else {
    std::string after = FunctionKey(region, marker);
    after += '\0';  // the first key strictly after the marker's
    it->Seek(after);
  }
  for (; it->Valid(); it->Next()) {
    if (static_cast<int>(page.functions.size()) == limit) {
      page.next_marker = page.functions.back().name;
      break;
    }
    auto record = DecodeFunctionRecord(it->value());
    if (record) page.functions.push_back(std::move(*record));
  }
  if (!it->status().ok()) return StorageError(it->status());
  return page;
}

}  // namespace cloudlet::lambda
