// RocksDB tuned for a small local server: low idle memory (a few MB beyond
// the code), bounded growth, correct range scans over arbitrary bounds.
#include "storage/rocksdb_tuning.h"

#include <rocksdb/convenience.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <algorithm>

namespace cloudlet::storage {

rocksdb::CompressionType ChooseCompression() {
  auto supported = rocksdb::GetSupportedCompressions();
  auto has = [&](rocksdb::CompressionType t) {
    return std::find(supported.begin(), supported.end(), t) != supported.end();
  };
  if (has(rocksdb::kLZ4Compression)) return rocksdb::kLZ4Compression;
  if (has(rocksdb::kSnappyCompression)) return rocksdb::kSnappyCompression;
  return rocksdb::kNoCompression;
}

rocksdb::Options MakeRocksDbOptions(const Options& options, rocksdb::Env* env,
                                    const std::shared_ptr<rocksdb::Cache>& block_cache) {
  rocksdb::Options o;
  o.create_if_missing = true;
  if (env != nullptr) o.env = env;

  // ---- durability ----
  // The WAL is on and flushed to the OS by every write group (no manual
  // flush), so an acknowledged write survives kill -9. After a crash the log
  // is replayed up to its last complete record.
  o.manual_wal_flush = false;
  o.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;

  // ---- memory ----
  // Two small memtables at most (one filling, one flushing); the log is cut
  // (forcing a flush) once it holds four buffers' worth, bounding recovery.
  o.write_buffer_size = options.write_buffer_bytes;
  o.max_write_buffer_number = 2;
  o.min_write_buffer_number_to_merge = 1;
  o.max_total_wal_size = 4 * static_cast<uint64_t>(options.write_buffer_bytes);
  // A small bloom filter on whole keys in the memtable spares Gets of absent
  // keys a skip-list walk.
  o.memtable_whole_key_filtering = true;
  o.memtable_prefix_bloom_size_ratio = 0.02;
  o.max_open_files = options.max_open_files;
  o.table_cache_numshardbits = 4;
  // No periodic stats dumps or persisted stats: no timer work, no memory.
  o.stats_dump_period_sec = 0;
  o.stats_persist_period_sec = 0;

  // ---- background work ----
  o.max_background_jobs = options.max_background_jobs;
  o.max_subcompactions = 1;

  // ---- shape of the tree ----
  // Files sized to the write buffer; levels sized dynamically so space
  // amplification stays near 1.1 whatever the data size.
  o.level_compaction_dynamic_level_bytes = true;
  o.target_file_size_base = 2 * static_cast<uint64_t>(options.write_buffer_bytes);
  o.max_bytes_for_level_base = 8 * static_cast<uint64_t>(options.write_buffer_bytes);
  o.compression = ChooseCompression();

  // ---- tables ----
  // Index and filter blocks live in the block cache (bounded by it) rather
  // than in table readers (unbounded); those of level 0, read by every Get,
  // stay pinned. Whole-key bloom filters (10 bits/key, ~1% false positives)
  // make point reads of absent keys nearly free.
  //
  // No prefix extractor: the store does not know its callers' key layouts,
  // and a prefix bloom makes ordered iteration across prefixes unreliable.
  // Range scans are instead made cheap by iterator bounds (IteratorOptions),
  // which let RocksDB skip files and blocks outside [lower, upper).
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = block_cache;
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  t.whole_key_filtering = true;
  t.optimize_filters_for_memory = true;
  t.cache_index_and_filter_blocks = true;
  t.cache_index_and_filter_blocks_with_high_priority = true;
  t.pin_l0_filter_and_index_blocks_in_cache = true;
  t.block_size = 16 * 1024;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));

  // ---- the info log (LOG files in the data dir) ----
  // Small and rotated; warnings only in memory, where nobody can read it.
  o.max_log_file_size = 1 << 20;
  o.keep_log_file_num = 2;
  o.info_log_level = options.in_memory ? rocksdb::WARN_LEVEL : rocksdb::INFO_LEVEL;
  return o;
}

}  // namespace cloudlet::storage
