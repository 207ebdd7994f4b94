#include "storage/rocksdb_status.h"

namespace cloudlet::storage {

Status FromRocksDb(const rocksdb::Status& s) {
  if (s.ok()) return Status::Ok();
  std::string message = s.getState() != nullptr ? std::string(s.getState()) : s.ToString();
  switch (s.code()) {
    case rocksdb::Status::kNotFound: return Status::NotFound(std::move(message));
    case rocksdb::Status::kCorruption: return Status::Corruption(std::move(message));
    case rocksdb::Status::kInvalidArgument:
    case rocksdb::Status::kNotSupported: return Status::InvalidArgument(std::move(message));
    case rocksdb::Status::kBusy:
    case rocksdb::Status::kTimedOut:
    case rocksdb::Status::kTryAgain: return Status::Busy(std::move(message));
    case rocksdb::Status::kIOError: return Status::IOError(std::move(message));
    default: return Status::IOError(s.ToString());  // Aborted, ShutdownInProgress, ...
  }
}

}  // namespace cloudlet::storage
