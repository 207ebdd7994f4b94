#include "apigateway/rest/rest_store.h"

#include <charconv>

namespace cloudlet::apigateway::rest {
namespace {

std::string CountKey(std::string_view plan_id, std::string_view key_id, std::string_view day) {
  std::string k{kUsagePrefix};
  k.append(plan_id).push_back('\0');
  k.append(key_id).push_back('\0');
  k.append(day);
  return k;
}

}  // namespace

std::string RestStore::ValueIndexId(std::string_view region, std::string_view value) {
  std::string id(region);
  id.push_back('\0');
  id.append(value);
  return id;
}

aws::Result<int64_t> RestStore::DayCount(std::string_view plan_id, std::string_view key_id,
                                         std::string_view day) const {
  std::string value;
  auto st = kv_.Get(CountKey(plan_id, key_id, day), &value);
  if (st.IsNotFound()) return int64_t{0};
  if (!st.ok()) return StorageError(st);
  int64_t n = 0;
  std::from_chars(value.data(), value.data() + value.size(), n);
  return n;
}

void RestStore::PutDayCount(storage::WriteBatch& b, std::string_view plan_id, std::string_view key_id,
                            std::string_view day, int64_t count) const {
  b.Put(CountKey(plan_id, key_id, day), std::to_string(count));
}

void RestStore::DeleteCounts(storage::WriteBatch& b, std::string_view plan_id, std::string_view key_id) const {
  std::string lower{kUsagePrefix};
  lower.append(plan_id).push_back('\0');
  if (!key_id.empty()) lower.append(key_id).push_back('\0');
  std::string upper = lower;
  upper.back() = '\1';
  b.DeleteRange(lower, upper);
}

}  // namespace cloudlet::apigateway::rest
