// RangeReclaimer: gives back the space of dropped key ranges soon after a
// range delete, by compacting each range on one background thread.
//
// A range delete only writes a tombstone; the covered data stays in table
// files until a compaction merges them with it, which on an idle store may
// take a long time (and in memory mode, the data holds memory). RocksDB's
// SuggestCompactRange never marks files of the last level, so a small store
// whose files all sit in one level would keep them: an explicit CompactRange
// of just the dropped range is reliable and cheap (it reads the range's
// files once and writes nothing back for deleted data).
#pragma once

#include <rocksdb/db.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace cloudlet::storage {

class RangeReclaimer {
 public:
  explicit RangeReclaimer(rocksdb::DB* db) : db_(db) {}
  // Aborts a compaction in progress, drops the queue and joins the thread;
  // call before closing the DB.
  ~RangeReclaimer();

  // Queues [begin, end) for compaction; returns at once. The thread starts
  // with the first range and then waits for more.
  void Add(std::string_view begin, std::string_view end);

 private:
  void Run();

  rocksdb::DB* db_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, std::string>> queue_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace cloudlet::storage
