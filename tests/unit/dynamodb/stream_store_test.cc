// The stream store: change capture through Database::WriteItem, reads in
// sequence order (gaps of writes in flight), shard closing, trimming,
// restarts, and the Streams API over it.
#include "dynamodb/stream_store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "dynamodb/streams_operations.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace {
namespace json = boost::json;

json::object Obj(std::string_view text) { return json::parse(text).as_object(); }

class StreamStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenStore({.in_memory = true});
    ASSERT_TRUE(opened.status.ok());
    store_ = std::move(opened.store);
    Open();
  }
  void Open() {
    streams_.reset();
    db_ = std::make_unique<Database>(*store_);
    streams_ = std::make_unique<StreamStore>(*db_, StreamStoreOptions{.retention = std::chrono::hours(1),
                                                                       .background_trim = false});
    db_->set_change_capture(streams_.get());
  }
  void Reopen() {
    streams_.reset();
    db_.reset();
    Open();
  }

  // A table with a stream of `view`.
  TablePtr MakeTable(std::string name, StreamViewType view) {
    Table t;
    t.region = "us-east-1";
    t.name = name;
    t.hash = {"pk", "S"};
    t.description = {{"KeySchema", json::array{json::object{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}}};
    auto stream = streams_->Create(t, view, "000000000000");
    EXPECT_TRUE(stream.ok());
    t.stream_id = (*stream)->id;
    auto created = db_->Create(std::move(t));
    EXPECT_TRUE(created.ok());
    return *created;
  }

  aws::Status Write(const Table& table, std::string_view pk, std::optional<std::string_view> item_text,
                    ChangeOrigin origin = ChangeOrigin::kRequest) {
    json::value h = json::object{{"S", pk}};
    std::string key = Database::ItemKey(table, h, nullptr);
    std::lock_guard lock(db_->LockFor(key));
    if (!item_text) return db_->WriteItem(table, key, nullptr, nullptr, {}, nullptr, origin);
    json::object item = Obj(*item_text);
    return db_->WriteItem(table, key, nullptr, &item, json::serialize(item), nullptr, origin);
  }

  std::vector<json::object> ReadAll(const Table& table, uint64_t from = 0) {
    StreamPtr s = streams_->FindById(table.stream_id);
    auto read = streams_->Read(*s, from, 1000);
    EXPECT_TRUE(read.ok());
    std::vector<json::object> out;
    for (const auto& r : read->records) out.push_back(Obj(r));
    return out;
  }

  aws::Result<json::object> Call(StreamsOperation op, json::object request,
                                 std::chrono::milliseconds lifetime = std::chrono::minutes(15)) {
    StreamsContext ctx{*streams_, "us-east-1", "000000000000", lifetime};
    auto answer = op(ctx, request);
    if (!answer.ok()) return answer.take_error();
    return Obj(*answer);
  }

  std::unique_ptr<storage::KvStore> store_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<StreamStore> streams_;
};

TEST_F(StreamStoreTest, CapturesInsertModifyRemoveInOrderAndSkipsNoOps) {
  TablePtr t = MakeTable("things", StreamViewType::kNewAndOldImages);
  ASSERT_TRUE(Write(*t, "a", R"({"pk":{"S":"a"},"v":{"N":"1"}})").ok());
  ASSERT_TRUE(Write(*t, "a", R"({"pk":{"S":"a"},"v":{"N":"1"}})").ok());  // identical: no record
  ASSERT_TRUE(Write(*t, "a", R"({"pk":{"S":"a"},"v":{"N":"2"}})").ok());
  ASSERT_TRUE(Write(*t, "a", std::nullopt).ok());
  ASSERT_TRUE(Write(*t, "b", std::nullopt).ok());  // absent: no record
  auto records = ReadAll(*t);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].at("eventName"), "INSERT");
  EXPECT_EQ(records[1].at("eventName"), "MODIFY");
  EXPECT_EQ(records[1].at("dynamodb").at("OldImage").at("v"), Obj(R"({"N":"1"})"));
  EXPECT_EQ(records[2].at("eventName"), "REMOVE");
  std::string s0(records[0].at("dynamodb").at("SequenceNumber").as_string());
  std::string s1(records[1].at("dynamodb").at("SequenceNumber").as_string());
  std::string s2(records[2].at("dynamodb").at("SequenceNumber").as_string());
  EXPECT_LT(s0, s1);
  EXPECT_LT(s1, s2);
  EXPECT_EQ(s0.size(), 21u);
}

TEST_F(StreamStoreTest, TimeToLiveDeletionsThroughWriteItemAreServiceRecords) {
  TablePtr t = MakeTable("things", StreamViewType::kOldImage);
  ASSERT_TRUE(Write(*t, "a", R"({"pk":{"S":"a"},"ttl":{"N":"1"}})").ok());
  ASSERT_TRUE(Write(*t, "a", std::nullopt, ChangeOrigin::kTimeToLive).ok());
  auto records = ReadAll(*t);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_FALSE(records[0].contains("userIdentity"));
  EXPECT_EQ(records[1].at("eventName"), "REMOVE");
  EXPECT_EQ(records[1].at("userIdentity"), Obj(R"({"type":"Service","principalId":"dynamodb.amazonaws.com"})"));
}

TEST_F(StreamStoreTest, TablesWithoutAStreamRecordNothing) {
  Table plain;
  plain.region = "us-east-1";
  plain.name = "plain";
  plain.hash = {"pk", "S"};
  auto created = db_->Create(std::move(plain));
  ASSERT_TRUE(created.ok());
  EXPECT_FALSE(streams_->Enabled(**created));
  ASSERT_TRUE(Write(**created, "a", R"({"pk":{"S":"a"}})").ok());
  std::string lower(1, '\x13'), upper(1, '\x14');
  auto it = store_->NewIterator({.lower_bound = lower, .upper_bound = upper});
  it->Seek(lower);
  EXPECT_FALSE(it->Valid());
}

TEST_F(StreamStoreTest, AReaderWaitsForAWriteInFlightBeforeSkippingItsNumber) {
  TablePtr t = MakeTable("things", StreamViewType::kKeysOnly);
  ASSERT_TRUE(Write(*t, "a", R"({"pk":{"S":"a"}})").ok());
  StreamPtr s = streams_->FindById(t->stream_id);
  // A write that staged its record (a sequence number) but has not committed yet.
  json::value h = json::object{{"S", "slow"}}, hb = json::object{{"S", "b"}};
  std::string slow_key = Database::ItemKey(*t, h, nullptr);
  ASSERT_NE(&db_->LockFor(slow_key), &db_->LockFor(Database::ItemKey(*t, hb, nullptr)));
  std::mutex mu;
  std::condition_variable cv;
  bool staged_done = false;
  std::thread committer([&] {
    json::object slow_item = Obj(R"({"pk":{"S":"slow"}})");
    std::lock_guard slow_lock(db_->LockFor(slow_key));
    StagedWrites staged;
    ASSERT_TRUE(db_->StageItemWrite(*t, slow_key, nullptr, &slow_item, json::serialize(slow_item), staged).ok());
    {
      std::lock_guard lock(mu);
      staged_done = true;
    }
    cv.notify_all();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(db_->CommitStaged(staged).ok());
  });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return staged_done; });
  }
  ASSERT_TRUE(Write(*t, "b", R"({"pk":{"S":"b"}})").ok());  // a later number, committed first
  auto first = streams_->Read(*s, 0, 1000);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->records.size(), 1u);  // "a", then the gap: stop there
  auto rest = streams_->Read(*s, first->next_position, 1000);  // waits for the slow write
  committer.join();
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->records.size(), 2u);
  EXPECT_EQ(Obj(rest->records[0]).at("dynamodb").at("Keys").at("pk").at("S"), "slow");
  EXPECT_EQ(Obj(rest->records[1]).at("dynamodb").at("Keys").at("pk").at("S"), "b");
}

TEST_F(StreamStoreTest, AnAbandonedWriteLeavesAGapThatIsSkipped) {
  TablePtr t = MakeTable("things", StreamViewType::kKeysOnly);
  {
    json::value h = json::object{{"S", "gone"}};
    std::string key = Database::ItemKey(*t, h, nullptr);
    json::object item = Obj(R"({"pk":{"S":"gone"}})");
    std::lock_guard lock(db_->LockFor(key));
    StagedWrites staged;  // a transaction that failed after staging: never committed
    ASSERT_TRUE(db_->StageItemWrite(*t, key, nullptr, &item, json::serialize(item), staged).ok());
  }
  ASSERT_TRUE(Write(*t, "b", R"({"pk":{"S":"b"}})").ok());
  auto records = ReadAll(*t);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].at("dynamodb").at("Keys").at("pk").at("S"), "b");
}

TEST_F(StreamStoreTest, DisablingClosesTheShardAndRestartKeepsNumbering) {
  TablePtr t = MakeTable("things", StreamViewType::kKeysOnly);
  ASSERT_TRUE(Write(*t, "a", R"({"pk":{"S":"a"}})").ok());
  ASSERT_TRUE(Write(*t, "b", R"({"pk":{"S":"b"}})").ok());
  uint32_t id = t->stream_id;
  std::string arn = streams_->FindById(id)->arn;
  Reopen();
  StreamPtr s = streams_->FindById(id);
  ASSERT_TRUE(s);
  uint64_t next = s->next_sequence.load();
  EXPECT_EQ(next, s->start_sequence + 2);
  ASSERT_TRUE(streams_->Disable(id).ok());
  EXPECT_EQ(s->EndingSequence(), s->start_sequence + 1);
  auto read = streams_->Read(*s, 0, 1000);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->records.size(), 2u);
  EXPECT_TRUE(read->end_of_shard);
  Reopen();
  s = streams_->Find(arn);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->enabled.load());
  EXPECT_EQ(s->EndingSequence(), s->start_sequence + 1);
  auto described = Call(DescribeStream, {{"StreamArn", arn}});
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->at("StreamDescription").at("StreamStatus"), "DISABLED");
  EXPECT_EQ(described->at("StreamDescription").at("Shards").at(0).at("SequenceNumberRange").at("EndingSequenceNumber"),
            json::value(SequenceNumberText(s->start_sequence + 1)));
}

TEST_F(StreamStoreTest, StreamsGetNewArnsEachTime) {
  Table t;
  t.region = "us-east-1";
  t.name = "things";
  t.hash = {"pk", "S"};
  auto a = streams_->Create(t, StreamViewType::kKeysOnly, "000000000000");
  auto b = streams_->Create(t, StreamViewType::kKeysOnly, "000000000000");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE((*a)->arn, (*b)->arn);
  EXPECT_NE((*a)->shard_id, (*b)->shard_id);
  EXPECT_LT((*a)->start_sequence, (*b)->start_sequence);
}

TEST_F(StreamStoreTest, TrimmingDropsOldRecordsAndExpiredStreams) {
  TablePtr t = MakeTable("things", StreamViewType::kKeysOnly);
  ASSERT_TRUE(Write(*t, "a", R"({"pk":{"S":"a"}})").ok());
  ASSERT_TRUE(Write(*t, "b", R"({"pk":{"S":"b"}})").ok());
  StreamPtr s = streams_->FindById(t->stream_id);
  uint64_t first = s->start_sequence;
  auto it = Call(GetShardIterator, {{"StreamArn", s->arn}, {"ShardId", s->shard_id},
                                    {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                                    {"SequenceNumber", SequenceNumberText(first)}});
  ASSERT_TRUE(it.ok());
  auto horizon = Call(GetShardIterator, {{"StreamArn", s->arn}, {"ShardId", s->shard_id},
                                         {"ShardIteratorType", "TRIM_HORIZON"}});
  ASSERT_TRUE(horizon.ok());
  int64_t later = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count() + 2 * 3600 * 1000;
  streams_->TrimExpired(later);
  EXPECT_TRUE(ReadAll(*t).empty());
  EXPECT_EQ(s->trimmed_below.load(), first + 2);
  // An iterator into trimmed records fails; a TRIM_HORIZON one reads from the new horizon.
  auto trimmed = Call(GetRecords, {{"ShardIterator", it->at("ShardIterator")}});
  ASSERT_FALSE(trimmed.ok());
  EXPECT_EQ(trimmed.error().code, "TrimmedDataAccessException");
  auto from_horizon = Call(GetRecords, {{"ShardIterator", horizon->at("ShardIterator")}});
  ASSERT_TRUE(from_horizon.ok());
  EXPECT_TRUE(from_horizon->at("Records").as_array().empty());
  auto at_trimmed = Call(GetShardIterator, {{"StreamArn", s->arn}, {"ShardId", s->shard_id},
                                            {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                                            {"SequenceNumber", SequenceNumberText(first)}});
  ASSERT_FALSE(at_trimmed.ok());
  EXPECT_EQ(at_trimmed.error().code, "TrimmedDataAccessException");
  // Numbering survives a restart after everything was trimmed.
  Reopen();
  EXPECT_EQ(streams_->FindById(t->stream_id)->next_sequence.load(), first + 2);
  // A stream disabled longer than the retention is forgotten.
  ASSERT_TRUE(streams_->Disable(t->stream_id).ok());
  streams_->TrimExpired(later + 2 * 3600 * 1000);
  EXPECT_FALSE(streams_->FindById(t->stream_id));
}

TEST_F(StreamStoreTest, IteratorsOfEveryTypeAndTheirErrors) {
  TablePtr t = MakeTable("things", StreamViewType::kKeysOnly);
  StreamPtr s = streams_->FindById(t->stream_id);
  for (const char* pk : {"a", "b", "c"}) {
    std::string item = std::string(R"({"pk":{"S":")") + pk + "\"}}";
    ASSERT_TRUE(Write(*t, pk, item).ok());
  }
  auto iterator = [&](json::object request) -> aws::Result<json::object> {
    request["StreamArn"] = s->arn;
    if (!request.contains("ShardId")) request["ShardId"] = s->shard_id;
    auto it = Call(GetShardIterator, request);
    if (!it.ok()) return it.take_error();
    return Call(GetRecords, {{"ShardIterator", it->at("ShardIterator")}});
  };
  std::string second = SequenceNumberText(s->start_sequence + 1);
  auto keys = [](const json::object& answer) {
    std::string out;
    for (const auto& r : answer.at("Records").as_array()) out += r.at("dynamodb").at("Keys").at("pk").at("S").as_string();
    return out;
  };
  EXPECT_EQ(keys(iterator({{"ShardIteratorType", "TRIM_HORIZON"}}).value()), "abc");
  EXPECT_EQ(keys(iterator({{"ShardIteratorType", "LATEST"}}).value()), "");
  EXPECT_EQ(keys(iterator({{"ShardIteratorType", "AT_SEQUENCE_NUMBER"}, {"SequenceNumber", second}}).value()), "bc");
  EXPECT_EQ(keys(iterator({{"ShardIteratorType", "AFTER_SEQUENCE_NUMBER"}, {"SequenceNumber", second}}).value()), "c");
  // Limit and NextShardIterator.
  auto it = Call(GetShardIterator, {{"StreamArn", s->arn}, {"ShardId", s->shard_id}, {"ShardIteratorType", "TRIM_HORIZON"}});
  auto page = Call(GetRecords, {{"ShardIterator", it->at("ShardIterator")}, {"Limit", 2}});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(keys(*page), "ab");
  auto rest = Call(GetRecords, {{"ShardIterator", page->at("NextShardIterator")}});
  EXPECT_EQ(keys(*rest), "c");

  auto bad_shard = iterator({{"ShardIteratorType", "LATEST"}, {"ShardId", "shardId-00000000000000000000-00000000"}});
  EXPECT_EQ(bad_shard.error().code, "ResourceNotFoundException");
  EXPECT_EQ(iterator({{"ShardIteratorType", "AT_SEQUENCE_NUMBER"}}).error().code, "ValidationException");
  EXPECT_EQ(iterator({{"ShardIteratorType", "LATEST"}, {"SequenceNumber", second}}).error().code, "ValidationException");
  EXPECT_EQ(iterator({{"ShardIteratorType", "bulle"}}).error().message,
            "1 validation error detected: Value 'bulle' at 'shardIteratorType' failed to satisfy constraint: Member "
            "must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]");
  auto garbage = Call(GetRecords, {{"ShardIterator", "sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg"}});
  EXPECT_EQ(garbage.error().code, "ValidationException");
  auto missing = Call(DescribeStream, {{"StreamArn", "arn:aws:dynamodb:us-east-1:000000000000:table/x/stream/2020-01-01T00:00:00.000"}});
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
  EXPECT_EQ(missing.error().message, "Requested resource not found: Stream: arn:aws:dynamodb:us-east-1:000000000000:"
                                     "table/x/stream/2020-01-01T00:00:00.000 not found");
  auto malformed = Call(DescribeStream, {{"StreamArn", "sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"}});
  EXPECT_EQ(malformed.error().code, "ValidationException");
}

TEST_F(StreamStoreTest, IteratorsExpire) {
  TablePtr t = MakeTable("things", StreamViewType::kKeysOnly);
  StreamPtr s = streams_->FindById(t->stream_id);
  auto it = Call(GetShardIterator, {{"StreamArn", s->arn}, {"ShardId", s->shard_id}, {"ShardIteratorType", "LATEST"}});
  ASSERT_TRUE(it.ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto expired = Call(GetRecords, {{"ShardIterator", it->at("ShardIterator")}}, std::chrono::milliseconds(5));
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "ExpiredIteratorException");
  EXPECT_NE(expired.error().message.find("tolerated delay of 5 milliseconds"), std::string::npos);
}

TEST_F(StreamStoreTest, ListStreamsPagesInArnOrderAndFilters) {
  MakeTable("alpha", StreamViewType::kKeysOnly);
  MakeTable("beta", StreamViewType::kKeysOnly);
  MakeTable("gamma", StreamViewType::kKeysOnly);
  auto page = Call(ListStreams, {{"Limit", 2}});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->at("Streams").as_array().size(), 2u);
  EXPECT_EQ(page->at("Streams").at(0).at("TableName"), "alpha");
  auto rest = Call(ListStreams, {{"ExclusiveStartStreamArn", page->at("LastEvaluatedStreamArn")}});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->at("Streams").as_array().size(), 1u);
  EXPECT_EQ(rest->at("Streams").at(0).at("TableName"), "gamma");
  EXPECT_FALSE(rest->contains("LastEvaluatedStreamArn"));
  auto beta = Call(ListStreams, {{"TableName", "beta"}});
  ASSERT_EQ(beta->at("Streams").as_array().size(), 1u);
  EXPECT_EQ(Call(ListStreams, {{"Limit", 0}}).error().code, "ValidationException");
  EXPECT_EQ(Call(ListStreams, {{"Limit", 101}}).error().code, "ValidationException");
}

}  // namespace
}  // namespace cloudlet::dynamodb
