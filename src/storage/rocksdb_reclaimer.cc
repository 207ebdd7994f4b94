#include "storage/rocksdb_reclaimer.h"

#include <rocksdb/options.h>

namespace cloudlet::storage {

RangeReclaimer::~RangeReclaimer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    db_->DisableManualCompaction();  // a running CompactRange returns early
    thread_.join();
  }
}

void RangeReclaimer::Add(std::string_view begin, std::string_view end) {
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    queue_.emplace_back(begin, end);
    if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  }
  cv_.notify_one();
}

void RangeReclaimer::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    auto [begin, end] = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    rocksdb::Slice b(begin), e(end);
    rocksdb::CompactRangeOptions options;
    options.exclusive_manual_compaction = false;  // other compactions go on
    // Flushes the memtable first when it overlaps the range, so the
    // tombstone is in a file the compaction sees. Failure only means the
    // space comes back later, through ordinary compaction.
    db_->CompactRange(options, &b, &e).PermitUncheckedError();
    lock.lock();
  }
}

}  // namespace cloudlet::storage
