#include "dynamodb/ttl_sweeper.h"

#include <boost/json/parse.hpp>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "dynamodb/database.h"
#include "dynamodb/errors.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/transaction_tokens.h"
#include "dynamodb/ttl_index.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

namespace {

int64_t NowSeconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::string ExpiryBound(uint32_t table_id, int64_t expiry) {
  std::string out = TimeToLivePrefix(table_id);
  for (int i = 7; i >= 0; --i) out.push_back(char(uint64_t(expiry) >> (8 * i)));
  return out;
}

// Deletes the item of one due entry if it has really expired; drops the entry otherwise.
bool SweepEntry(Database& db, const Table& table, const std::string& attribute, std::string_view entry_key,
                const TimeToLiveEntry& entry, int64_t now) {
  std::lock_guard lock(db.LockFor(entry.item_key));
  auto got = db.GetItem(entry.item_key);
  if (!got.ok()) return false;
  std::optional<int64_t> current;
  if (*got) current = ExpiryOf(json::parse(**got).as_object(), attribute);
  if (current == entry.expiry && IsExpired(entry.expiry, now)) {
    return db.WriteItem(table, entry.item_key, &got.value(), nullptr, {}, nullptr, ChangeOrigin::kTimeToLive).ok();
  }
  (void)db.store().Delete(entry_key);
  return false;
}

// Written with the backfill's last batch: the index covers every item. Sorts
// after every entry, so the sweeper's scans (bounded by now) never reach it.
std::string BackfillDoneKey(uint32_t table_id) { return ExpiryBound(table_id, -1); }

}  // namespace

std::size_t SweepExpiredItems(Database& db, int64_t now, std::size_t limit) {
  std::size_t deleted = 0;
  for (const auto& table : db.AllTables()) {
    if (table->restoring || !table->live_ttl->enabled.load()) continue;
    auto attribute = table->live_ttl->attribute.load();
    if (!attribute) continue;
    std::string lower = TimeToLivePrefix(table->id);
    std::string upper = ExpiryBound(table->id, now);
    std::vector<std::string> due;
    {
      auto it = db.store().NewIterator(storage::IteratorOptions{.lower_bound = lower, .upper_bound = upper});
      for (it->Seek(lower); it->Valid() && due.size() < limit; it->Next()) due.emplace_back(it->key());
    }
    for (const auto& key : due) {
      auto entry = DecodeTimeToLiveEntry(key);
      if (!entry) continue;
      if (SweepEntry(db, *table, *attribute, key, *entry, now)) ++deleted;
    }
  }
  PurgeIdempotencyRecords(db.store());
  return deleted;
}

void StartTimeToLiveSweeper(Database& db, std::chrono::milliseconds interval) {
  if (interval.count() <= 0) return;
  // Backfills cut short by a restart start again.
  for (const auto& table : db.AllTables()) {
    std::string marker;
    if (table->ttl_attribute && db.store().Get(BackfillDoneKey(table->id), &marker).IsNotFound())
      StartTimeToLiveBackfill(db, *table);
  }
  db.RunInBackground([&db, interval](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
      {
        std::unique_lock lock(mu);
        cv.wait_for(lock, stop, interval, [] { return false; });
      }
      if (stop.stop_requested()) break;
      SweepExpiredItems(db, NowSeconds());
    }
  });
}

void StartTimeToLiveBackfill(Database& db, const Table& table) {
  auto live = table.live_ttl;
  uint32_t table_id = table.id;
  std::string attribute = *table.ttl_attribute;
  std::string prefix = Database::TablePrefix(table);
  db.RunInBackground([&db, live, table_id, attribute, prefix](std::stop_token stop) {
    db.WaitForWritesInFlight();
    // Entries for items rewritten meanwhile may come out stale; the sweeper drops those.
    auto still_enabled = [&] {
      auto current = live->attribute.load();
      return live->enabled.load() && current && *current == attribute;
    };
    storage::WriteBatch batch;
    auto it = db.store().NewIterator(
        storage::IteratorOptions{.lower_bound = prefix, .upper_bound = PrefixEnd(prefix), .fill_cache = false});
    for (it->Seek(prefix); it->Valid() && !stop.stop_requested(); it->Next()) {
      boost::system::error_code ec;
      auto item = json::parse(it->value(), ec);
      if (ec || !item.is_object()) continue;
      if (auto expiry = ExpiryOf(item.get_object(), attribute))
        batch.Put(TimeToLiveEntryKey(table_id, *expiry, it->key()), {});
      if (batch.Count() >= 1000) {
        if (!still_enabled()) return;
        (void)db.store().Write(batch);
        batch.Clear();
      }
    }
    if (stop.stop_requested() || !it->status().ok()) return;
    batch.Put(BackfillDoneKey(table_id), {});
    if (still_enabled()) (void)db.store().Write(batch);
  });
}

aws::Status DropTimeToLiveIndex(Database& db, const Table& table) {
  std::string prefix = TimeToLivePrefix(table.id);
  storage::WriteBatch batch;
  batch.DeleteRange(prefix, PrefixEnd(prefix));
  auto st = db.store().Write(batch);
  if (!st.ok()) return errors::InternalServerError("storage: " + st.ToString());
  return aws::OkStatus();
}

}  // namespace cloudlet::dynamodb
