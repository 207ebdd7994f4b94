// Many threads writing, reading, scanning and snapshotting one store at once.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/kv_store.h"
#include "storage_test_util.h"

namespace cloudlet::storage {
namespace {

using testing::TempDir;

class ConcurrencyTest : public ::testing::TestWithParam<bool> {};

INSTANTIATE_TEST_SUITE_P(Engines, ConcurrencyTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "InMemory" : "OnDisk"; });

TEST_P(ConcurrencyTest, WritersReadersAndScannersShareOneStore) {
  TempDir dir;
  // A small write buffer so flushes and compactions run during the test.
  auto [status, store] = OpenStore({.path = dir.path(), .in_memory = GetParam(), .write_buffer_bytes = 256 << 10});
  ASSERT_TRUE(status.ok()) << status.ToString();

  constexpr int kWriters = 4, kPerWriter = 3000;
  std::atomic<int> errors{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        std::string key = "w" + std::to_string(w) + "/" + std::to_string(100000 + i);
        if (i % 10 == 0) {
          // Batches keep a pair of keys consistent: both or neither.
          WriteBatch b;
          b.Put(key, std::string(64, 'a'));
          b.Put("pair/" + key, "x");
          if (!store->Write(b).ok()) ++errors;
        } else if (!store->Put(key, std::string(64, 'a')).ok()) {
          ++errors;
        }
      }
    });
  }
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      std::string v;
      while (!done) {
        Status s = store->Get("w0/100000", &v);
        if (!s.ok() && !s.IsNotFound()) ++errors;
        // A snapshot scan of one writer's keys: every batched key has its pair.
        auto snap = store->GetSnapshot();
        auto it = store->NewIterator({.lower_bound = "w1/", .upper_bound = "w1/\xff", .snapshot = snap.get()});
        for (it->SeekToFirst(); it->Valid(); it->Next()) {
          std::string key(it->key());
          if ((std::stoi(key.substr(3)) - 100000) % 10 != 0) continue;
          if (!store->Get("pair/" + key, &v, {.snapshot = snap.get()}).ok()) ++errors;
        }
        if (!it->status().ok()) ++errors;
      }
    });
  }
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  done = true;
  for (std::size_t t = kWriters; t < threads.size(); ++t) threads[t].join();

  EXPECT_EQ(errors.load(), 0);
  auto it = store->NewIterator({.lower_bound = "w", .upper_bound = "x"});
  int count = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++count;
  EXPECT_EQ(count, kWriters * kPerWriter);
  EXPECT_EQ(store->Stats().writes, uint64_t{kWriters} * (kPerWriter + kPerWriter / 10));
}

}  // namespace
}  // namespace cloudlet::storage
