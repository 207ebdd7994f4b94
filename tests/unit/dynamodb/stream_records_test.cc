// Stream records, sequence numbers, labels, ARNs and shard iterators.
#include "dynamodb/stream_records.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace cloudlet::dynamodb {
namespace {
namespace json = boost::json;

json::object Obj(std::string_view text) { return json::parse(text).as_object(); }

Table Things() {
  Table t;
  t.region = "us-east-1";
  t.name = "things";
  t.hash = {"pk", "S"};
  t.range = KeyAttribute{"sk", "N"};
  return t;
}

TEST(SequenceNumbers, AreTwentyOneDigitsAndParseBack) {
  EXPECT_EQ(SequenceNumberText(1), "000000000000000000001");
  EXPECT_EQ(SequenceNumberText(1764770400000000001ull), "001764770400000000001");
  EXPECT_LT(SequenceNumberText(99), SequenceNumberText(100));  // fixed width: text order is number order
  EXPECT_EQ(ParseSequenceNumber("001764770400000000001"), 1764770400000000001ull);
  EXPECT_EQ(ParseSequenceNumber("000000000000000000000"), 0u);
  EXPECT_EQ(ParseSequenceNumber("99999999999999999999999999"), UINT64_MAX);  // past 64 bits
  EXPECT_FALSE(ParseSequenceNumber("12345"));                                 // under 21 digits
  EXPECT_FALSE(ParseSequenceNumber("00000000000000000000x"));
  EXPECT_FALSE(ParseSequenceNumber(std::string(41, '1')));
}

TEST(StreamNames, LabelArnAndShardId) {
  EXPECT_EQ(StreamLabel(1796306400123), "2026-12-03T14:00:00.123");
  std::string arn = StreamArn("us-east-1", "000000000000", "Orders", "2026-12-03T14:00:00.123");
  EXPECT_EQ(arn, "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/2026-12-03T14:00:00.123");
  auto parts = ParseStreamArn(arn);
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->table, "Orders");
  EXPECT_EQ(parts->label, "2026-12-03T14:00:00.123");
  EXPECT_EQ(parts->region, "us-east-1");
  EXPECT_FALSE(ParseStreamArn("arn:aws:dynamodb:us-east-1:000000000000:table/Orders"));
  EXPECT_FALSE(ParseStreamArn("sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"));
  std::string shard = ShardId(1796306400123, 7);
  EXPECT_EQ(shard.substr(0, 29), "shardId-00000001796306400123-");
  EXPECT_EQ(shard.size(), 37u);
  EXPECT_NE(ShardId(1796306400123, 8), shard);
}

TEST(StreamRecord, ImagesFollowTheViewType) {
  Table t = Things();
  std::string old_text = R"({"pk":{"S":"a"},"sk":{"N":"1"},"v":{"S":"old"}})";
  std::string new_text = R"({"pk":{"S":"a"},"sk":{"N":"1"},"v":{"S":"new"}})";
  json::object old_item = Obj(old_text), new_item = Obj(new_text);
  struct Case {
    StreamViewType view;
    bool with_new, with_old;
  };
  for (Case c : {Case{StreamViewType::kKeysOnly, false, false}, Case{StreamViewType::kNewImage, true, false},
                 Case{StreamViewType::kOldImage, false, true}, Case{StreamViewType::kNewAndOldImages, true, true}}) {
    auto text = BuildStreamRecord({&t, &old_item, old_text, &new_item, new_text, ChangeOrigin::kRequest},
                                  {c.view, "eu-west-2", 3, 1764770400000000005ull, 1764770400123});
    ASSERT_TRUE(text);
    json::object r = Obj(*text);
    EXPECT_EQ(r.at("eventName"), "MODIFY");
    EXPECT_EQ(r.at("eventVersion"), "1.1");
    EXPECT_EQ(r.at("eventSource"), "aws:dynamodb");
    EXPECT_EQ(r.at("awsRegion"), "eu-west-2");
    EXPECT_EQ(r.at("eventID").as_string().size(), 32u);
    EXPECT_FALSE(r.contains("userIdentity"));
    const json::object& d = r.at("dynamodb").as_object();
    EXPECT_EQ(d.at("ApproximateCreationDateTime"), 1764770400);
    EXPECT_EQ(d.at("Keys"), Obj(R"({"pk":{"S":"a"},"sk":{"N":"1"}})"));
    EXPECT_EQ(d.at("SequenceNumber"), "001764770400000000005");
    EXPECT_EQ(std::string_view(d.at("StreamViewType").as_string()), ViewTypeName(c.view));
    EXPECT_EQ(d.contains("NewImage"), c.with_new);
    EXPECT_EQ(d.contains("OldImage"), c.with_old);
    if (c.with_new) {
      EXPECT_EQ(d.at("NewImage"), new_item);
    }
    if (c.with_old) {
      EXPECT_EQ(d.at("OldImage"), old_item);
    }
    EXPECT_GT(d.at("SizeBytes").as_int64(), 0);
  }
}

TEST(StreamRecord, InsertRemoveAndNoChange) {
  Table t = Things();
  std::string text = R"({"pk":{"S":"a"},"sk":{"N":"1"},"v":{"S":"x"}})";
  json::object item = Obj(text);
  RecordContext ctx{StreamViewType::kNewAndOldImages, "us-east-1", 1, 10, 0};
  auto insert = BuildStreamRecord({&t, nullptr, {}, &item, text, ChangeOrigin::kRequest}, ctx);
  ASSERT_TRUE(insert);
  EXPECT_EQ(Obj(*insert).at("eventName"), "INSERT");
  EXPECT_FALSE(Obj(*insert).at("dynamodb").as_object().contains("OldImage"));
  auto remove = BuildStreamRecord({&t, &item, text, nullptr, {}, ChangeOrigin::kRequest}, ctx);
  ASSERT_TRUE(remove);
  EXPECT_EQ(Obj(*remove).at("eventName"), "REMOVE");
  EXPECT_FALSE(Obj(*remove).at("dynamodb").as_object().contains("NewImage"));
  // An identical item (members in another order) and a delete of nothing record nothing.
  std::string same_text = R"({"v":{"S":"x"},"sk":{"N":"1"},"pk":{"S":"a"}})";
  json::object same = Obj(same_text);
  EXPECT_FALSE(BuildStreamRecord({&t, &item, text, &same, same_text, ChangeOrigin::kRequest}, ctx));
  EXPECT_FALSE(BuildStreamRecord({&t, nullptr, {}, nullptr, {}, ChangeOrigin::kRequest}, ctx));
}

TEST(StreamRecord, TimeToLiveDeletionsAreTheService) {
  Table t = Things();
  std::string text = R"({"pk":{"S":"a"},"sk":{"N":"1"}})";
  json::object item = Obj(text);
  auto r = BuildStreamRecord({&t, &item, text, nullptr, {}, ChangeOrigin::kTimeToLive},
                             {StreamViewType::kKeysOnly, "us-east-1", 1, 10, 0});
  ASSERT_TRUE(r);
  EXPECT_EQ(Obj(*r).at("userIdentity"), Obj(R"({"type":"Service","principalId":"dynamodb.amazonaws.com"})"));
}

TEST(EventIds, DifferPerRecord) {
  EXPECT_NE(EventId(1, 10), EventId(1, 11));
  EXPECT_NE(EventId(1, 10), EventId(2, 10));
  EXPECT_EQ(EventId(1, 10), EventId(1, 10));
}

TEST(ShardIterators, RoundTripAndRejectTampering) {
  ShardIterator it{.stream_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026-12-03T14:00:00.000",
                   .stream_id = 9,
                   .position = 1764770400000000042ull,
                   .issued_ms = 1764770400123,
                   .trim_horizon = true};
  std::string text = EncodeShardIterator(it);
  EXPECT_TRUE(text.starts_with(it.stream_arn + "|1|"));
  auto back = DecodeShardIterator(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->stream_arn, it.stream_arn);
  EXPECT_EQ(back->stream_id, 9u);
  EXPECT_EQ(back->position, it.position);
  EXPECT_EQ(back->issued_ms, it.issued_ms);
  EXPECT_TRUE(back->trim_horizon);
  std::string other_stream = text;
  other_stream.replace(other_stream.find("/T/"), 3, "/U/");
  EXPECT_FALSE(DecodeShardIterator(other_stream));
  EXPECT_FALSE(DecodeShardIterator("sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg"));
  EXPECT_FALSE(DecodeShardIterator(it.stream_arn + "|1|bm90IGFuIGl0ZXJhdG9y"));
}

}  // namespace
}  // namespace cloudlet::dynamodb
