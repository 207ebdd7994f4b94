// Translation of RocksDB's status into storage::Status.
#pragma once

#include <rocksdb/status.h>

#include "storage/status.h"

namespace cloudlet::storage {

// NotFound, Corruption, InvalidArgument (and NotSupported) keep their
// meaning; Busy, TimedOut and TryAgain become Busy; everything else is
// IOError. The message is RocksDB's text without its code prefix.
Status FromRocksDb(const rocksdb::Status& s);

}  // namespace cloudlet::storage
