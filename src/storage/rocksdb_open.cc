// OpenStore: checks the data dir, opens RocksDB over it (or over an
// in-memory Env), and turns RocksDB's open errors into one clear line.
#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store.h"
#include "storage/rocksdb_tuning.h"

namespace cloudlet::storage {

namespace {

// Where the in-memory Env keeps its (virtual) files. Nothing touches the
// real file system at this path.
constexpr const char* kInMemoryPath = "/cloudlet-in-memory";

// The data dir exists (created with its parents when missing), is a
// directory, and this process may create files in it.
Status PrepareDataDir(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) {
    if (std::filesystem::exists(path) && !std::filesystem::is_directory(path)) {
      return Status::IOError(fmt::format("data dir {} is not a directory", path));
    }
    return Status::IOError(fmt::format("data dir {} is not writable: {}", path, ec.message()));
  }
  if (!std::filesystem::is_directory(path, ec)) {
    return Status::IOError(fmt::format("data dir {} is not a directory", path));
  }
  if (::access(path.c_str(), W_OK | X_OK) != 0) {
    return Status::IOError(fmt::format("data dir {} is not writable: {}", path, std::strerror(errno)));
  }
  return Status::Ok();
}

// RocksDB reports a held lock as an IOError: "While lock file: <dir>/LOCK:
// Resource temporarily unavailable" when another process holds it, "lock
// hold by current process ..." when this one does.
Status OpenError(const std::string& path, const rocksdb::Status& s) {
  std::string text = s.ToString();
  std::string lock = (std::filesystem::path(path) / "LOCK").lexically_normal().string();
  if (s.IsIOError() && text.find("lock hold by current process") != std::string::npos) {
    return Status::Busy(fmt::format("data dir {} is already open in this process (lock held on {})", path, lock));
  }
  if (s.IsIOError() && text.find("While lock file") != std::string::npos) {
    return Status::Busy(fmt::format("data dir {} is in use by another cloudlet (lock held on {})", path, lock));
  }
  if (s.IsIOError() && text.find(std::strerror(EACCES)) != std::string::npos) {
    return Status::IOError(fmt::format("data dir {} is not writable: {} ({})", path, std::strerror(EACCES),
                                       FromRocksDb(s).message()));
  }
  Status mapped = FromRocksDb(s);
  if (mapped.IsCorruption()) {
    return Status::Corruption(fmt::format("data dir {} is damaged: {}", path, mapped.message()));
  }
  std::string line = fmt::format("cannot open data dir {}: {}", path, mapped.message());
  return mapped.IsInvalidArgument() ? Status::InvalidArgument(std::move(line)) : Status::IOError(std::move(line));
}

}  // namespace

OpenResult OpenStore(const Options& options) {
  if (options.write_buffer_bytes < (64u << 10)) {
    return {Status::InvalidArgument("write_buffer_bytes must be at least 64 KiB"), nullptr};
  }
  if (options.max_background_jobs < 1) {
    return {Status::InvalidArgument("max_background_jobs must be at least 1"), nullptr};
  }
  std::unique_ptr<rocksdb::Env> env;
  std::string path = options.path;
  if (options.in_memory) {
    env.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    path = kInMemoryPath;
  } else {
    if (path.empty()) return {Status::InvalidArgument("data dir path is empty"), nullptr};
    if (Status s = PrepareDataDir(path); !s.ok()) return {std::move(s), nullptr};
  }

  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::Options ro = MakeRocksDbOptions(options, env.get(), cache);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(ro, path, &raw);
  if (!s.ok()) {
    delete raw;
    return {options.in_memory ? FromRocksDb(s) : OpenError(path, s), nullptr};
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  return {Status::Ok(), std::make_unique<RocksDbStore>(std::move(env), std::move(db), std::move(cache), options)};
}

}  // namespace cloudlet::storage
