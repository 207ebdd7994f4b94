// How cloudlet configures RocksDB: one place, each choice with its reason.
#pragma once

#include <rocksdb/cache.h>
#include <rocksdb/compression_type.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>

#include <memory>

#include "storage/kv_store.h"

namespace cloudlet::storage {

// RocksDB options for `options`. `env` is the in-memory Env when
// options.in_memory (owned by the caller, outliving the DB), else null.
// `block_cache` is shared with the caller so Stats() can read its usage.
rocksdb::Options MakeRocksDbOptions(const Options& options, rocksdb::Env* env,
                                    const std::shared_ptr<rocksdb::Cache>& block_cache);

// LZ4 when this librocksdb build supports it (Debian's does), else Snappy,
// else none.
rocksdb::CompressionType ChooseCompression();

}  // namespace cloudlet::storage
