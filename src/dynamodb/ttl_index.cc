#include "dynamodb/ttl_index.h"

#include "dynamodb/attribute_value.h"
#include "storage/write_batch.h"

namespace cloudlet::dynamodb {
namespace {

void AppendBigEndian(uint64_t v, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(char(v >> (8 * i)));
}

uint64_t ReadBigEndian(std::string_view in, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | uint8_t(in[i]);
  return v;
}

// Item keys start with 0x10 table-id(4); the entry keeps what follows.
constexpr std::size_t kItemPrefixBytes = 5;

}  // namespace

std::optional<int64_t> ExpiryOf(const boost::json::object& item, std::string_view attribute) {
  auto* av = item.if_contains(attribute);
  if (av == nullptr || TypeOf(*av) != AttrType::N) return std::nullopt;
  // Stored numbers are canonical: [-]digits[.digits], no exponent.
  std::string_view text = Payload(*av).get_string();
  if (text.empty() || text.front() == '-') return std::nullopt;
  std::string_view whole = text.substr(0, text.find('.'));
  if (whole.empty() || whole.size() > 18) return std::nullopt;
  int64_t seconds = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds;
}

std::string TimeToLivePrefix(uint32_t table_id) {
  std::string out(1, kTimeToLiveTag);
  AppendBigEndian(table_id, 4, &out);
  return out;
}

std::string TimeToLiveEntryKey(uint32_t table_id, int64_t expiry, std::string_view item_key) {
  std::string out = TimeToLivePrefix(table_id);
  AppendBigEndian(uint64_t(expiry), 8, &out);
  if (item_key.size() > kItemPrefixBytes) out.append(item_key.substr(kItemPrefixBytes));
  return out;
}

std::optional<TimeToLiveEntry> DecodeTimeToLiveEntry(std::string_view entry_key) {
  if (entry_key.size() < 13 || entry_key[0] != kTimeToLiveTag) return std::nullopt;
  TimeToLiveEntry entry;
  entry.expiry = int64_t(ReadBigEndian(entry_key.substr(5), 8));
  entry.item_key.push_back(0x10);
  entry.item_key.append(entry_key.substr(1, 4));
  entry.item_key.append(entry_key.substr(13));
  return entry;
}

void AddTimeToLiveChanges(uint32_t table_id, std::string_view attribute, std::string_view item_key,
                          const boost::json::object* old_item, const boost::json::object* new_item,
                          storage::WriteBatch& batch) {
  std::optional<int64_t> before = old_item ? ExpiryOf(*old_item, attribute) : std::nullopt;
  std::optional<int64_t> after = new_item ? ExpiryOf(*new_item, attribute) : std::nullopt;
  if (before == after) return;
  if (before) batch.Delete(TimeToLiveEntryKey(table_id, *before, item_key));
  if (after) batch.Put(TimeToLiveEntryKey(table_id, *after, item_key), {});
}

}  // namespace cloudlet::dynamodb
