// KvStore — the one storage interface of cloudlet: an ordered map from byte
// strings to byte strings, durable on disk (or held in memory), shared by
// every service. The store knows no service; each service owns a key prefix
// and documents its own layout (see e.g. src/dynamodb/database.h).
//
// Promises common to every method:
//   * Keys and values are arbitrary bytes (including 0x00), each under 4 GiB.
//     Keys order bytewise (memcmp, shorter first on a common prefix).
//   * Every method may be called concurrently from any number of threads.
//     A single write is atomic; WriteBatch makes several writes atomic.
//   * Nothing throws; failures come back as a Status (status.h).
//   * Durability (Options::in_memory = false): a write is acknowledged only
//     after its log record reached the operating system, so it survives the
//     process being killed (kill -9, a crash). It survives power loss only
//     when synced: Options::sync_writes or WriteOptions::sync.
//   * Snapshots and iterators must be destroyed before the store.
//
// Costs below are for the RocksDB engine (rocksdb_store.h), an LSM tree:
// writes append to a log and an in-memory table (no disk read); point reads
// check the memtable, then at most one block per level, filtered by bloom
// filters; range scans merge the levels and read blocks sequentially.
//
// Typical use:
//   auto [status, store] = storage::OpenStore({.path = "/var/lib/cloudlet"});
//   if (!status.ok()) { log(status.ToString()); return 1; }
//   storage::Status s = store->Put("k", "v");
//   std::string v;
//   s = store->Get("k", &v);  // ok, v == "v"
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"
#include "storage/write_batch.h"

namespace cloudlet::storage {

// How the store is opened. Plain values; the defaults suit a small local
// server (idle memory a few MB, grows with the data written).
struct Options {
  // Data directory, created (with its parents) when missing. Ignored when
  // in_memory. One process at a time may open it: a second open fails Busy.
  std::string path;
  // Keep everything in memory and write nothing to disk: the data is gone
  // when the store is destroyed. `path` and `sync_writes` are ignored.
  bool in_memory = false;
  // Sync every write to stable storage before acknowledging it (survives
  // power loss; the --sync flag). Concurrent writers share one fsync (group
  // commit), so the cost per write falls as load rises. Off: a write
  // survives a process crash, but the last moments of writes may be lost on
  // power loss.
  bool sync_writes = false;
  // Memory for cached data, index and filter blocks read from disk, shared
  // by all readers. Only filled as blocks are read.
  std::size_t block_cache_bytes = 8u << 20;
  // Size of one in-memory write buffer (memtable); up to two exist at once
  // (one being filled, one being written out). Larger buffers mean fewer,
  // larger files and more memory.
  std::size_t write_buffer_bytes = 8u << 20;
  // Background threads shared by flushes and compactions.
  int max_background_jobs = 2;
  // Table files kept open at once (file descriptors); -1 for no limit.
  int max_open_files = 256;
};

// Per-write options.
struct WriteOptions {
  // Sync this write to stable storage before returning, even when the store
  // was opened without sync_writes. Costs one fsync (shared with concurrent
  // writers: see Options::sync_writes).
  bool sync = false;
};

// A consistent, read-only view of the store as of the moment it was taken:
// reads through it ignore every later write. Obtained from
// KvStore::GetSnapshot and released when destroyed. Keeping one alive holds
// back the removal of overwritten data, so hold it for one request, not
// for hours. Must be destroyed before the store it came from.
class Snapshot {
 public:
  virtual ~Snapshot() = default;
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

 protected:
  Snapshot() = default;
};

// Per-read options.
struct ReadOptions {
  // Read as of this snapshot (not owned; from this store); null reads the
  // latest data.
  const Snapshot* snapshot = nullptr;
  // Keep the blocks read in the block cache. Turn off for one-off bulk scans
  // so they do not evict the hot set.
  bool fill_cache = true;
};

// Options of an iterator: the range it may visit and the view it reads.
struct IteratorOptions {
  // The iterator only visits keys k with lower_bound <= k < upper_bound.
  // An empty lower_bound is the start of the key space; an empty upper_bound
  // means no upper bound. Bounds are copied into the iterator. Setting both
  // is cheap insurance: the engine skips files outside the range.
  std::string lower_bound;
  std::string upper_bound;
  const Snapshot* snapshot = nullptr;  // as in ReadOptions
  bool fill_cache = true;              // as in ReadOptions
};

// An ordered cursor over a range of the store, forward and backward. It
// reads a consistent view: its snapshot, or the store as of NewIterator when
// there is none. Not thread-safe (one iterator, one thread); any number of
// iterators may run at once. Must be destroyed before the store.
//
// Forward:  for (it->Seek(from); it->Valid(); it->Next()) use(it->key(), it->value());
// Backward: for (it->SeekToLast(); it->Valid(); it->Prev()) ...
// After the loop, check status(): a scan that stops early on an I/O or
// corruption error ends with Valid() false and status() not ok.
class Iterator {
 public:
  virtual ~Iterator() = default;

  // True when positioned on a key within the bounds. key() and value()
  // require Valid().
  virtual bool Valid() const = 0;
  // Positions on the first key of the range.
  virtual void SeekToFirst() = 0;
  // Positions on the last key of the range.
  virtual void SeekToLast() = 0;
  // Positions on the first key >= target (clamped to the bounds).
  virtual void Seek(std::string_view target) = 0;
  // Positions on the last key <= target (clamped to the bounds).
  virtual void SeekForPrev(std::string_view target) = 0;
  // Moves to the next / previous key. Require Valid().
  virtual void Next() = 0;
  virtual void Prev() = 0;
  // The current key and value: views into the iterator's own buffers, valid
  // until the iterator moves or is destroyed (no copy). Copy to keep them.
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // OK unless the iteration hit an error (then Valid() is false), or the
  // options were wrong (InvalidArgument, e.g. a snapshot of another store).
  virtual Status status() const = 0;
};

// A few figures for monitoring (Prometheus gauges and counters). All are
// estimates maintained by the engine; reading them costs a few microseconds.
struct StoreStats {
  // Estimated number of keys. Approximate: counts overwritten and deleted
  // keys until compaction removes them.
  uint64_t estimated_keys = 0;
  // Estimated bytes of live data (keys and values, after compression).
  uint64_t live_data_bytes = 0;
  // Bytes of the store's data files, obsolete versions included, log excluded.
  uint64_t file_bytes = 0;
  // Bytes held by the in-memory write buffers (memtables).
  uint64_t memtable_bytes = 0;
  // Bytes held by the block cache (at most Options::block_cache_bytes).
  uint64_t block_cache_bytes = 0;
  // Write operations acknowledged since open: each Put, Delete and
  // DeleteRange counts one; a Write counts its batch's operations.
  uint64_t writes = 0;
};

class KvStore {
 public:
  virtual ~KvStore() = default;

  // ---- reads ----

  // Reads the value of `key` into *value. Returns OK with *value set, or
  // NotFound (then *value is left empty); Corruption or IOError on failure.
  // Cost: one memtable probe, then per level a bloom filter check and, on a
  // hit, one block read (from the block cache when hot).
  virtual Status Get(std::string_view key, std::string* value, const ReadOptions& options = {}) = 0;

  // Reads several keys at once from one consistent view (the snapshot, or
  // the latest data when none). Resizes *values to keys.size(); returns one
  // Status per key, in order, each as Get would. Cheaper than a Get per key
  // (blocks and filters are looked up once per batch).
  virtual std::vector<Status> MultiGet(std::span<const std::string_view> keys, std::vector<std::string>* values,
                                       const ReadOptions& options = {});

  // A new iterator over [options.lower_bound, options.upper_bound), not yet
  // positioned (Valid() is false until a Seek). Never null; bad options show
  // in its status(). Cost: cheap to create; it pins the memtables and files
  // it reads while it lives, so do not keep it across requests.
  virtual std::unique_ptr<Iterator> NewIterator(const IteratorOptions& options = {}) = 0;

  // A snapshot of the current state, for ReadOptions and IteratorOptions.
  // Cost: O(1); see Snapshot for what holding it costs. Never null.
  virtual std::unique_ptr<Snapshot> GetSnapshot() = 0;

  // ---- writes ----
  // Each returns OK once the write is durable as promised at the top of this
  // file; on failure nothing was written. Cost: one log append and memtable
  // insert; plus one fsync when synced.

  // Sets `key` to `value`, replacing any previous value.
  virtual Status Put(std::string_view key, std::string_view value, const WriteOptions& options = {}) = 0;

  // Removes `key`. OK whether or not it existed (a blind delete: no read).
  virtual Status Delete(std::string_view key, const WriteOptions& options = {}) = 0;

  // Removes every key k with begin <= k < end, in O(1) writes whatever the
  // number of keys: meant for dropping a whole table. Both bounds are keys
  // (an empty `end` is the empty key, not "no bound"). InvalidArgument when
  // begin > end; begin == end removes nothing.
  // Cost: one write; a background compaction of the range, started at once,
  // then gives its space back (disk, or memory in memory mode).
  virtual Status DeleteRange(std::string_view begin, std::string_view end, const WriteOptions& options = {}) = 0;

  // Applies every operation of `batch` atomically, in order. An empty batch
  // is OK and writes nothing. InvalidArgument (nothing applied) when a range
  // of the batch has begin > end. The batch is left unchanged.
  // Cost: as the writes it holds; each non-empty range as DeleteRange.
  virtual Status Write(const WriteBatch& batch, const WriteOptions& options = {}) = 0;

  // ---- maintenance ----

  // Writes the in-memory buffers out to table files and waits until done,
  // so the next open replays no log (used at shutdown). Not needed for
  // durability. Cost: writes up to two write buffers; blocks the caller.
  virtual Status Flush() = 0;

  // Current figures; see StoreStats.
  virtual StoreStats Stats() = 0;
};

struct OpenResult {
  Status status;
  std::unique_ptr<KvStore> store;  // set when status.ok()
};

// Opens (creating when missing) the store described by `options`: the
// RocksDB engine, on disk at options.path or in memory. Errors, each one
// line naming the data dir:
//   Busy            another process (or this one) has the dir open:
//                   "data dir /x is in use by another cloudlet (lock held on /x/LOCK)"
//   IOError         "data dir /x is not writable: Permission denied", ...
//   Corruption      the files are damaged
//   InvalidArgument options are wrong (e.g. empty path when not in_memory)
// Cost: reads the manifest and replays the log left by the last run.
OpenResult OpenStore(const Options& options);

}  // namespace cloudlet::storage
