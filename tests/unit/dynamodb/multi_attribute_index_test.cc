// GSIs with multi-attribute keys: entry keys (composite partition hash,
// element-by-element sort order, sparseness), ExclusiveStartKey and
// LastEvaluatedKey attributes, catalog records, and the key condition rules
// of Query (PlanKeyCondition) with the ranges they select.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "dynamodb/expressions/parser.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/query_keys.h"
#include "dynamodb/secondary_index.h"

namespace cloudlet::dynamodb {
namespace {
namespace json = boost::json;

json::object Obj(std::string_view text) { return json::parse(text).as_object(); }

const KeyAttribute kPk{"pk", "S"};
const std::optional<KeyAttribute> kNoSk;
const TableKeys kTable{kPk, kNoSk};

// tournament(S) + region(S) partition, round(N) + bracket(S) + match(B) sort.
SecondaryIndex Composite(ProjectionType projection = ProjectionType::kAll) {
  SecondaryIndex index;
  index.name = "byTournament";
  index.id = 9;
  index.hash_keys = {{"tournament", "S"}, {"region", "S"}};
  index.range_keys = {{"round", "N"}, {"bracket", "S"}, {"match", "B"}};
  index.projection = projection;
  return index;
}

json::object Item(std::string_view pk, std::string_view round, std::string_view bracket,
                  std::string_view region = "eu") {
  json::object item = Obj(R"({"tournament":{"S":"w24"},"match":{"B":"AQ=="}})");
  item["pk"] = json::object{{"S", pk}};
  item["region"] = json::object{{"S", region}};
  item["round"] = json::object{{"N", round}};
  item["bracket"] = json::object{{"S", bracket}};
  return item;
}

TEST(MultiAttributeIndexEntry, MissingAnyKeyAttributeMeansNoEntry) {
  auto index = Composite();
  EXPECT_TRUE(IndexEntryKey(index, kTable, Item("a", "1", "upper")));
  for (const char* name : {"tournament", "region", "round", "bracket", "match"}) {
    auto item = Item("a", "1", "upper");
    item.erase(name);
    EXPECT_FALSE(IndexEntryKey(index, kTable, item)) << name;
  }
  auto mistyped = Item("a", "1", "upper");
  mistyped["region"] = json::object{{"N", "1"}};
  EXPECT_FALSE(IndexEntryKey(index, kTable, mistyped));
}

TEST(MultiAttributeIndexEntry, PartitionHashCoversEveryPartitionAttribute) {
  auto index = Composite();
  std::string eu = *IndexEntryKey(index, kTable, Item("a", "1", "upper", "eu"));
  std::string us = *IndexEntryKey(index, kTable, Item("a", "1", "upper", "us"));
  std::string partition;
  const json::value tournament = json::parse(R"({"S":"w24"})"), region = json::parse(R"({"S":"eu"})");
  const json::value* values[] = {&tournament, &region};
  ASSERT_TRUE(AppendPartitionPrefix(IndexPrefix(9), std::span<const json::value* const>(values), &partition));
  EXPECT_TRUE(eu.starts_with(partition));
  EXPECT_FALSE(us.starts_with(partition));
  // One attribute: the single-value prefix, byte for byte.
  std::string single, composite;
  AppendPartitionPrefix(IndexPrefix(9), tournament, &single);
  const json::value* one[] = {&tournament};
  AppendPartitionPrefix(IndexPrefix(9), std::span<const json::value* const>(one), &composite);
  EXPECT_EQ(single, composite);
}

TEST(MultiAttributeIndexEntry, SortsAttributeByAttributeThenByTableKey) {
  auto index = Composite();
  auto key = [&](std::string_view round, std::string_view bracket, std::string_view pk) {
    return *IndexEntryKey(index, kTable, Item(pk, round, bracket));
  };
  EXPECT_LT(key("2", "zzz", "a"), key("10", "aaa", "a"));  // numeric first attribute decides
  EXPECT_LT(key("2", "lower", "z"), key("2", "upper", "a"));  // then the second
  EXPECT_LT(key("2", "up", "z"), key("2", "upper", "a"));  // a prefix sorts first, whatever follows
  EXPECT_LT(key("2", "upper", "a"), key("2", "upper", "b"));  // ties: the table key
}

TEST(MultiAttributeIndexEntry, StartKeyNeedsEveryKeyAttribute) {
  auto index = Composite();
  auto item = Item("a", "1", "upper");
  json::object key = IndexEntryKeyAttributes(index, kTable, item);
  EXPECT_EQ(key.size(), 6u);
  EXPECT_EQ(IndexEntryKeyFromKey(index, kTable, key), IndexEntryKey(index, kTable, item));
  json::object missing = key;
  missing.erase("bracket");
  EXPECT_FALSE(IndexEntryKeyFromKey(index, kTable, missing));
  json::object extra = key;
  extra["other"] = json::object{{"S", "x"}};
  EXPECT_FALSE(IndexEntryKeyFromKey(index, kTable, extra));
}

TEST(MultiAttributeIndexEntry, KeysOnlyProjectsEveryKeyAttribute) {
  auto index = Composite(ProjectionType::kKeysOnly);
  auto item = Item("a", "1", "upper");
  item["score"] = json::object{{"N", "7"}};
  json::object entry = Obj(IndexEntryValue(index, kTable, item, json::serialize(item)));
  item.erase("score");
  EXPECT_EQ(entry, item);
}

TEST(MultiAttributeIndexEntry, CheckIndexKeysNamesAnyMistypedAttribute) {
  IndexList indexes = {Composite()};
  auto item = Item("a", "1", "upper");
  EXPECT_TRUE(CheckIndexKeys(indexes, item).ok());
  item["bracket"] = json::object{{"N", "3"}};
  auto st = CheckIndexKeys(indexes, item);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message,
            "One or more parameter values were invalid: Type mismatch for Index Key bracket Expected: S Actual: N "
            "IndexName: byTournament");
  item["bracket"] = json::object{{"S", ""}};
  EXPECT_FALSE(CheckIndexKeys(indexes, item).ok());
}

TEST(MultiAttributeIndexEntry, RecordsRoundTripAndOldRecordsStillLoad) {
  auto back = IndexFromRecord(IndexRecord(Composite()));
  ASSERT_EQ(back.hash_keys.size(), 2u);
  ASSERT_EQ(back.range_keys.size(), 3u);
  EXPECT_EQ(back.hash_keys[1].name, "region");
  EXPECT_EQ(back.range_keys[2].type, "B");
  auto old = IndexFromRecord(Obj(R"({"name":"g","global":true,"id":3,"hash":{"name":"a","type":"S"},
    "range":{"name":"b","type":"N"},"projection":"ALL","non_key":[],"status":1})"));
  ASSERT_EQ(old.hash_keys.size(), 1u);
  ASSERT_EQ(old.range_keys.size(), 1u);
  EXPECT_EQ(old.range_keys[0].name, "b");
}

// ------------------------------------------------------ key conditions --

class KeyConditionPlan : public ::testing::Test {
 protected:
  // Parses `text` with `values` (ExpressionAttributeValues JSON) and plans it on the composite index.
  aws::Result<KeyConditionRange> Plan(std::string_view text, std::string_view values) {
    values_ = Obj(values);
    expr::Placeholders ph{.names = &names_, .values = &values_};
    auto parsed = expr::ParseKeyCondition(text, ph);
    if (!parsed.ok()) return parsed.take_error();
    condition_ = std::move(parsed.value());
    return PlanKeyCondition(IndexKeySchema(index_), condition_);
  }
  std::string Message(std::string_view text, std::string_view values) {
    auto r = Plan(text, values);
    return r.ok() ? "OK" : r.error().message;
  }

  SecondaryIndex index_ = Composite();
  // REGION, MATCH and OTHER are reserved words.
  json::object names_ = Obj(R"({"#region":"region","#match":"match","#other":"other"})");
  json::object values_;
  expr::KeyCondition condition_;
};

constexpr std::string_view kValues =
    R"({":t":{"S":"w24"},":r":{"S":"eu"},":n":{"N":"2"},":m":{"N":"5"},":b":{"S":"up"},":x":{"B":"AQ=="}})";

TEST_F(KeyConditionPlan, RangesSelectTheRightEntries) {
  struct Case {
    const char* condition;
    std::vector<std::pair<const char*, const char*>> in, out;  // (round, bracket)
  };
  const Case cases[] = {
      {"tournament = :t AND #region = :r", {{"1", "a"}, {"2", "up"}, {"9", "z"}}, {}},
      {"tournament = :t AND #region = :r AND round = :n", {{"2", "a"}, {"2", "zz"}}, {{"1", "up"}, {"3", "up"}}},
      {"tournament = :t AND #region = :r AND round > :n", {{"3", "a"}, {"10", "a"}}, {{"2", "zz"}, {"1", "a"}}},
      {"tournament = :t AND #region = :r AND round BETWEEN :n AND :m", {{"2", "a"}, {"5", "z"}}, {{"6", "a"}}},
      {"tournament = :t AND #region = :r AND round = :n AND bracket = :b", {{"2", "up"}},
       {{"2", "upper"}, {"3", "up"}}},
      {"tournament = :t AND #region = :r AND round = :n AND begins_with(bracket, :b)", {{"2", "up"}, {"2", "upper"}},
       {{"2", "u"}, {"3", "up"}}},
      {"tournament = :t AND #region = :r AND round = :n AND bracket < :b", {{"2", "a"}, {"2", "u"}},
       {{"2", "up"}, {"1", "a"}}},
      {"round = :n AND #region = :r AND tournament = :t AND bracket >= :b", {{"2", "up"}, {"2", "z"}},
       {{"2", "a"}, {"3", "z"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.condition);
    auto plan = Plan(c.condition, kValues);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    for (auto [round, bracket] : c.in)
      EXPECT_TRUE(plan->range.Contains(*IndexEntryKey(index_, kTable, Item("k", round, bracket))))
          << round << "/" << bracket;
    for (auto [round, bracket] : c.out)
      EXPECT_FALSE(plan->range.Contains(*IndexEntryKey(index_, kTable, Item("k", round, bracket))))
          << round << "/" << bracket;
    // Another region is another partition.
    EXPECT_FALSE(plan->range.Contains(*IndexEntryKey(index_, kTable, Item("k", "2", "up", "us"))));
  }
}

TEST_F(KeyConditionPlan, RefusesWhatDynamoDbRefuses) {
  EXPECT_EQ(Message("tournament = :t", kValues), "Query condition missed key schema element: region");
  EXPECT_EQ(Message("#region = :r AND round = :n", kValues), "Query condition missed key schema element: tournament");
  EXPECT_EQ(Message("tournament = :t AND #region = :r AND #other = :n", kValues),
            "Query condition missed key schema element: round");
  EXPECT_EQ(Message("tournament = :t AND #region > :r", kValues), "Query key condition not supported");
  EXPECT_EQ(Message("tournament = :t AND begins_with(#region, :r)", kValues), "Query key condition not supported");
  const std::string skip =
      "Invalid KeyConditionExpression: The sort key attribute round must have an equality condition, since the sort "
      "key attribute bracket after it has a condition";
  EXPECT_EQ(Message("tournament = :t AND #region = :r AND bracket = :b", kValues), skip);
  EXPECT_EQ(Message("tournament = :t AND #region = :r AND round > :n AND bracket = :b", kValues), skip);
  EXPECT_EQ(Message("tournament = :t AND #region = :r AND round = :n AND #match = :x", kValues),
            "Invalid KeyConditionExpression: The sort key attribute bracket must have an equality condition, since "
            "the sort key attribute match after it has a condition");
  EXPECT_EQ(Message("tournament = :t AND #region = :n", kValues),
            "One or more parameter values were invalid: Condition parameter type does not match schema type");
  EXPECT_EQ(Message("tournament = :t AND #region = :r AND round = :b", kValues),
            "One or more parameter values were invalid: Condition parameter type does not match schema type");
  EXPECT_EQ(Message("tournament = :t AND #region = :r AND begins_with(round, :n)", kValues),
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: "
            "begins_with, operand type: NUMBER");
  EXPECT_EQ(Message("tournament = :t AND #region = :r AND round BETWEEN :m AND :n", kValues),
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
            "lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:2}");
}

TEST_F(KeyConditionPlan, OneAttributeSchemasKeepTheirMessages) {
  index_.hash_keys = {{"tournament", "S"}};
  index_.range_keys = {{"round", "N"}};
  EXPECT_EQ(Message("round = :n", kValues), "Query condition missed key schema element: tournament");
  EXPECT_EQ(Message("tournament = :t AND #region = :r", kValues), "Query condition missed key schema element: round");
  EXPECT_EQ(Message("tournament = :t AND round = :n AND #region = :r", kValues),
            "Query condition missed key schema element: round");
  EXPECT_EQ(Message("tournament = :t AND round > :n", kValues), "OK");
}

}  // namespace
}  // namespace cloudlet::dynamodb
