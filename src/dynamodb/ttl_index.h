// The time-to-live index: which items of a table expire when, so the sweeper
// finds expired items with one range scan instead of reading every item.
//
//   0x15 table-id(4) BE64(expiry) item-key-suffix -> "" (empty)
//
// expiry is the whole epoch second of the item's TTL attribute (the
// fractional part dropped); item-key-suffix is the item's storage key
// without its `0x10 table-id` prefix. Entries are kept in the item's write
// batch, under the item's lock, only while TTL is enabled on the table
// (Database::StageItemWrite); a table without TTL pays one atomic load per
// write. The index is a hint: the sweeper re-reads each item under its lock
// and deletes only what has really expired, dropping entries that no longer
// match their item.
//
// DynamoDB's rule: an item expires when its TTL attribute is a top-level
// Number of epoch seconds less than the current time, and not more than five
// years in the past; another type, a nested attribute or a missing one never
// expires. Reads do not hide expired items that are not yet deleted.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudlet::storage {
class WriteBatch;
}

namespace cloudlet::dynamodb {

inline constexpr char kTimeToLiveTag = 0x15;
// Five years of 365.25 days: older expiry times are ignored.
inline constexpr int64_t kTimeToLiveMaxAgeSeconds = 5 * 36525 * 864;

// The whole epoch second the item's TTL attribute names, or nullopt when the
// attribute is missing, not a Number, negative, or beyond any sensible time
// (more than 18 integer digits).
std::optional<int64_t> ExpiryOf(const boost::json::object& item, std::string_view attribute);

// Whether an item with this expiry has expired at `now` (epoch seconds).
inline bool IsExpired(int64_t expiry, int64_t now) {
  return expiry < now && expiry >= now - kTimeToLiveMaxAgeSeconds;
}

// 0x15 table-id: every entry of one table.
std::string TimeToLivePrefix(uint32_t table_id);
// The entry of an item (its full storage key) expiring at `expiry`.
std::string TimeToLiveEntryKey(uint32_t table_id, int64_t expiry, std::string_view item_key);

// Decoded entry: its expiry and the item's full storage key.
struct TimeToLiveEntry {
  int64_t expiry = 0;
  std::string item_key;
};
std::optional<TimeToLiveEntry> DecodeTimeToLiveEntry(std::string_view entry_key);

// Adds to `batch` the entry changes of one item write: the old item's entry
// removed, the new item's put (nothing when the expiry did not change).
// `old_item`/`new_item` null: absent before / deleted.
void AddTimeToLiveChanges(uint32_t table_id, std::string_view attribute, std::string_view item_key,
                          const boost::json::object* old_item, const boost::json::object* new_item,
                          storage::WriteBatch& batch);

}  // namespace cloudlet::dynamodb
