// storage::Iterator over a rocksdb::Iterator, and the iterator returned when
// the options are wrong.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/iterator.h>

#include <memory>

#include "storage/kv_store.h"

namespace cloudlet::storage {

// Creates an iterator over `db` honouring the bounds and view of `options`;
// `snapshot` is the already resolved RocksDB snapshot (or null).
std::unique_ptr<Iterator> NewRocksDbIterator(rocksdb::DB* db, const IteratorOptions& options,
                                             const rocksdb::Snapshot* snapshot);

// An iterator that is never Valid() and reports `status`.
std::unique_ptr<Iterator> NewErrorIterator(Status status);

}  // namespace cloudlet::storage
