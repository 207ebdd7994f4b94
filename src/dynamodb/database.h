// The DynamoDB data in the store: the table catalog and the items.
//
// Key layout (all integers big-endian):
//   0x01 region 0x00 table-name        -> table record (JSON: id, description, tags)
//   0x02 "next-table-id"               -> counter
//   0x10 table-id(4) hash(4) pk sk     -> item (DynamoDB wire JSON, numbers canonical)
//   0x11 index-id(4) hash(4) ipk isk pk sk -> index entry (secondary_index.h)
//   0x12 table-id(4) hash(4) pk        -> BE64 bytes of the item collection
//                                         (tables with LSIs: items + LSI entries)
//   0x13, 0x14                          -> DynamoDB Streams (stream_store.h)
//   0x18 region 0x00 token             -> TransactWriteItems idempotency record
//                                         (transaction_operations.h, 10 minutes)
//   0x15 table-id(4) BE64(expiry) hash pk sk -> "" time-to-live index (ttl_index.h)
//   0x16 region 0x00 backup-arn        -> backup record (backup_store.h)
//   0x17 backup-id(4) hash(4) pk sk    -> item of a backup
// hash is PartitionHash(pk): a Query is one range scan under
// 0x10 id hash pk, and Scan segment i of N covers an even slice of the hash space.
// A table id is never reused, so a dropped table's items (removed with one
// range delete) can never reappear under a new table of the same name.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "aws/error.h"
#include "dynamodb/secondary_index.h"

namespace cloudlet::storage {
class KvStore;
class WriteBatch;
}

namespace cloudlet::dynamodb {

// A table's current index list as writers read it. `any` lets a write to a
// table without indexes skip the shared pointer (and its reference count,
// a cache line every writer would otherwise bounce).
struct LiveIndexes {
  explicit LiveIndexes(IndexListPtr initial) { Store(std::move(initial)); }
  void Store(IndexListPtr next) {
    bool non_empty = !next->empty();
    list.store(std::move(next));
    any.store(non_empty);
  }
  std::atomic<bool> any{false};
  std::atomic<IndexListPtr> list;
};

// A table's time-to-live setting as writers read it, shared by every version
// of the table (as LiveIndexes): a write to a table without TTL pays one
// atomic load.
struct LiveTimeToLive {
  void Store(const std::optional<std::string>& attr) {
    if (attr) attribute.store(std::make_shared<const std::string>(*attr));
    enabled.store(attr.has_value());
  }
  std::atomic<bool> enabled{false};
  std::atomic<std::shared_ptr<const std::string>> attribute;
};

struct Table {
  std::string region;
  std::string name;
  uint32_t id = 0;
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  // TableDescription as DescribeTable returns it, minus the live fields
  // (TableStatus, ItemCount, TableSizeBytes) that are filled when answering.
  boost::json::object description;
  boost::json::object tags;  // key -> value
  // The secondary indexes as of this version of the table (reads, DescribeTable).
  IndexListPtr indexes = std::make_shared<const IndexList>();
  // The current indexes, shared by every version of the table: writes take
  // them under the item's lock, so an index published by UpdateTable is
  // maintained by every write that locks the item after the publication.
  std::shared_ptr<LiveIndexes> live_indexes = std::make_shared<LiveIndexes>(indexes);
  // The table's enabled DynamoDB stream (stream_store.h), 0 when none: the
  // one test ChangeCapture::Enabled makes on every write.
  uint32_t stream_id = 0;
  // The TTL attribute when time to live is enabled (UpdateTimeToLive); the
  // live copy is what writes maintain the TTL index by (ttl_index.h).
  std::optional<std::string> ttl_attribute;
  std::shared_ptr<LiveTimeToLive> live_ttl = std::make_shared<LiveTimeToLive>();
  // Point-in-time recovery enabled since (epoch seconds), UpdateContinuousBackups.
  std::optional<double> pitr_since;
  // RestoreTableFromBackup still copying items: DescribeTable says CREATING
  // and item operations do not find the table.
  bool restoring = false;

  const SecondaryIndex* FindIndex(std::string_view index_name) const {
    for (const auto& index : *indexes)
      if (index.name == index_name) return &index;
    return nullptr;
  }
  bool HasLocalIndexes() const {
    for (const auto& index : *indexes)
      if (!index.global) return true;
    return false;
  }
  TableKeys Keys() const { return TableKeys{hash, range}; }

  bool IsKeyAttribute(std::string_view attr) const {
    return attr == hash.name || (range && attr == range->name);
  }
};

using TablePtr = std::shared_ptr<const Table>;

// A table's catalog record (persisted JSON) and back; backups keep one too.
boost::json::object TableRecord(const Table& table);
Table TableFromRecord(const boost::json::object& record);

// Who made a change: a request, or the time-to-live sweeper (DynamoDB
// Streams reports the latter with userIdentity {type Service, principalId
// dynamodb.amazonaws.com}).
enum class ChangeOrigin { kRequest, kTimeToLive };

// Change capture (DynamoDB Streams): sees every item write of the tables it
// is enabled for, with the committed old item and the new one, while the
// item's lock is held, and adds its own records to the write's batch, so a
// change and its record commit together and records of one item are staged
// in write order. Set once, before requests are served.
class ChangeCapture {
 public:
  virtual ~ChangeCapture() = default;
  // Whether writes to `table` are captured (cheap: called on every write).
  virtual bool Enabled(const Table& table) const = 0;
  // `old_item`/`new_item` null: absent before / deleted.
  virtual aws::Status Stage(const Table& table, std::string_view key, const boost::json::object* old_item,
                            std::string_view old_text, const boost::json::object* new_item,
                            std::string_view new_text, ChangeOrigin origin, storage::WriteBatch& batch) = 0;
};

// Item writes staged into one batch and committed at once: one item
// (WriteItem) or several (a transaction). Holds the item-collection locks
// the staged writes took, until Commit or destruction. The caller holds the
// item locks (LockFor) of every staged key from staging to commit.
class StagedWrites {
 public:
  StagedWrites();
  ~StagedWrites();
  StagedWrites(const StagedWrites&) = delete;
  StagedWrites& operator=(const StagedWrites&) = delete;

  storage::WriteBatch& batch() { return *batch_; }

 private:
  friend class Database;
  std::unique_ptr<storage::WriteBatch> batch_;
  // Collection stripes held (by index) and the collection sizes as staged so
  // far, so two items of one collection in one batch add up.
  std::vector<std::pair<std::size_t, std::unique_lock<std::mutex>>> collection_locks_;
  std::map<std::string, uint64_t, std::less<>> collection_sizes_;
};

class Database;

// The item locks of one transaction (Database::LockTransaction), released
// when destroyed.
class TransactionLocks {
 public:
  TransactionLocks(TransactionLocks&& other) noexcept : db_(other.db_), stripes_(std::move(other.stripes_)) {
    other.db_ = nullptr;
  }
  TransactionLocks(const TransactionLocks&) = delete;
  TransactionLocks& operator=(const TransactionLocks&) = delete;
  TransactionLocks& operator=(TransactionLocks&&) = delete;
  ~TransactionLocks();

 private:
  friend class Database;
  TransactionLocks(Database* db, std::vector<std::size_t> stripes) : db_(db), stripes_(std::move(stripes)) {}
  Database* db_;
  std::vector<std::size_t> stripes_;
};

class Database {
 public:
  explicit Database(storage::KvStore& store);
  // Stops and joins the background index jobs.
  ~Database();

  storage::KvStore& store() { return store_; }

  // ---- catalog ----
  TablePtr Find(std::string_view region, std::string_view name) const;
  // Assigns the table id and the ids of its indexes; ResourceInUseException when the name exists in the region.
  aws::Result<TablePtr> Create(Table table);
  // Replaces the record of an existing table (UpdateTable, tags) and
  // publishes its index list to writers.
  aws::Status Replace(Table table);
  // Find, change and replace as one step under the catalog lock (the
  // background index jobs). NotFound when the table is gone or was recreated
  // (another id); the change's error leaves the table as it was.
  aws::Status Modify(std::string_view region, std::string_view name, uint32_t table_id,
                     const std::function<aws::Status(Table&)>& change);
  // A fresh id for an index added by UpdateTable (from the table-id counter).
  aws::Result<uint32_t> NewIndexId();
  // Removes the table record and all its items.
  aws::Result<TablePtr> Drop(std::string_view region, std::string_view name);
  // Tables of a region in name order, starting after `exclusive_start`.
  std::vector<TablePtr> List(std::string_view region, std::string_view exclusive_start, std::size_t limit) const;
  std::size_t CountTables(std::string_view region) const;
  // Every table of every region (resuming index jobs after a restart).
  std::vector<TablePtr> AllTables() const;

  struct Stats {
    uint64_t item_count = 0;
    uint64_t size_bytes = 0;
  };
  // Live item count and size (DynamoDB refreshes these about every six hours;
  // cloudlet counts on demand, one pass over the table's key range).
  Stats TableStats(const Table& table) const;
  // Entries of one index and the bytes of their projected items.
  Stats IndexStats(const SecondaryIndex& index) const;

  // ---- items ----
  // Prefix of all items of a table: 0x10 id.
  static std::string TablePrefix(const Table& table);
  // Full storage key from the key attribute values (already validated).
  static std::string ItemKey(const Table& table, const boost::json::value& hash_value,
                             const boost::json::value* range_value);
  // Prefix of all items of one partition: 0x10 id hash pk.
  static std::string PartitionPrefix(const Table& table, const boost::json::value& hash_value);

  // The item text, or nullopt when absent.
  aws::Result<std::optional<std::string>> GetItem(std::string_view key) const;

  // The one write path of an item: the item and its index entries, in one
  // atomic batch. The caller holds LockFor(key). `old_text` is the committed
  // item if the caller read it under that lock (nullptr: not read; it is
  // then read here when the table has indexes). `new_item` null deletes;
  // otherwise `new_text` is its serialisation. An item whose index key
  // attribute is mistyped is rejected (CheckIndexKeys) and nothing written.
  // Tables without indexes cost one put or delete, nothing more.
  aws::Status WriteItem(const Table& table, std::string_view key, const std::optional<std::string>* old_text,
                        const boost::json::object* new_item, std::string_view new_text,
                        IndexWriteCounts* counts = nullptr, ChangeOrigin origin = ChangeOrigin::kRequest);
  // WriteItem in two steps, for writes of several items that commit
  // together: StageItemWrite adds one item's write (and its index entries,
  // collection size and captured change) to `staged`; CommitStaged writes
  // them all atomically. Nothing is written when staging fails.
  aws::Status StageItemWrite(const Table& table, std::string_view key, const std::optional<std::string>* old_text,
                             const boost::json::object* new_item, std::string_view new_text, StagedWrites& staged,
                             IndexWriteCounts* counts = nullptr, ChangeOrigin origin = ChangeOrigin::kRequest);
  aws::Status CommitStaged(StagedWrites& staged);

  // Installs the change capture (DynamoDB Streams); null removes it.
  void set_change_capture(ChangeCapture* capture) { capture_ = capture; }

  // DynamoDB's 10 GB limit on an item collection (tables with LSIs);
  // lowered by tests.
  void set_item_collection_limit(uint64_t bytes) { collection_limit_ = bytes; }

  // Runs `job` on its own thread; stopped (stop_token) and joined when the
  // Database is destroyed.
  void RunInBackground(std::function<void(std::stop_token)> job);
  // Returns once every item lock has been free at least once since the call:
  // every write that began before it has finished.
  void WaitForWritesInFlight();

  // Serialises read-check-write sequences on one item (conditional writes,
  // UpdateItem): a fixed set of striped mutexes chosen by key hash.
  std::mutex& LockFor(std::string_view key);

  // Locks the items of a transaction: their stripes in ascending order (so
  // two transactions never wait on each other in a cycle, and a single-item
  // write, holding one stripe, never deadlocks with them). A stripe held by
  // another transaction is a conflict, as DynamoDB reports one
  // (TransactionConflict): nothing is then held, nullopt comes back and
  // `conflicts[i]` is set for each key whose item another transaction holds.
  // A stripe held by a single-item write, or by a transaction on other items
  // of the stripe, is waited for.
  std::optional<TransactionLocks> LockTransaction(const std::vector<std::string_view>& keys,
                                                  std::vector<bool>* conflicts);

 private:
  friend class TransactionLocks;
  void UnlockTransaction(const std::vector<std::size_t>& stripes);

  static std::string CatalogKey(std::string_view region, std::string_view name);
  aws::Status Persist(const Table& table);
  void Load();

  storage::KvStore& store_;
  mutable std::shared_mutex catalog_mu_;
  std::map<std::string, TablePtr, std::less<>> tables_;  // CatalogKey -> table
  uint32_t next_id_ = 1;
  // Adds the item collection's new size to `batch`; errors past the limit.
  aws::Status UpdateCollectionSize(const Table& table, const IndexList& indexes, std::string_view item_key,
                                   const boost::json::object* old_item, std::string_view old_text,
                                   const boost::json::object* new_item, std::string_view new_text,
                                   StagedWrites& staged, IndexWriteCounts* counts);

  std::array<std::mutex, 1024> stripes_;
  // The item keys each stripe a transaction holds was taken for: a stripe
  // is shared by many items, and only the same item is a conflict.
  std::mutex transaction_keys_mu_;
  std::map<std::size_t, std::vector<std::string>> transaction_keys_;
  // Item collections span items of many locks: their size counters have their own.
  std::array<std::mutex, 256> collection_stripes_;
  std::atomic<uint64_t> collection_limit_ = 10ull << 30;
  ChangeCapture* capture_ = nullptr;
  std::mutex jobs_mu_;
  std::vector<std::jthread> jobs_;
};

}  // namespace cloudlet::dynamodb
