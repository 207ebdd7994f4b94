#include "lambda/function_store.h"

#include <boost/json.hpp>

#include "lambda/lambda_errors.h"
#include "storage/write_batch.h"

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

std::string UrlKey(std::string_view region, std::string_view name) {
  std::string key = FunctionKey(region, name);
  key[1] = 'U';
  return key;
}

std::string UrlIndexKey(std::string_view url_id) {
  std::string key;
  key += kLambdaKeyPrefix;
  key += 'I';
  key += url_id;
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
  auto url = GetUrl(region, name);
  CLOUDLET_TRY(url);
  storage::WriteBatch batch;
  batch.Delete(FunctionKey(region, name));
  if (*url) {
    batch.Delete(UrlKey(region, name));
    batch.Delete(UrlIndexKey((*url)->url_id));
  }
  storage::Status st = store_.Write(batch);
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
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
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
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

aws::Result<std::optional<FunctionUrlRecord>> FunctionStore::GetUrl(std::string_view region,
                                                                    std::string_view name) const {
  std::string value;
  storage::Status st = store_.Get(UrlKey(region, name), &value);
  if (st.IsNotFound()) return std::optional<FunctionUrlRecord>{};
  if (!st.ok()) return StorageError(st);
  auto record = DecodeFunctionUrlRecord(value);
  if (!record) return errors::Service("stored function URL record is damaged: " + std::string(name));
  return std::optional<FunctionUrlRecord>(std::move(*record));
}

aws::Result<std::optional<FunctionUrlRecord>> FunctionStore::FindUrl(std::string_view url_id) const {
  std::string value;
  storage::Status st = store_.Get(UrlIndexKey(url_id), &value);
  if (st.IsNotFound()) return std::optional<FunctionUrlRecord>{};
  if (!st.ok()) return StorageError(st);
  auto nul = value.find('\0');
  if (nul == std::string::npos) return errors::Service("stored function URL index is damaged: " + std::string(url_id));
  auto record = GetUrl(std::string_view(value).substr(0, nul), std::string_view(value).substr(nul + 1));
  CLOUDLET_TRY(record);
  if (*record && (*record)->url_id != url_id) return std::optional<FunctionUrlRecord>{};  // a stale index entry
  return record;
}

aws::Status FunctionStore::PutUrl(const FunctionUrlRecord& record) {
  storage::WriteBatch batch;
  batch.Put(UrlKey(record.region, record.function_name), EncodeFunctionUrlRecord(record));
  std::string target = record.region;
  target += '\0';
  target += record.function_name;
  batch.Put(UrlIndexKey(record.url_id), target);
  storage::Status st = store_.Write(batch);
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Status FunctionStore::DeleteUrl(std::string_view region, std::string_view name) {
  auto url = GetUrl(region, name);
  CLOUDLET_TRY(url);
  if (!*url) return aws::OkStatus();
  storage::WriteBatch batch;
  batch.Delete(UrlKey(region, name));
  batch.Delete(UrlIndexKey((*url)->url_id));
  storage::Status st = store_.Write(batch);
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
