// Secondary index entries: their keys and projections, DynamoDB's index key
// checks, and their maintenance through Database::WriteItem (the one write
// path), including item collection sizes of tables with LSIs.
#include "dynamodb/secondary_index.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <map>

#include "dynamodb/database.h"
#include "dynamodb/key_codec.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace {
namespace json = boost::json;

json::object Obj(std::string_view text) { return json::parse(text).as_object(); }

SecondaryIndex Gsi(std::string name, KeyAttribute hash, std::optional<KeyAttribute> range,
                   ProjectionType projection = ProjectionType::kAll, std::vector<std::string> non_key = {}) {
  SecondaryIndex index;
  index.name = std::move(name);
  index.id = 7;
  index.hash_keys = {std::move(hash)};
  if (range) index.range_keys = {std::move(*range)};
  index.projection = projection;
  index.non_key_attributes = std::move(non_key);
  return index;
}

const KeyAttribute kPk{"pk", "S"};
const std::optional<KeyAttribute> kSk = KeyAttribute{"sk", "N"};
const TableKeys kTable{kPk, kSk};

TEST(IndexEntryKey, IsSparseAndIgnoresMistypedValues) {
  auto index = Gsi("byGroup", {"g", "S"}, KeyAttribute{"rank", "N"});
  EXPECT_FALSE(IndexEntryKey(index, kTable, Obj(R"({"pk":{"S":"a"},"sk":{"N":"1"}})")));
  EXPECT_FALSE(IndexEntryKey(index, kTable, Obj(R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"}})")));
  EXPECT_FALSE(IndexEntryKey(index, kTable, Obj(R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"N":"1"},"rank":{"N":"1"}})")));
  auto key = IndexEntryKey(index, kTable, Obj(R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"},"rank":{"N":"2"}})"));
  ASSERT_TRUE(key);
  EXPECT_TRUE(key->starts_with(IndexPrefix(7)));
}

TEST(IndexEntryKey, OrdersByIndexSortKeyThenTableKey) {
  auto index = Gsi("byGroup", {"g", "S"}, KeyAttribute{"rank", "N"});
  auto key = [&](std::string_view rank, std::string_view pk, std::string_view sk) {
    auto item = Obj(R"({"g":{"S":"x"}})");
    item["rank"] = json::object{{"N", rank}};
    item["pk"] = json::object{{"S", pk}};
    item["sk"] = json::object{{"N", sk}};
    return *IndexEntryKey(index, kTable, item);
  };
  // Numeric index sort key order, then the table key breaks ties.
  EXPECT_LT(key("2", "z", "1"), key("10", "a", "1"));
  EXPECT_LT(key("5", "a", "9"), key("5", "b", "1"));
  EXPECT_LT(key("5", "a", "2"), key("5", "a", "10"));
  // Entries with equal index keys share one partition prefix.
  std::string partition;
  AppendPartitionPrefix(IndexPrefix(7), json::parse(R"({"S":"x"})"), &partition);
  EXPECT_TRUE(key("5", "a", "2").starts_with(partition));
}

TEST(IndexEntryKey, SortKeyRangesCoverEntriesWithTableKeysAfterThem) {
  auto index = Gsi("byGroup", {"g", "S"}, KeyAttribute{"rank", "N"});
  auto item = Obj(R"({"g":{"S":"x"},"rank":{"N":"5"},"pk":{"S":"a"},"sk":{"N":"1"}})");
  std::string key = *IndexEntryKey(index, kTable, item);
  std::string partition;
  AppendPartitionPrefix(IndexPrefix(7), item.at("g"), &partition);
  json::value five = json::parse(R"({"N":"5"})"), six = json::parse(R"({"N":"6"})"), four = json::parse(R"({"N":"4"})");
  struct Case {
    SortKeyOp op;
    const json::value* v1;
    const json::value* v2;
    bool contains;
  };
  const Case cases[] = {
      {SortKeyOp::kEq, &five, nullptr, true},     {SortKeyOp::kLe, &five, nullptr, true},
      {SortKeyOp::kLt, &five, nullptr, false},    {SortKeyOp::kGe, &five, nullptr, true},
      {SortKeyOp::kGt, &five, nullptr, false},    {SortKeyOp::kBetween, &four, &five, true},
      {SortKeyOp::kBetween, &five, &six, true},   {SortKeyOp::kGt, &four, nullptr, true},
      {SortKeyOp::kEq, &six, nullptr, false},
  };
  for (const auto& c : cases) {
    auto range = SortKeyRange(partition, c.op, c.v1, c.v2);
    ASSERT_TRUE(range.ok());
    EXPECT_EQ(range->Contains(key), c.contains) << int(c.op) << " " << json::serialize(*c.v1);
  }
}

TEST(IndexEntryKeyFromKey, NeedsExactlyTheIndexAndTableKeys) {
  auto index = Gsi("byGroup", {"g", "S"}, std::nullopt);
  auto item = Obj(R"({"g":{"S":"x"},"pk":{"S":"a"},"sk":{"N":"1"}})");
  EXPECT_EQ(IndexEntryKeyFromKey(index, kTable, item), IndexEntryKey(index, kTable, item));
  EXPECT_FALSE(IndexEntryKeyFromKey(index, kTable, Obj(R"({"g":{"S":"x"},"pk":{"S":"a"}})")));
  EXPECT_FALSE(IndexEntryKeyFromKey(index, kTable, Obj(R"({"g":{"S":"x"},"pk":{"S":"a"},"sk":{"S":"1"}})")));
  EXPECT_FALSE(
      IndexEntryKeyFromKey(index, kTable, Obj(R"({"g":{"S":"x"},"pk":{"S":"a"},"sk":{"N":"1"},"other":{"S":"y"}})")));
}

TEST(IndexEntryValue, HoldsTheProjection) {
  auto item = Obj(R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"},"keep":{"S":"k"},"drop":{"S":"d"}})");
  std::string text = json::serialize(item);
  EXPECT_EQ(IndexEntryValue(Gsi("i1", {"g", "S"}, std::nullopt), kTable, item, text), text);
  EXPECT_EQ(Obj(IndexEntryValue(Gsi("i1", {"g", "S"}, std::nullopt, ProjectionType::kKeysOnly), kTable, item, text)),
            Obj(R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"}})"));
  EXPECT_EQ(Obj(IndexEntryValue(Gsi("i1", {"g", "S"}, std::nullopt, ProjectionType::kInclude, {"keep", "absent"}),
                                kTable, item, text)),
            Obj(R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"},"keep":{"S":"k"}})"));
  auto include = Gsi("i1", {"g", "S"}, std::nullopt, ProjectionType::kInclude, {"keep"});
  EXPECT_TRUE(include.Projects("keep", kPk, kSk));
  EXPECT_TRUE(include.Projects("sk", kPk, kSk));
  EXPECT_FALSE(include.Projects("drop", kPk, kSk));
}

TEST(CheckIndexKeys, UsesDynamoDbsMessagesAndTheFirstIndexByName) {
  IndexList indexes = {Gsi("zeta", {"g", "S"}, std::nullopt), Gsi("alpha", {"g", "S"}, std::nullopt)};
  EXPECT_TRUE(CheckIndexKeys(indexes, Obj(R"({"pk":{"S":"a"}})")).ok());
  EXPECT_TRUE(CheckIndexKeys(indexes, Obj(R"({"g":{"S":"x"}})")).ok());
  auto mistyped = CheckIndexKeys(indexes, Obj(R"({"g":{"N":"1"}})"));
  ASSERT_FALSE(mistyped.ok());
  EXPECT_EQ(mistyped.error().code, "ValidationException");
  EXPECT_EQ(mistyped.error().message,
            "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N "
            "IndexName: alpha");
  auto empty = CheckIndexKeys(indexes, Obj(R"({"g":{"S":""}})"));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message,
            "One or more parameter values are not valid. A value specified for a secondary index key is not "
            "supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: "
            "alpha, IndexKey: g");
}

TEST(IndexRecord, RoundTrips) {
  auto index = Gsi("byGroup", {"g", "S"}, KeyAttribute{"rank", "N"}, ProjectionType::kInclude, {"a", "b"});
  index.global = false;
  index.status = IndexStatus::kCreating;
  auto back = IndexFromRecord(IndexRecord(index));
  EXPECT_EQ(back.name, "byGroup");
  EXPECT_FALSE(back.global);
  EXPECT_EQ(back.id, 7u);
  ASSERT_EQ(back.range_keys.size(), 1u);
  EXPECT_EQ(back.range_keys[0].name, "rank");
  EXPECT_EQ(back.projection, ProjectionType::kInclude);
  EXPECT_EQ(back.non_key_attributes, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(back.status, IndexStatus::kCreating);
}

// ---------------------------------------------------------- maintenance --

class IndexMaintenance : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenStore({.in_memory = true});
    ASSERT_TRUE(opened.status.ok());
    store_ = std::move(opened.store);
    db_ = std::make_unique<Database>(*store_);
  }

  TablePtr MakeTable(IndexList indexes) {
    Table t;
    t.region = "us-east-1";
    t.name = "things";
    t.hash = kPk;
    t.range = kSk;
    t.description = {{"TableArn", "arn:aws:dynamodb:us-east-1:000000000000:table/things"}};
    t.indexes = std::make_shared<const IndexList>(std::move(indexes));
    auto created = db_->Create(std::move(t));
    EXPECT_TRUE(created.ok());
    return *created;
  }

  aws::Status Put(const Table& table, std::string_view text, IndexWriteCounts* counts = nullptr) {
    json::object item = Obj(text);
    std::string key = Database::ItemKey(table, item.at("pk"), &item.at("sk"));
    std::lock_guard lock(db_->LockFor(key));
    return db_->WriteItem(table, key, nullptr, &item, json::serialize(item), counts);
  }
  aws::Status Delete(const Table& table, std::string_view pk, std::string_view sk) {
    json::value h = json::object{{"S", pk}}, r = json::object{{"N", sk}};
    std::string key = Database::ItemKey(table, h, &r);
    std::lock_guard lock(db_->LockFor(key));
    return db_->WriteItem(table, key, nullptr, nullptr, {});
  }

  // Entries of an index in key order, as their projected JSON.
  std::vector<json::object> Entries(const SecondaryIndex& index) {
    std::vector<json::object> out;
    std::string prefix = IndexPrefix(index.id);
    auto it = store_->NewIterator({.lower_bound = prefix, .upper_bound = PrefixEnd(prefix)});
    for (it->Seek(prefix); it->Valid(); it->Next()) out.push_back(Obj(it->value()));
    return out;
  }

  std::unique_ptr<storage::KvStore> store_;
  std::unique_ptr<Database> db_;
};

TEST_F(IndexMaintenance, PutUpdateAndDeleteMoveTheEntries) {
  auto table = MakeTable({Gsi("byGroup", {"g", "S"}, std::nullopt, ProjectionType::kKeysOnly)});
  const SecondaryIndex& index = table->indexes->front();
  ASSERT_TRUE(Put(*table, R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"},"v":{"S":"1"}})").ok());
  ASSERT_TRUE(Put(*table, R"({"pk":{"S":"b"},"sk":{"N":"1"}})").ok());  // sparse: no entry
  auto entries = Entries(index);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0], Obj(R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"}})"));

  // The index key changes: the old entry goes, the new one comes.
  IndexWriteCounts counts;
  ASSERT_TRUE(Put(*table, R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"y"}})", &counts).ok());
  entries = Entries(index);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].at("g"), json::parse(R"({"S":"y"})"));
  EXPECT_EQ(counts.touched.size(), 2u);

  // A non-projected attribute changes: the entry is left alone.
  IndexWriteCounts untouched;
  ASSERT_TRUE(Put(*table, R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"y"},"v":{"S":"2"}})", &untouched).ok());
  EXPECT_TRUE(untouched.touched.empty());

  // The attribute disappears: so does the entry.
  ASSERT_TRUE(Put(*table, R"({"pk":{"S":"a"},"sk":{"N":"1"}})").ok());
  EXPECT_TRUE(Entries(index).empty());

  ASSERT_TRUE(Put(*table, R"({"pk":{"S":"c"},"sk":{"N":"2"},"g":{"S":"z"}})").ok());
  ASSERT_EQ(Entries(index).size(), 1u);
  ASSERT_TRUE(Delete(*table, "c", "2").ok());
  EXPECT_TRUE(Entries(index).empty());
}

TEST_F(IndexMaintenance, RejectsAMistypedIndexKeyAndWritesNothing) {
  auto table = MakeTable({Gsi("byGroup", {"g", "S"}, std::nullopt)});
  auto st = Put(*table, R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"N":"5"}})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "ValidationException");
  EXPECT_EQ(db_->TableStats(*table).item_count, 0u);
  EXPECT_TRUE(Entries(table->indexes->front()).empty());
}

TEST_F(IndexMaintenance, DropRemovesTheEntries) {
  auto table = MakeTable({Gsi("byGroup", {"g", "S"}, std::nullopt)});
  SecondaryIndex index = table->indexes->front();
  ASSERT_TRUE(Put(*table, R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"}})").ok());
  ASSERT_EQ(Entries(index).size(), 1u);
  ASSERT_TRUE(db_->Drop("us-east-1", "things").ok());
  EXPECT_TRUE(Entries(index).empty());
}

TEST_F(IndexMaintenance, ItemCollectionsAreSizedAndLimited) {
  auto lsi = Gsi("byRank", kPk, KeyAttribute{"rank", "N"});
  lsi.global = false;
  auto table = MakeTable({lsi});
  IndexWriteCounts first;
  std::string item = R"({"pk":{"S":"a"},"sk":{"N":"1"},"rank":{"N":"3"}})";
  ASSERT_TRUE(Put(*table, item, &first).ok());
  ASSERT_TRUE(first.collection_bytes);
  // The item and its LSI entry (ALL projection: the item again).
  EXPECT_EQ(*first.collection_bytes, 2 * json::serialize(Obj(item)).size());

  IndexWriteCounts second;
  ASSERT_TRUE(Put(*table, R"({"pk":{"S":"a"},"sk":{"N":"2"}})", &second).ok());
  EXPECT_GT(*second.collection_bytes, *first.collection_bytes);

  // Past the limit a write that grows the collection fails; one that shrinks it does not.
  db_->set_item_collection_limit(*second.collection_bytes + 10);
  auto st = Put(*table, R"({"pk":{"S":"a"},"sk":{"N":"3"},"rank":{"N":"1"}})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "ItemCollectionSizeLimitExceededException");
  EXPECT_TRUE(Put(*table, R"({"pk":{"S":"b"},"sk":{"N":"3"}})").ok());  // another collection
  EXPECT_TRUE(Delete(*table, "a", "1").ok());
  EXPECT_TRUE(Put(*table, R"({"pk":{"S":"a"},"sk":{"N":"3"}})").ok());
}

}  // namespace
}  // namespace cloudlet::dynamodb
