// The RocksDB engine behind KvStore: one DB, default column family, bytewise
// comparator. Callers use OpenStore (kv_store.h); this header is for the
// engine's own files and tests.
#pragma once

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>

#include <atomic>
#include <memory>

#include "storage/kv_store.h"
#include "storage/rocksdb_reclaimer.h"

namespace cloudlet::storage {

// A RocksDB snapshot tied to the DB it came from; released on destruction.
class RocksDbSnapshot final : public Snapshot {
 public:
  RocksDbSnapshot(rocksdb::DB* db, const rocksdb::Snapshot* snapshot) : db_(db), snapshot_(snapshot) {}
  ~RocksDbSnapshot() override { db_->ReleaseSnapshot(snapshot_); }

  rocksdb::DB* db() const { return db_; }
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

class RocksDbStore final : public KvStore {
 public:
  // Takes ownership of `db`, and of `env` (the in-memory Env, or null),
  // which must outlive it.
  RocksDbStore(std::unique_ptr<rocksdb::Env> env, std::unique_ptr<rocksdb::DB> db,
               std::shared_ptr<rocksdb::Cache> block_cache, const Options& options);
  ~RocksDbStore() override;

  Status Get(std::string_view key, std::string* value, const ReadOptions& options) override;
  std::vector<Status> MultiGet(std::span<const std::string_view> keys, std::vector<std::string>* values,
                               const ReadOptions& options) override;
  std::unique_ptr<Iterator> NewIterator(const IteratorOptions& options) override;
  std::unique_ptr<Snapshot> GetSnapshot() override;

  Status Put(std::string_view key, std::string_view value, const WriteOptions& options) override;
  Status Delete(std::string_view key, const WriteOptions& options) override;
  Status DeleteRange(std::string_view begin, std::string_view end, const WriteOptions& options) override;
  Status Write(const WriteBatch& batch, const WriteOptions& options) override;

  Status Flush() override;
  StoreStats Stats() override;

 private:
  rocksdb::WriteOptions ToRocksDb(const WriteOptions& options) const;
  // Sets *out to the RocksDB snapshot of `snapshot` (null stays null);
  // InvalidArgument when it came from another store.
  Status Resolve(const Snapshot* snapshot, const rocksdb::Snapshot** out) const;
  Status Count(Status s, uint64_t writes);

  // Declaration order is destruction order reversed: the DB closes before
  // the Env it writes to.
  std::unique_ptr<rocksdb::Env> env_;
  std::shared_ptr<rocksdb::Cache> block_cache_;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<RangeReclaimer> reclaimer_;  // stopped before db_ closes
  bool in_memory_;
  bool sync_writes_;
  std::atomic<uint64_t> writes_{0};
};

}  // namespace cloudlet::storage
