#include "apigateway/common/record_store.h"

#include <boost/json.hpp>

namespace cloudlet::apigateway {
namespace json = boost::json;
namespace {

std::string ChildrenPrefix(char prefix, std::string_view parent) {
  std::string k{prefix, 'c'};
  k.append(parent);
  k.push_back('\0');
  return k;
}

aws::Result<json::object> Parse(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    return aws::AwsError::Make(500, "InternalServerErrorException", "a stored API Gateway record is damaged");
  return std::move(v.as_object());
}

aws::Result<std::optional<json::object>> GetKey(storage::KvStore& kv, const std::string& key) {
  std::string value;
  auto st = kv.Get(key, &value);
  if (st.IsNotFound()) return std::optional<json::object>{};
  if (!st.ok()) return StorageError(st);
  auto record = Parse(value);
  CLOUDLET_TRY(record);
  return std::optional<json::object>(std::move(*record));
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

std::string RecordKey(char prefix, char space, std::string_view id) {
  std::string key{prefix, space};
  key.append(id);
  return key;
}

std::string ChildRecordKey(char prefix, std::string_view parent, char kind, std::string_view id) {
  std::string key = ChildrenPrefix(prefix, parent);
  key.push_back(kind);
  key.append(id);
  return key;
}

std::pair<std::string, std::string> ChildrenRange(char prefix, std::string_view parent) {
  std::string lower = ChildrenPrefix(prefix, parent);
  std::string upper = lower;
  upper.back() = '\1';
  return {std::move(lower), std::move(upper)};
}

aws::AwsError StorageError(const storage::Status& st) {
  return aws::AwsError::Make(500, "InternalServerErrorException", "storage failure: " + st.ToString());
}

json::object Visible(const json::object& record) {
  json::object out;
  for (const auto& [k, v] : record)
    if (!k.starts_with('_')) out.emplace(k, v);
  return out;
}

aws::Result<std::optional<json::object>> RecordStore::Get(char space, std::string_view id) const {
  return GetKey(kv_, RecordKey(prefix_, space, id));
}

aws::Result<std::vector<Child>> RecordStore::List(char space, std::string_view after, std::size_t limit) const {
  std::string lower{prefix_, space};
  lower.append(after);
  if (!after.empty()) lower.push_back('\0');  // the first key after `after`
  return Scan(kv_, std::move(lower), std::string{prefix_, static_cast<char>(space + 1)}, 2, limit);
}

aws::Result<std::optional<json::object>> RecordStore::GetChild(std::string_view parent, char kind,
                                                               std::string_view id) const {
  return GetKey(kv_, ChildRecordKey(prefix_, parent, kind, id));
}

aws::Result<std::vector<Child>> RecordStore::ListChildren(std::string_view parent, char kind) const {
  std::string lower = ChildRecordKey(prefix_, parent, kind, {});
  std::string upper = lower;
  upper.back() = static_cast<char>(upper.back() + 1);
  return Scan(kv_, lower, upper, lower.size(), SIZE_MAX);
}

void RecordStore::Put(storage::WriteBatch& batch, char space, std::string_view id, const json::object& record) const {
  batch.Put(RecordKey(prefix_, space, id), json::serialize(record));
}

void RecordStore::Delete(storage::WriteBatch& batch, char space, std::string_view id) const {
  batch.Delete(RecordKey(prefix_, space, id));
}

void RecordStore::PutChild(storage::WriteBatch& batch, std::string_view parent, char kind, std::string_view id,
                           const json::object& record) const {
  batch.Put(ChildRecordKey(prefix_, parent, kind, id), json::serialize(record));
}

void RecordStore::DeleteChild(storage::WriteBatch& batch, std::string_view parent, char kind,
                              std::string_view id) const {
  batch.Delete(ChildRecordKey(prefix_, parent, kind, id));
}

void RecordStore::DeleteChildren(storage::WriteBatch& batch, std::string_view parent) const {
  auto [lower, upper] = ChildrenRange(prefix_, parent);
  batch.DeleteRange(lower, upper);
}

aws::Status RecordStore::Write(const storage::WriteBatch& batch) const {
  auto st = kv_.Write(batch);
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

}  // namespace cloudlet::apigateway
