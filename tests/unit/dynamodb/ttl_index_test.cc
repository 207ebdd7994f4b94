// The time-to-live rule (which items expire, when), the TTL index entries a
// write makes, and the sweeper's selection over a real in-memory store.
#include "dynamodb/ttl_index.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <mutex>

#include "dynamodb/database.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/ttl_sweeper.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace {
namespace json = boost::json;

json::object Obj(std::string_view text) { return json::parse(text).as_object(); }

TEST(ExpiryOf, OnlyATopLevelNumberOfEpochSecondsCounts) {
  struct Case {
    const char* item;
    std::optional<int64_t> expiry;
  };
  const Case cases[] = {
      {R"({"exp":{"N":"1700000000"}})", 1700000000},
      {R"({"exp":{"N":"1700000000.75"}})", 1700000000},  // fraction dropped
      {R"({"exp":{"N":"0"}})", 0},
      {R"({"exp":{"N":"-5"}})", std::nullopt},            // before the epoch
      {R"({"exp":{"N":"1234567890123456789012"}})", std::nullopt},  // beyond any time
      {R"({"exp":{"S":"1700000000"}})", std::nullopt},    // a string is ignored
      {R"({"exp":{"NS":["1"]}})", std::nullopt},
      {R"({"other":{"N":"1"}})", std::nullopt},
      {R"({"m":{"M":{"exp":{"N":"1"}}}})", std::nullopt},  // nested attributes are not the TTL attribute
  };
  for (const auto& c : cases) EXPECT_EQ(ExpiryOf(Obj(c.item), "exp"), c.expiry) << c.item;
}

TEST(IsExpired, PastButNotMoreThanFiveYearsPast) {
  const int64_t now = 1'800'000'000;
  EXPECT_TRUE(IsExpired(now - 1, now));
  EXPECT_FALSE(IsExpired(now, now));  // less than the current time, not equal
  EXPECT_FALSE(IsExpired(now + 60, now));
  EXPECT_TRUE(IsExpired(now - kTimeToLiveMaxAgeSeconds, now));
  EXPECT_FALSE(IsExpired(now - kTimeToLiveMaxAgeSeconds - 1, now));
  // A value written in milliseconds lies far in the future and never expires.
  EXPECT_FALSE(IsExpired(int64_t(now) * 1000, now));
}

TEST(TimeToLiveEntry, KeyOrdersByExpiryAndDecodesToTheItemKey) {
  std::string item_key = std::string("\x10\x00\x00\x00\x07", 5) + "hash-and-keys";
  std::string early = TimeToLiveEntryKey(7, 100, item_key);
  std::string late = TimeToLiveEntryKey(7, 100000, item_key);
  EXPECT_LT(early, late);
  EXPECT_TRUE(early.starts_with(TimeToLivePrefix(7)));
  auto decoded = DecodeTimeToLiveEntry(late);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->expiry, 100000);
  EXPECT_EQ(decoded->item_key, item_key);
}

TEST(AddTimeToLiveChanges, MovesTheEntryOnlyWhenTheExpiryChanges) {
  std::string key = std::string("\x10\x00\x00\x00\x01", 5) + "k";
  auto count = [&](const char* before, const char* after) {
    json::object b = before ? Obj(before) : json::object{}, a = after ? Obj(after) : json::object{};
    storage::WriteBatch batch;
    AddTimeToLiveChanges(1, "exp", key, before ? &b : nullptr, after ? &a : nullptr, batch);
    return batch.Count();
  };
  EXPECT_EQ(count(nullptr, R"({"exp":{"N":"5"}})"), 1u);                          // put
  EXPECT_EQ(count(R"({"exp":{"N":"5"}})", R"({"exp":{"N":"5"},"x":{"S":"y"}})"), 0u);  // unchanged
  EXPECT_EQ(count(R"({"exp":{"N":"5"}})", R"({"exp":{"N":"6"}})"), 2u);           // delete + put
  EXPECT_EQ(count(R"({"exp":{"N":"5"}})", nullptr), 1u);                          // item deleted
  EXPECT_EQ(count(R"({"x":{"S":"y"}})", R"({"x":{"S":"z"}})"), 0u);               // no TTL attribute
}

class Sweep : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::OpenStore({.in_memory = true}).store;
    db_ = std::make_unique<Database>(*store_);
    Table t;
    t.region = "us-east-1";
    t.name = "sessions";
    t.hash = {"pk", "S"};
    t.description = {{"TableArn", "arn:aws:dynamodb:us-east-1:000000000000:table/sessions"}};
    t.ttl_attribute = "exp";
    table_ = db_->Create(std::move(t)).value();
  }
  std::string Key(std::string_view pk) {
    return Database::ItemKey(*table_, json::value(json::object{{"S", pk}}), nullptr);
  }
  void Put(std::string_view text) {
    json::object item = Obj(text);
    std::string key = Key(item.at("pk").at("S").as_string());
    std::lock_guard lock(db_->LockFor(key));
    ASSERT_TRUE(db_->WriteItem(*table_, key, nullptr, &item, json::serialize(item)).ok());
  }
  bool Exists(std::string_view pk) { return db_->GetItem(Key(pk)).value().has_value(); }
  std::size_t Entries() {
    std::string prefix = TimeToLivePrefix(table_->id);
    auto it = store_->NewIterator({.lower_bound = prefix, .upper_bound = PrefixEnd(prefix)});
    std::size_t n = 0;
    for (it->Seek(prefix); it->Valid(); it->Next()) ++n;
    return n;
  }

  std::unique_ptr<storage::KvStore> store_;
  std::unique_ptr<Database> db_;
  TablePtr table_;
};

TEST_F(Sweep, DeletesExpiredItemsOnlyAndFindsThemThroughTheIndex) {
  const int64_t now = 1'800'000'000;
  Put(R"({"pk":{"S":"old"},"exp":{"N":"1799999000"}})");
  Put(R"({"pk":{"S":"future"},"exp":{"N":"1800003600"}})");
  Put(R"({"pk":{"S":"text"},"exp":{"S":"1"}})");
  Put(R"({"pk":{"S":"none"}})");
  Put(R"({"pk":{"S":"ancient"},"exp":{"N":"1000"}})");
  EXPECT_EQ(Entries(), 3u);  // old, future, ancient
  EXPECT_EQ(SweepExpiredItems(*db_, now), 1u);
  EXPECT_FALSE(Exists("old"));
  EXPECT_TRUE(Exists("future"));
  EXPECT_TRUE(Exists("text"));
  EXPECT_TRUE(Exists("none"));
  EXPECT_TRUE(Exists("ancient"));  // more than five years past: kept, its entry dropped
  EXPECT_EQ(Entries(), 1u);
  EXPECT_EQ(SweepExpiredItems(*db_, now + 7200), 1u);
  EXPECT_FALSE(Exists("future"));
  EXPECT_EQ(Entries(), 0u);
}

TEST_F(Sweep, AnItemWhoseTimeWasExtendedIsKept) {
  const int64_t now = 1'800'000'000;
  Put(R"({"pk":{"S":"s"},"exp":{"N":"1799999000"}})");
  Put(R"({"pk":{"S":"s"},"exp":{"N":"1800009000"}})");  // extended: the old entry goes
  EXPECT_EQ(Entries(), 1u);
  EXPECT_EQ(SweepExpiredItems(*db_, now), 0u);
  EXPECT_TRUE(Exists("s"));
}

TEST_F(Sweep, ATableWithoutTimeToLiveKeepsNoEntries) {
  Table t = *table_;
  t.ttl_attribute.reset();
  ASSERT_TRUE(db_->Replace(t).ok());
  table_ = db_->Find("us-east-1", "sessions");
  Put(R"({"pk":{"S":"old"},"exp":{"N":"1"}})");
  EXPECT_EQ(Entries(), 0u);
  EXPECT_EQ(SweepExpiredItems(*db_, 1'800'000'000), 0u);
  EXPECT_TRUE(Exists("old"));
}

// The streams hook sees a sweep's deletion as the service's, with the old item.
class RecordingCapture : public ChangeCapture {
 public:
  bool Enabled(const Table&) const override { return true; }
  aws::Status Stage(const Table&, std::string_view, const json::object* old_item, std::string_view,
                    const json::object* new_item, std::string_view, ChangeOrigin origin, storage::WriteBatch&) override {
    seen.push_back({old_item != nullptr, new_item != nullptr, origin});
    return aws::OkStatus();
  }
  struct Change {
    bool had_old, has_new;
    ChangeOrigin origin;
  };
  std::vector<Change> seen;
};

TEST_F(Sweep, DeletionsReachTheChangeCaptureAsTheServices) {
  RecordingCapture capture;
  db_->set_change_capture(&capture);
  Put(R"({"pk":{"S":"old"},"exp":{"N":"1799999000"}})");
  EXPECT_EQ(SweepExpiredItems(*db_, 1'800'000'000), 1u);
  db_->set_change_capture(nullptr);
  ASSERT_EQ(capture.seen.size(), 2u);
  EXPECT_EQ(capture.seen[0].origin, ChangeOrigin::kRequest);
  EXPECT_TRUE(capture.seen[1].had_old);
  EXPECT_FALSE(capture.seen[1].has_new);
  EXPECT_EQ(capture.seen[1].origin, ChangeOrigin::kTimeToLive);
}

}  // namespace
}  // namespace cloudlet::dynamodb
