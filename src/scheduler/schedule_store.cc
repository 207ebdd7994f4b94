#include "scheduler/schedule_store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "storage/kv_store.h"

namespace cloudlet::scheduler {
namespace {

namespace json = boost::json;
constexpr char kPrefix = '\x40';

std::string RegionPrefix(std::string_view region) {
  std::string key(1, kPrefix);
  key += region;
  key += '\0';
  return key;
}
std::string GroupKey(std::string_view region, std::string_view group) {
  return RegionPrefix(region) + 'g' + std::string(group);
}
std::string SchedulesPrefix(std::string_view region) { return RegionPrefix(region) + 's'; }
std::string ScheduleKey(std::string_view region, std::string_view group, std::string_view name) {
  std::string key = SchedulesPrefix(region) + std::string(group);
  key += '\0';
  key += name;
  return key;
}
// The smallest key greater than every key starting with `prefix`.
std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

aws::AwsError StorageError(const storage::Status& status) {
  return aws::AwsError::Make(500, "InternalServerException", "storage error: " + status.ToString());
}

aws::Result<std::optional<json::object>> Read(storage::KvStore& kv, const std::string& key) {
  std::string value;
  auto status = kv.Get(key, &value);
  if (status.IsNotFound()) return std::optional<json::object>{};
  if (!status.ok()) return StorageError(status);
  boost::system::error_code ec;
  json::value parsed = json::parse(value, ec);
  if (ec || !parsed.is_object()) return aws::AwsError::Make(500, "InternalServerException", "corrupt document");
  return std::optional<json::object>{std::move(parsed.as_object())};
}

aws::Status Write(storage::KvStore& kv, const std::string& key, const json::object& doc) {
  auto status = kv.Put(key, json::serialize(doc));
  if (!status.ok()) return StorageError(status);
  return aws::OkStatus();
}

}  // namespace

aws::Result<std::optional<json::object>> ScheduleStore::GetGroup(std::string_view region, std::string_view group) {
  return Read(kv_, GroupKey(region, group));
}

aws::Status ScheduleStore::PutGroup(std::string_view region, std::string_view group, const json::object& doc) {
  return Write(kv_, GroupKey(region, group), doc);
}

aws::Status ScheduleStore::DeleteGroup(std::string_view region, std::string_view group) {
  storage::WriteBatch batch;
  batch.Delete(GroupKey(region, group));
  std::string schedules = SchedulesPrefix(region) + std::string(group);
  schedules += '\0';
  batch.DeleteRange(schedules, PrefixEnd(schedules));
  auto status = kv_.Write(batch);
  if (!status.ok()) return StorageError(status);
  return aws::OkStatus();
}

aws::Result<std::vector<json::object>> ScheduleStore::ListGroups(std::string_view region, std::string_view after,
                                                                 std::size_t limit) {
  std::string prefix = RegionPrefix(region) + 'g';
  auto it = kv_.NewIterator({.lower_bound = prefix, .upper_bound = PrefixEnd(prefix)});
  std::vector<json::object> groups;
  std::string start = prefix + std::string(after);
  for (it->Seek(start); it->Valid() && groups.size() < limit; it->Next()) {
    if (!after.empty() && it->key() == start) continue;
    boost::system::error_code ec;
    json::value parsed = json::parse(it->value(), ec);
    if (!ec && parsed.is_object()) groups.push_back(std::move(parsed.as_object()));
  }
  if (!it->status().ok()) return StorageError(it->status());
  return groups;
}

aws::Result<std::optional<json::object>> ScheduleStore::GetSchedule(std::string_view region, std::string_view group,
                                                                    std::string_view name) {
  return Read(kv_, ScheduleKey(region, group, name));
}

aws::Status ScheduleStore::PutSchedule(std::string_view region, std::string_view group, std::string_view name,
                                       const json::object& doc) {
  return Write(kv_, ScheduleKey(region, group, name), doc);
}

aws::Status ScheduleStore::DeleteSchedule(std::string_view region, std::string_view group, std::string_view name) {
  auto status = kv_.Delete(ScheduleKey(region, group, name));
  if (!status.ok()) return StorageError(status);
  return aws::OkStatus();
}

static void ScanSchedules(storage::KvStore& kv, const std::string& lower, const std::string& upper,
                          const std::string& skip, std::vector<StoredSchedule>& out, storage::Status& status) {
  auto it = kv.NewIterator({.lower_bound = lower, .upper_bound = upper});
  for (it->Seek(lower); it->Valid(); it->Next()) {
    if (!skip.empty() && it->key() == skip) continue;
    std::string_view key = it->key();
    // 0x40 region 0x00 's' group 0x00 name
    auto region_end = key.find('\0', 1);
    auto group_end = key.find('\0', region_end + 2);
    if (region_end == std::string_view::npos || region_end + 1 >= key.size() || key[region_end + 1] != 's' ||
        group_end == std::string_view::npos)
      continue;
    boost::system::error_code ec;
    json::value parsed = json::parse(it->value(), ec);
    if (ec || !parsed.is_object()) continue;
    out.push_back(StoredSchedule{std::string(key.substr(1, region_end - 1)),
                                 std::string(key.substr(region_end + 2, group_end - region_end - 2)),
                                 std::string(key.substr(group_end + 1)), std::move(parsed.as_object())});
  }
  status = it->status();
}

aws::Result<std::vector<StoredSchedule>> ScheduleStore::ListSchedules(std::string_view region,
                                                                      const std::optional<std::string>& group,
                                                                      std::string_view after) {
  std::string prefix = SchedulesPrefix(region);
  if (group) {
    prefix += *group;
    prefix += '\0';
  }
  std::string lower = prefix, skip;
  if (!after.empty()) {
    lower = SchedulesPrefix(region) + std::string(after);
    skip = lower;
    if (lower < prefix) lower = prefix;
  }
  std::vector<StoredSchedule> out;
  storage::Status status;
  ScanSchedules(kv_, lower, PrefixEnd(prefix), skip, out, status);
  if (!status.ok()) return StorageError(status);
  return out;
}

aws::Result<std::vector<StoredSchedule>> ScheduleStore::AllSchedules() {
  // Every key of the prefix; ScanSchedules keeps those of schedules.
  std::vector<StoredSchedule> out;
  storage::Status status;
  ScanSchedules(kv_, std::string(1, kPrefix), std::string(1, kPrefix + 1), {}, out, status);
  if (!status.ok()) return StorageError(status);
  return out;
}

}  // namespace cloudlet::scheduler
