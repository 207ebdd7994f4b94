#include "apigateway/http_api/api_store.h"

#include <boost/json.hpp>

namespace cloudlet::apigateway::http_api {
namespace json = boost::json;
namespace {

constexpr char kPrefix = 0x50;

std::string ApiKey(std::string_view api_id) {
  std::string k{kPrefix, 'a'};
  k.append(api_id);
  return k;
}

std::string ChildrenPrefix(std::string_view api_id) {
  std::string k{kPrefix, 'c'};
  k.append(api_id);
  k.push_back('\0');
  return k;
}

std::string ChildKey(std::string_view api_id, Kind kind, std::string_view id) {
  std::string k = ChildrenPrefix(api_id);
  k.push_back(static_cast<char>(kind));
  k.append(id);
  return k;
}

aws::AwsError StorageError(const storage::Status& st) {
  return aws::AwsError::Make(500, "InternalServerErrorException", "storage failure: " + st.ToString());
}

aws::Result<json::object> Parse(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    return aws::AwsError::Make(500, "InternalServerErrorException", "a stored API Gateway record is damaged");
  return std::move(v.as_object());
}

aws::Result<std::vector<Child>> Scan(storage::KvStore& kv, std::string lower, std::string upper,
                                     std::size_t strip, std::size_t limit) {
  std::vector<Child> out;
  auto it = kv.NewIterator({.lower_bound = lower, .upper_bound = upper});
  for (it->Seek(lower); it->Valid() && out.size() < limit; it->Next()) {
    auto record = Parse(it->value());
    CLOUDLET_TRY(record);
    out.push_back(Child{std::string(it->key().substr(strip)), std::move(*record)});
  }
  if (!it->status().ok()) return StorageError(it->status());
  return out;
}

}  // namespace

json::object Visible(const json::object& record) {
  json::object out;
  for (const auto& [k, v] : record)
    if (!k.starts_with('_')) out.emplace(k, v);
  return out;
}

aws::Result<std::optional<json::object>> ApiStore::GetApi(std::string_view api_id) const {
  std::string value;
  auto st = kv_.Get(ApiKey(api_id), &value);
  if (st.IsNotFound()) return std::optional<json::object>{};
  if (!st.ok()) return StorageError(st);
  auto record = Parse(value);
  CLOUDLET_TRY(record);
  return std::optional<json::object>(std::move(*record));
}

aws::Result<std::vector<Child>> ApiStore::ListApis(std::string_view after, std::size_t limit) const {
  std::string lower = ApiKey(after);
  if (!after.empty()) lower.push_back('\0');  // the first key after `after`
  return Scan(kv_, std::move(lower), std::string{kPrefix, 'b'}, 2, limit);
}

aws::Result<std::optional<json::object>> ApiStore::GetChild(std::string_view api_id, Kind kind,
                                                            std::string_view id) const {
  std::string value;
  auto st = kv_.Get(ChildKey(api_id, kind, id), &value);
  if (st.IsNotFound()) return std::optional<json::object>{};
  if (!st.ok()) return StorageError(st);
  auto record = Parse(value);
  CLOUDLET_TRY(record);
  return std::optional<json::object>(std::move(*record));
}

aws::Result<std::vector<Child>> ApiStore::ListChildren(std::string_view api_id, Kind kind) const {
  std::string lower = ChildKey(api_id, kind, {});
  std::string upper = lower;
  upper.back() = static_cast<char>(upper.back() + 1);
  return Scan(kv_, lower, upper, lower.size(), SIZE_MAX);
}

void ApiStore::PutApi(storage::WriteBatch& batch, std::string_view api_id, const json::object& record) {
  batch.Put(ApiKey(api_id), json::serialize(record));
}

void ApiStore::DeleteApi(storage::WriteBatch& batch, std::string_view api_id) {
  batch.Delete(ApiKey(api_id));
  std::string lower = ChildrenPrefix(api_id);
  std::string upper = lower;
  upper.back() = '\1';
  batch.DeleteRange(lower, upper);
}

void ApiStore::PutChild(storage::WriteBatch& batch, std::string_view api_id, Kind kind, std::string_view id,
                        const json::object& record) {
  batch.Put(ChildKey(api_id, kind, id), json::serialize(record));
}

void ApiStore::DeleteChild(storage::WriteBatch& batch, std::string_view api_id, Kind kind, std::string_view id) {
  batch.Delete(ChildKey(api_id, kind, id));
}

aws::Status ApiStore::Write(const storage::WriteBatch& batch) {
  auto st = kv_.Write(batch);
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

}  // namespace cloudlet::apigateway::http_api
