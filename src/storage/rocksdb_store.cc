// RocksDbStore: each KvStore call is one RocksDB call on the default column
// family. Opening lives in rocksdb_open.cc, options in rocksdb_tuning.cc.
#include "storage/rocksdb_store.h"

#include <rocksdb/write_batch.h>

#include "storage/rocksdb_iterator.h"
#include "storage/rocksdb_status.h"

namespace cloudlet::storage {

namespace {
rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

uint64_t IntProperty(rocksdb::DB* db, const std::string& name) {
  uint64_t value = 0;
  return db->GetIntProperty(name, &value) ? value : 0;
}
}  // namespace

RocksDbStore::RocksDbStore(std::unique_ptr<rocksdb::Env> env, std::unique_ptr<rocksdb::DB> db,
                           std::shared_ptr<rocksdb::Cache> block_cache, const Options& options)
    : env_(std::move(env)),
      block_cache_(std::move(block_cache)),
      db_(std::move(db)),
      reclaimer_(std::make_unique<RangeReclaimer>(db_.get())),
      in_memory_(options.in_memory),
      sync_writes_(options.sync_writes && !options.in_memory) {}

RocksDbStore::~RocksDbStore() {
  reclaimer_.reset();
  // Close waits for background flushes and compactions. Its status only
  // reports snapshots still alive (a caller bug) or a failing last sync of
  // the log, which the next open's recovery covers; nothing to do here.
  db_->Close().PermitUncheckedError();
}

rocksdb::WriteOptions RocksDbStore::ToRocksDb(const WriteOptions& options) const {
  rocksdb::WriteOptions wo;
  if (in_memory_) {
    // Nothing survives the process anyway: skip the (in-memory) log.
    wo.disableWAL = true;
    return wo;
  }
  // With sync, the write returns after an fsync of the log. RocksDB groups
  // concurrent writers into one write group whose leader appends all their
  // records and issues a single fsync for the whole group: group commit, so
  // under load --sync costs far less than one fsync per request.
  wo.sync = options.sync || sync_writes_;
  return wo;
}

Status RocksDbStore::Resolve(const Snapshot* snapshot, const rocksdb::Snapshot** out) const {
  *out = nullptr;
  if (snapshot == nullptr) return Status::Ok();
  auto* ours = dynamic_cast<const RocksDbSnapshot*>(snapshot);
  if (ours == nullptr || ours->db() != db_.get()) {
    return Status::InvalidArgument("the snapshot was taken from another store");
  }
  *out = ours->get();
  return Status::Ok();
}

Status RocksDbStore::Count(Status s, uint64_t writes) {
  if (s.ok()) writes_.fetch_add(writes, std::memory_order_relaxed);
  return s;
}

Status RocksDbStore::Get(std::string_view key, std::string* value, const ReadOptions& options) {
  value->clear();
  rocksdb::ReadOptions ro;
  ro.fill_cache = options.fill_cache;
  if (Status s = Resolve(options.snapshot, &ro.snapshot); !s.ok()) return s;
  rocksdb::Status s = db_->Get(ro, db_->DefaultColumnFamily(), ToSlice(key), value);
  if (!s.ok()) value->clear();
  return FromRocksDb(s);
}

std::vector<Status> RocksDbStore::MultiGet(std::span<const std::string_view> keys, std::vector<std::string>* values,
                                           const ReadOptions& options) {
  values->assign(keys.size(), std::string());
  rocksdb::ReadOptions ro;
  ro.fill_cache = options.fill_cache;
  if (Status s = Resolve(options.snapshot, &ro.snapshot); !s.ok()) return std::vector<Status>(keys.size(), s);

  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (std::string_view k : keys) slices.push_back(ToSlice(k));
  std::vector<rocksdb::PinnableSlice> pinned(keys.size());
  std::vector<rocksdb::Status> rs(keys.size());
  // The batched MultiGet reads all keys from one consistent view.
  db_->MultiGet(ro, db_->DefaultColumnFamily(), keys.size(), slices.data(), pinned.data(), rs.data());

  std::vector<Status> out;
  out.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (rs[i].ok()) (*values)[i].assign(pinned[i].data(), pinned[i].size());
    out.push_back(FromRocksDb(rs[i]));
  }
  return out;
}

std::unique_ptr<Iterator> RocksDbStore::NewIterator(const IteratorOptions& options) {
  const rocksdb::Snapshot* snapshot = nullptr;
  if (Status s = Resolve(options.snapshot, &snapshot); !s.ok()) return NewErrorIterator(std::move(s));
  return NewRocksDbIterator(db_.get(), options, snapshot);
}

std::unique_ptr<Snapshot> RocksDbStore::GetSnapshot() {
  return std::make_unique<RocksDbSnapshot>(db_.get(), db_->GetSnapshot());
}

Status RocksDbStore::Put(std::string_view key, std::string_view value, const WriteOptions& options) {
  return Count(FromRocksDb(db_->Put(ToRocksDb(options), ToSlice(key), ToSlice(value))), 1);
}

Status RocksDbStore::Delete(std::string_view key, const WriteOptions& options) {
  return Count(FromRocksDb(db_->Delete(ToRocksDb(options), ToSlice(key))), 1);
}

Status RocksDbStore::DeleteRange(std::string_view begin, std::string_view end, const WriteOptions& options) {
  if (begin > end) return Status::InvalidArgument("DeleteRange: the end key comes before the begin key");
  if (begin == end) return Status::Ok();
  Status s = FromRocksDb(db_->DeleteRange(ToRocksDb(options), db_->DefaultColumnFamily(), ToSlice(begin), ToSlice(end)));
  if (s.ok()) reclaimer_->Add(begin, end);
  return Count(std::move(s), 1);
}

Status RocksDbStore::Write(const WriteBatch& batch, const WriteOptions& options) {
  if (batch.empty()) return Status::Ok();
  rocksdb::WriteBatch wb(batch.ByteSize() + 64);
  for (const WriteBatch::Op& op : batch) {
    rocksdb::Status s;
    switch (op.kind) {
      case WriteBatch::OpKind::kPut: s = wb.Put(ToSlice(op.key), ToSlice(op.value)); break;
      case WriteBatch::OpKind::kDelete: s = wb.Delete(ToSlice(op.key)); break;
      case WriteBatch::OpKind::kDeleteRange:
        if (op.key > op.value) {
          return Status::InvalidArgument("WriteBatch DeleteRange: the end key comes before the begin key");
        }
        if (op.key == op.value) break;  // empty range
        s = wb.DeleteRange(ToSlice(op.key), ToSlice(op.value));
        break;
    }
    if (!s.ok()) return FromRocksDb(s);
  }
  Status s = FromRocksDb(db_->Write(ToRocksDb(options), &wb));
  if (s.ok()) {
    for (const WriteBatch::Op& op : batch) {
      if (op.kind == WriteBatch::OpKind::kDeleteRange && op.key < op.value) reclaimer_->Add(op.key, op.value);
    }
  }
  return Count(std::move(s), batch.Count());
}

Status RocksDbStore::Flush() {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  return FromRocksDb(db_->Flush(fo));
}

StoreStats RocksDbStore::Stats() {
  rocksdb::DB* db = db_.get();
  StoreStats s;
  s.estimated_keys = IntProperty(db, rocksdb::DB::Properties::kEstimateNumKeys);
  s.live_data_bytes = IntProperty(db, rocksdb::DB::Properties::kEstimateLiveDataSize);
  s.file_bytes = IntProperty(db, rocksdb::DB::Properties::kTotalSstFilesSize);
  s.memtable_bytes = IntProperty(db, rocksdb::DB::Properties::kCurSizeAllMemTables);
  s.block_cache_bytes = block_cache_ ? block_cache_->GetUsage() : 0;
  s.writes = writes_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace cloudlet::storage
