// The Logs service driven through Handle, over an in-memory store.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <thread>
#include <vector>

#include "http/handler.h"
#include "logs/filter_pattern.h"
#include "logs/logs.h"
#include "storage/kv_store.h"

namespace cloudlet::logs {
namespace {

namespace json = boost::json;

struct Capture final : http::ResponseSink {
  http::Response response;
  void Respond(http::Response&& r) override { response = std::move(r); }
};

class LogsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::OpenStore({.in_memory = true}).store;
    logs_ = MakeLogs(*store_, aws::ServiceEnvironment{});
  }
  void TearDown() override {
    logs_.service.reset();
    store_.reset();
  }

  // Returns {status, parsed body}.
  std::pair<unsigned, json::object> Call(std::string_view op, std::string_view body) {
    http::Request request{http::Verb::post, "/", 11};
    request.set("X-Amz-Target", "Logs_20140328." + std::string(op));
    request.set(http::Field::content_type, "application/x-amz-json-1.1");
    request.body() = std::string(body);
    http::RequestContext ctx;
    ctx.request_id = "test";
    ctx.region = "us-east-1";
    auto capture = std::make_shared<Capture>();
    logs_.service->Handle(request, ctx, http::Responder(capture));
    EXPECT_EQ(capture->response[http::Field::content_type], "application/x-amz-json-1.1");
    auto v = json::parse(capture->response.body());
    return {capture->response.result_int(), v.as_object()};
  }
  json::object Ok(std::string_view op, std::string_view body) {
    auto [status, out] = Call(op, body);
    EXPECT_EQ(status, 200u) << op << " " << json::serialize(out);
    return out;
  }
  void ExpectError(std::string_view op, std::string_view body, std::string_view code, std::string_view message = {}) {
    auto [status, out] = Call(op, body);
    EXPECT_EQ(status, 400u);
    EXPECT_EQ(out["__type"].as_string(), code) << json::serialize(out);
    if (!message.empty()) {
      EXPECT_EQ(out["message"].as_string(), message);
    }
  }
  void Put(std::string_view stream, std::initializer_list<std::pair<int64_t, std::string>> events) {
    json::array arr;
    for (auto& [ts, msg] : events) arr.push_back(json::object{{"timestamp", ts}, {"message", msg}});
    json::object req{{"logGroupName", "g"}, {"logStreamName", stream}, {"logEvents", arr}};
    Ok("PutLogEvents", json::serialize(req));
  }
  static std::vector<std::string> Messages(const json::object& out) {
    std::vector<std::string> m;
    for (auto& e : out.at("events").as_array()) m.emplace_back(e.at("message").as_string());
    return m;
  }

  std::unique_ptr<storage::KvStore> store_;
  Logs logs_;
};

TEST_F(LogsServiceTest, GroupLifecycleAndErrors) {
  Ok("CreateLogGroup", R"({"logGroupName":"/aws/lambda/f"})");
  ExpectError("CreateLogGroup", R"({"logGroupName":"/aws/lambda/f"})", "ResourceAlreadyExistsException",
              "The specified log group already exists");
  ExpectError("CreateLogGroup", R"({"logGroupName":"bad name"})", "InvalidParameterException");
  Ok("DeleteLogGroup", R"({"logGroupName":"/aws/lambda/f"})");
  ExpectError("DeleteLogGroup", R"({"logGroupName":"/aws/lambda/f"})", "ResourceNotFoundException",
              "The specified log group does not exist.");
  ExpectError("CreateLogStream", R"({"logGroupName":"nope","logStreamName":"s"})", "ResourceNotFoundException",
              "The specified log group does not exist.");
  ExpectError("TagLogGroup", R"({})", "UnknownOperationException");
}

TEST_F(LogsServiceTest, DescribeLogGroupsPrefixAndPaging) {
  for (auto name : {"/a/1", "/a/2", "/a/3", "/b/1"}) Ok("CreateLogGroup", json::serialize(json::object{{"logGroupName", name}}));
  auto page = Ok("DescribeLogGroups", R"({"logGroupNamePrefix":"/a/","limit":2})");
  ASSERT_EQ(page["logGroups"].as_array().size(), 2u);
  EXPECT_EQ(page["logGroups"].as_array()[0].at("logGroupName").as_string(), "/a/1");
  EXPECT_EQ(page["logGroups"].as_array()[0].at("arn").as_string(), "arn:aws:logs:us-east-1:000000000000:log-group:/a/1:*");
  ASSERT_TRUE(page.contains("nextToken"));
  auto next = Ok("DescribeLogGroups", json::serialize(json::object{
      {"logGroupNamePrefix", "/a/"}, {"limit", 2}, {"nextToken", page["nextToken"]}}));
  ASSERT_EQ(next["logGroups"].as_array().size(), 1u);
  EXPECT_EQ(next["logGroups"].as_array()[0].at("logGroupName").as_string(), "/a/3");
  EXPECT_FALSE(next.contains("nextToken"));
  EXPECT_EQ(Ok("DescribeLogGroups", "{}")["logGroups"].as_array().size(), 4u);
}

TEST_F(LogsServiceTest, StreamsOrderAndPaging) {
  Ok("CreateLogGroup", R"({"logGroupName":"g"})");
  for (auto s : {"c", "a", "b"}) Ok("CreateLogStream", json::serialize(json::object{{"logGroupName", "g"}, {"logStreamName", s}}));
  ExpectError("CreateLogStream", R"({"logGroupName":"g","logStreamName":"a"})", "ResourceAlreadyExistsException");
  Put("a", {{300, "x"}});
  Put("b", {{100, "x"}});
  Put("c", {{200, "x"}});
  auto names = [](const json::object& out) {
    std::string s;
    for (auto& v : out.at("logStreams").as_array()) s += std::string(v.at("logStreamName").as_string());
    return s;
  };
  EXPECT_EQ(names(Ok("DescribeLogStreams", R"({"logGroupName":"g"})")), "abc");
  EXPECT_EQ(names(Ok("DescribeLogStreams", R"({"logGroupName":"g","descending":true})")), "cba");
  EXPECT_EQ(names(Ok("DescribeLogStreams", R"({"logGroupName":"g","orderBy":"LastEventTime"})")), "bca");
  auto page = Ok("DescribeLogStreams", R"({"logGroupName":"g","orderBy":"LastEventTime","descending":true,"limit":2})");
  EXPECT_EQ(names(page), "ac");
  auto rest = Ok("DescribeLogStreams", json::serialize(json::object{{"logGroupName", "g"}, {"orderBy", "LastEventTime"},
      {"descending", true}, {"limit", 2}, {"nextToken", page["nextToken"]}}));
  EXPECT_EQ(names(rest), "b");
  EXPECT_FALSE(rest.contains("nextToken"));
  auto a = Ok("DescribeLogStreams", R"({"logGroupName":"g","logStreamNamePrefix":"a"})")["logStreams"].as_array()[0].as_object();
  EXPECT_EQ(a["lastEventTimestamp"].as_int64(), 300);
  EXPECT_EQ(a["firstEventTimestamp"].as_int64(), 300);
  ExpectError("DescribeLogStreams", R"({"logGroupName":"g","orderBy":"LastEventTime","logStreamNamePrefix":"a"})",
              "InvalidParameterException");
  ExpectError("DescribeLogStreams", R"({"logGroupName":"missing"})", "ResourceNotFoundException");
}

TEST_F(LogsServiceTest, PutLogEventsValidation) {
  Ok("CreateLogGroup", R"({"logGroupName":"g"})");
  ExpectError("PutLogEvents", R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"m"}]})",
              "ResourceNotFoundException", "The specified log stream does not exist.");
  Ok("CreateLogStream", R"({"logGroupName":"g","logStreamName":"s"})");
  ExpectError("PutLogEvents",
              R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":2,"message":"m"},{"timestamp":1,"message":"m"}]})",
              "InvalidParameterException",
              "Log events in a single PutLogEvents request must be in chronological order.");
  ExpectError("PutLogEvents", R"({"logGroupName":"g","logStreamName":"s","logEvents":[]})", "InvalidParameterException");
  auto out = Ok("PutLogEvents", R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"m"}]})");
  EXPECT_TRUE(out.contains("nextSequenceToken"));
}

TEST_F(LogsServiceTest, GetLogEventsTokensAndRanges) {
  Ok("CreateLogGroup", R"({"logGroupName":"g"})");
  Ok("CreateLogStream", R"({"logGroupName":"g","logStreamName":"s"})");
  Put("s", {{10, "a"}, {20, "b"}, {20, "c"}, {30, "d"}, {40, "e"}});
  // Default: the newest events, ascending.
  auto tail = Ok("GetLogEvents", R"({"logGroupName":"g","logStreamName":"s","limit":2})");
  EXPECT_EQ(Messages(tail), (std::vector<std::string>{"d", "e"}));
  auto back = Ok("GetLogEvents", json::serialize(json::object{{"logGroupName", "g"}, {"logStreamName", "s"}, {"limit", 2},
                                                               {"nextToken", tail["nextBackwardToken"]}}));
  EXPECT_EQ(Messages(back), (std::vector<std::string>{"b", "c"}));
  // From the head, paging forward until the token repeats.
  std::vector<std::string> all;
  json::value token;
  for (int i = 0; i < 10; ++i) {
    json::object req{{"logGroupName", "g"}, {"logStreamName", "s"}, {"limit", 2}, {"startFromHead", true}};
    if (!token.is_null()) req["nextToken"] = token;
    auto page = Ok("GetLogEvents", json::serialize(req));
    for (auto& m : Messages(page)) all.push_back(m);
    if (page["nextForwardToken"] == token) break;
    token = page["nextForwardToken"];
  }
  EXPECT_EQ(all, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  // startTime inclusive, endTime exclusive.
  auto range = Ok("GetLogEvents", R"({"logGroupName":"g","logStreamName":"s","startTime":20,"endTime":40,"startFromHead":true})");
  EXPECT_EQ(Messages(range), (std::vector<std::string>{"b", "c", "d"}));
  EXPECT_EQ(range["events"].as_array()[0].at("timestamp").as_int64(), 20);
  ExpectError("GetLogEvents", R"({"logGroupName":"g","logStreamName":"s","nextToken":"zz"})", "InvalidParameterException");
  ExpectError("GetLogEvents", R"({"logGroupName":"g","logStreamName":"x"})", "ResourceNotFoundException",
              "The specified log stream does not exist.");
}

TEST_F(LogsServiceTest, FilterLogEvents) {
  Ok("CreateLogGroup", R"({"logGroupName":"g"})");
  Ok("CreateLogStream", R"({"logGroupName":"g","logStreamName":"s1"})");
  Ok("CreateLogStream", R"({"logGroupName":"g","logStreamName":"s2"})");
  Put("s1", {{10, "ERROR disk full"}, {30, "INFO ok"}, {50, "ERROR request failed"}});
  Put("s2", {{20, "ERROR timeout"}, {40, "WARN slow"}});
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"g"})")),
            (std::vector<std::string>{"ERROR disk full", "ERROR timeout", "INFO ok", "WARN slow", "ERROR request failed"}));
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"g","filterPattern":"ERROR"})")),
            (std::vector<std::string>{"ERROR disk full", "ERROR timeout", "ERROR request failed"}));
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"g","filterPattern":"\"request failed\""})")),
            (std::vector<std::string>{"ERROR request failed"}));
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"g","logStreamNames":["s2"],"startTime":25})")),
            (std::vector<std::string>{"WARN slow"}));
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"g","startTime":20,"endTime":40})")),
            (std::vector<std::string>{"ERROR timeout", "INFO ok", "WARN slow"}));
  // Paging across streams, two at a time.
  std::vector<std::string> all;
  json::object req{{"logGroupName", "g"}, {"limit", 2}};
  for (int i = 0; i < 10; ++i) {
    auto page = Ok("FilterLogEvents", json::serialize(req));
    for (auto& m : Messages(page)) all.push_back(m);
    if (!page.contains("nextToken")) break;
    req["nextToken"] = page["nextToken"];
  }
  EXPECT_EQ(all.size(), 5u);
  EXPECT_EQ(all.back(), "ERROR request failed");
  auto ids = Ok("FilterLogEvents", R"({"logGroupName":"g"})")["events"].as_array();
  EXPECT_NE(ids[0].at("eventId"), ids[1].at("eventId"));
  ExpectError("FilterLogEvents", R"({"logGroupName":"g","filterPattern":"{ $.a = 1 }"})", "InvalidParameterException");
}

TEST_F(LogsServiceTest, WriterCreatesGroupAndStream) {
  logs_.writer->Append("us-east-1", "/aws/lambda/fn", "2024/01/01/[$LATEST]abc", "hello");
  logs_.writer->Append("us-east-1", "/aws/lambda/fn", "2024/01/01/[$LATEST]abc", "world");
  auto out = Ok("FilterLogEvents", R"({"logGroupName":"/aws/lambda/fn"})");
  EXPECT_EQ(Messages(out), (std::vector<std::string>{"hello", "world"}));
  // Other regions see nothing.
  logs_.writer->Append("eu-west-1", "/aws/lambda/other", "s", "x");
  EXPECT_EQ(Ok("DescribeLogGroups", "{}")["logGroups"].as_array().size(), 1u);
}

// Appends are queued and written by a flusher thread; a read flushes first,
// so it sees every line appended before it, in order, from any thread.
TEST_F(LogsServiceTest, ReadsSeeEveryQueuedLineInOrder) {
  constexpr int kThreads = 4, kLines = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kLines; ++i)
        logs_.writer->Append("us-east-1", "/aws/lambda/busy", "stream-" + std::to_string(t), std::to_string(i));
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    std::vector<std::string> expected;
    for (int i = 0; i < kLines; ++i) expected.push_back(std::to_string(i));
    auto out = Ok("GetLogEvents", R"({"logGroupName":"/aws/lambda/busy","startFromHead":true,"logStreamName":"stream-)" +
                                      std::to_string(t) + R"("})");
    EXPECT_EQ(Messages(out), expected) << t;
  }
}

// One stream, more events than a page, all in one millisecond: the pages
// chain through nextToken to the last event (aws logs tail relies on it).
TEST_F(LogsServiceTest, FilterPagesThroughOneStreamOfSameTimestamps) {
  Ok("CreateLogGroup", R"({"logGroupName":"p"})");
  Ok("CreateLogStream", R"({"logGroupName":"p","logStreamName":"s"})");
  std::string events;
  for (int i = 0; i < 10; ++i)
    events += (i ? "," : "") + std::string(R"({"timestamp":1700000000000,"message":"m)") + std::to_string(i) + R"("})";
  Ok("PutLogEvents", R"({"logGroupName":"p","logStreamName":"s","logEvents":[)" + events + "]}");
  std::vector<std::string> seen;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    std::string body = R"({"logGroupName":"p","limit":3)";
    if (!token.empty()) body += R"(,"nextToken":")" + token + R"(")";
    auto out = Ok("FilterLogEvents", body + "}");
    for (auto& m : Messages(out)) seen.push_back(m);
    if (!out.contains("nextToken")) break;
    token = std::string(out["nextToken"].as_string());
  }
  std::vector<std::string> expected;
  for (int i = 0; i < 10; ++i) expected.push_back("m" + std::to_string(i));
  EXPECT_EQ(seen, expected);
}

TEST_F(LogsServiceTest, QueuedLinesAreWrittenWhenTheServiceStops) {
  logs_.writer->Append("us-east-1", "/aws/lambda/fn", "s", "last words");
  logs_ = MakeLogs(*store_, aws::ServiceEnvironment{});  // the old service flushes as it goes
  auto out = Ok("FilterLogEvents", R"({"logGroupName":"/aws/lambda/fn"})");
  EXPECT_EQ(Messages(out), (std::vector<std::string>{"last words"}));
}

TEST(FilterPatternTest, Terms) {
  std::string error;
  auto p = FilterPattern::Parse(R"(ERROR -retry ?disk ?"net down")", &error);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->Matches("ERROR disk full"));
  EXPECT_TRUE(p->Matches("ERROR net down now"));
  EXPECT_FALSE(p->Matches("ERROR disk retry"));
  EXPECT_FALSE(p->Matches("ERROR cpu"));
  EXPECT_FALSE(p->Matches("disk"));
  EXPECT_FALSE(FilterPattern::Parse("[ip, user]", &error));
  EXPECT_TRUE(FilterPattern::Parse("", &error)->Matches("anything"));
}

}  // namespace
}  // namespace cloudlet::logs
