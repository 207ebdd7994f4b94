// The KvStore contract, run against the store on disk and in memory.
#include "storage/kv_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <string>
#include <vector>

#include "storage_test_util.h"

namespace cloudlet::storage {
namespace {

using testing::TempDir;

// "t<table>/<item>", items zero-padded so they sort numerically.
std::string TableKey(int table, int item) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "t%d/%06d", table, item);
  return buf;
}

class KvStoreTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    auto [status, store] = OpenStore({.path = dir_.Sub("data"), .in_memory = GetParam()});
    ASSERT_TRUE(status.ok()) << status.ToString();
    store_ = std::move(store);
  }

  void PutAll(const std::vector<std::string>& keys) {
    for (const auto& k : keys) ASSERT_TRUE(store_->Put(k, "v" + k).ok());
  }

  // Keys of a full forward (or reverse) walk of the iterator's range.
  static std::vector<std::string> Walk(Iterator& it, bool forward = true) {
    std::vector<std::string> keys;
    if (forward) {
      for (it.SeekToFirst(); it.Valid(); it.Next()) keys.emplace_back(it.key());
    } else {
      for (it.SeekToLast(); it.Valid(); it.Prev()) keys.emplace_back(it.key());
    }
    EXPECT_TRUE(it.status().ok()) << it.status().ToString();
    return keys;
  }

  std::string GetOr(std::string_view key, const ReadOptions& ro = {}) {
    std::string v;
    Status s = store_->Get(key, &v, ro);
    if (s.IsNotFound()) return "<absent>";
    EXPECT_TRUE(s.ok()) << s.ToString();
    return v;
  }

  TempDir dir_;
  std::unique_ptr<KvStore> store_;
};

INSTANTIATE_TEST_SUITE_P(Engines, KvStoreTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "InMemory" : "OnDisk"; });

TEST_P(KvStoreTest, PutGetDelete) {
  std::string v = "stale";
  Status s = store_->Get("a", &v);
  EXPECT_TRUE(s.IsNotFound()) << s.ToString();
  EXPECT_EQ(v, "");

  ASSERT_TRUE(store_->Put("a", "1").ok());
  ASSERT_TRUE(store_->Get("a", &v).ok());
  EXPECT_EQ(v, "1");

  ASSERT_TRUE(store_->Put("a", "2").ok());
  EXPECT_EQ(GetOr("a"), "2");

  ASSERT_TRUE(store_->Delete("a").ok());
  EXPECT_EQ(GetOr("a"), "<absent>");
  EXPECT_TRUE(store_->Delete("never-there").ok());
}

TEST_P(KvStoreTest, KeysAndValuesAreArbitraryBytes) {
  std::string key("\x00\xff\x00k", 4), value("\x00\x01\x02", 3);
  ASSERT_TRUE(store_->Put(key, value).ok());
  ASSERT_TRUE(store_->Put("", "empty key").ok());
  EXPECT_EQ(GetOr(key), value);
  EXPECT_EQ(GetOr(std::string("\x00\xff\x00", 3)), "<absent>");
  EXPECT_EQ(GetOr(""), "empty key");
  std::string big(1 << 20, 'x');
  ASSERT_TRUE(store_->Put("big", big).ok());
  EXPECT_EQ(GetOr("big"), big);
}

TEST_P(KvStoreTest, WriteBatchIsAtomicAndOrdered) {
  PutAll({"r1", "r2", "r3", "x"});
  WriteBatch batch;
  batch.Put("a", "1");
  batch.Put("b", "1");
  batch.Delete("x");
  batch.DeleteRange("r1", "r3");
  batch.Put("a", "2");  // later operations win
  batch.Put("r2", "back");
  EXPECT_EQ(batch.Count(), 6u);

  auto snap = store_->GetSnapshot();
  ASSERT_TRUE(store_->Write(batch).ok());
  EXPECT_EQ(GetOr("a"), "2");
  EXPECT_EQ(GetOr("b"), "1");
  EXPECT_EQ(GetOr("x"), "<absent>");
  EXPECT_EQ(GetOr("r1"), "<absent>");
  EXPECT_EQ(GetOr("r2"), "back");
  EXPECT_EQ(GetOr("r3"), "vr3");
  // The batch is invisible to a view taken before it.
  EXPECT_EQ(GetOr("a", {.snapshot = snap.get()}), "<absent>");
  EXPECT_EQ(GetOr("x", {.snapshot = snap.get()}), "vx");
}

TEST_P(KvStoreTest, WriteBatchWithBadRangeAppliesNothing) {
  WriteBatch batch;
  batch.Put("a", "1");
  batch.DeleteRange("z", "b");
  Status s = store_->Write(batch);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(GetOr("a"), "<absent>");
  EXPECT_TRUE(store_->Write(WriteBatch()).ok());
}

TEST_P(KvStoreTest, IteratesWithinBoundsForwardAndReverse) {
  PutAll({"a", "b1", "b2", "b3", "c"});
  auto it = store_->NewIterator({.lower_bound = "b", .upper_bound = "c"});
  EXPECT_FALSE(it->Valid());
  EXPECT_EQ(Walk(*it), (std::vector<std::string>{"b1", "b2", "b3"}));
  EXPECT_EQ(Walk(*it, false), (std::vector<std::string>{"b3", "b2", "b1"}));

  it->Seek("b2");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "b2");
  EXPECT_EQ(it->value(), "vb2");
  it->Prev();
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "b1");
  it->Next();
  it->Next();
  EXPECT_EQ(it->key(), "b3");
  it->Next();
  EXPECT_FALSE(it->Valid());  // "c" is out of bounds

  it->Seek("a");  // below the lower bound: clamped
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "b1");
  it->SeekForPrev("b25");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "b2");
  it->SeekForPrev("zzz");  // above the upper bound: clamped
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "b3");
  it->SeekForPrev("b0");
  EXPECT_FALSE(it->Valid());
  EXPECT_TRUE(it->status().ok());
}

TEST_P(KvStoreTest, EmptyBoundsMeanWholeKeySpace) {
  PutAll({"", "a", std::string("\xff\xff", 2)});
  auto it = store_->NewIterator();
  EXPECT_EQ(Walk(*it), (std::vector<std::string>{"", "a", std::string("\xff\xff", 2)}));
  auto lower_only = store_->NewIterator({.lower_bound = "a"});
  EXPECT_EQ(Walk(*lower_only, false), (std::vector<std::string>{std::string("\xff\xff", 2), "a"}));
}

TEST_P(KvStoreTest, IteratorSeesTheStoreAsOfItsCreation) {
  PutAll({"a", "b"});
  auto it = store_->NewIterator();
  ASSERT_TRUE(store_->Put("c", "vc").ok());
  ASSERT_TRUE(store_->Delete("a").ok());
  EXPECT_EQ(Walk(*it), (std::vector<std::string>{"a", "b"}));
}

TEST_P(KvStoreTest, SnapshotIsolatesLaterWrites) {
  PutAll({"a", "b"});
  auto snap = store_->GetSnapshot();
  ASSERT_TRUE(store_->Put("a", "new").ok());
  ASSERT_TRUE(store_->Delete("b").ok());
  ASSERT_TRUE(store_->Put("c", "vc").ok());
  ASSERT_TRUE(store_->Flush().ok());  // the view holds across a flush

  EXPECT_EQ(GetOr("a", {.snapshot = snap.get()}), "va");
  EXPECT_EQ(GetOr("b", {.snapshot = snap.get()}), "vb");
  EXPECT_EQ(GetOr("c", {.snapshot = snap.get()}), "<absent>");
  auto old_view = store_->NewIterator({.snapshot = snap.get()});
  EXPECT_EQ(Walk(*old_view), (std::vector<std::string>{"a", "b"}));

  EXPECT_EQ(GetOr("a"), "new");
  auto now = store_->NewIterator();
  EXPECT_EQ(Walk(*now), (std::vector<std::string>{"a", "c"}));
}

TEST_P(KvStoreTest, SnapshotOfAnotherStoreIsRejected) {
  auto [status, other] = OpenStore({.in_memory = true});
  ASSERT_TRUE(status.ok());
  auto foreign = other->GetSnapshot();
  std::string v;
  Status s = store_->Get("a", &v, {.snapshot = foreign.get()});
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  auto it = store_->NewIterator({.snapshot = foreign.get()});
  it->SeekToFirst();
  EXPECT_FALSE(it->Valid());
  EXPECT_TRUE(it->status().IsInvalidArgument());
}

TEST_P(KvStoreTest, DeleteRangeRemovesExactlyTheRange) {
  for (int t = 1; t <= 3; ++t) {
    for (int i = 0; i < 500; ++i) ASSERT_TRUE(store_->Put(TableKey(t, i), "x").ok());
  }
  ASSERT_TRUE(store_->Flush().ok());  // tombstone over table files, not just memtable
  ASSERT_TRUE(store_->DeleteRange(TableKey(2, 0), TableKey(3, 0)).ok());
  EXPECT_EQ(GetOr(TableKey(2, 0)), "<absent>");
  EXPECT_EQ(GetOr(TableKey(2, 499)), "<absent>");
  EXPECT_EQ(GetOr(TableKey(1, 499)), "x");
  EXPECT_EQ(GetOr(TableKey(3, 0)), "x");
  auto it = store_->NewIterator();
  EXPECT_EQ(Walk(*it).size(), 1000u);

  EXPECT_TRUE(store_->DeleteRange("b", "a").IsInvalidArgument());
  EXPECT_TRUE(store_->DeleteRange("b", "b").ok());
}

TEST_P(KvStoreTest, DroppedRangeSpaceIsReclaimed) {
  for (int i = 0; i < 20000; ++i) ASSERT_TRUE(store_->Put(TableKey(1, i), std::string(100, 'a' + i % 7)).ok());
  ASSERT_TRUE(store_->Put(TableKey(2, 0), "kept").ok());
  ASSERT_TRUE(store_->Flush().ok());
  const uint64_t before = store_->Stats().file_bytes;
  ASSERT_GT(before, 100000u);
  WriteBatch drop;
  drop.DeleteRange(TableKey(1, 0), TableKey(2, 0));
  ASSERT_TRUE(store_->Write(drop).ok());
  uint64_t after = before;
  for (int i = 0; i < 100 && after > before / 10; ++i) {  // compaction runs in the background
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    after = store_->Stats().file_bytes;
  }
  EXPECT_LT(after, before / 10);
  EXPECT_EQ(GetOr(TableKey(2, 0)), "kept");
  EXPECT_EQ(GetOr(TableKey(1, 5)), "<absent>");
}

TEST_P(KvStoreTest, MultiGetReturnsOneStatusPerKey) {
  PutAll({"a", "c"});
  std::vector<std::string_view> keys = {"a", "b", "c"};
  std::vector<std::string> values;
  auto statuses = store_->MultiGet(keys, &values);
  ASSERT_EQ(statuses.size(), 3u);
  ASSERT_EQ(values.size(), 3u);
  EXPECT_TRUE(statuses[0].ok());
  EXPECT_TRUE(statuses[1].IsNotFound());
  EXPECT_TRUE(statuses[2].ok());
  EXPECT_EQ(values[0], "va");
  EXPECT_EQ(values[1], "");
  EXPECT_EQ(values[2], "vc");
}

TEST_P(KvStoreTest, StatsCountWrites) {
  PutAll({"a", "b"});
  WriteBatch batch;
  batch.Put("c", "1");
  batch.Delete("a");
  ASSERT_TRUE(store_->Write(batch).ok());
  StoreStats stats = store_->Stats();
  EXPECT_EQ(stats.writes, 4u);
  EXPECT_GT(stats.memtable_bytes, 0u);
  EXPECT_GE(stats.estimated_keys, 2u);
  ASSERT_TRUE(store_->Flush().ok());
  stats = store_->Stats();
  EXPECT_GT(stats.file_bytes, 0u);
  EXPECT_GT(stats.live_data_bytes, 0u);
}

}  // namespace
}  // namespace cloudlet::storage
