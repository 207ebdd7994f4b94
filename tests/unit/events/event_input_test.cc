#include "events/event_input.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace cloudlet::events {
namespace {

namespace json = boost::json;

json::object Event() {
  return ScheduledEvent("id-1", "000000000000", "us-east-1", "arn:aws:events:us-east-1:000000000000:rule/r",
                        1735689600);
}

TEST(EventInput, ScheduledEventHasAwsShape) {
  EXPECT_EQ(json::serialize(Event()),
            R"({"version":"0","id":"id-1","detail-type":"Scheduled Event","source":"aws.events",)"
            R"("account":"000000000000","time":"2025-01-01T00:00:00Z","region":"us-east-1",)"
            R"("resources":["arn:aws:events:us-east-1:000000000000:rule/r"],"detail":{}})");
}

TEST(EventInput, PayloadIsTheEventInputOrInputPath) {
  json::object event = Event();
  EXPECT_EQ(TargetPayload(json::object{}, event, "arn", "r"), json::serialize(event));
  EXPECT_EQ(TargetPayload(json::object{{"Input", "{\"a\":1}"}}, event, "arn", "r"), "{\"a\":1}");
  EXPECT_EQ(TargetPayload(json::object{{"InputPath", "$.detail"}}, event, "arn", "r"), "{}");
  EXPECT_EQ(TargetPayload(json::object{{"InputPath", "$.resources[0]"}}, event, "arn", "r"),
            "\"arn:aws:events:us-east-1:000000000000:rule/r\"");
  EXPECT_EQ(TargetPayload(json::object{{"InputPath", "$.missing"}}, event, "arn", "r"), "null");
}

TEST(EventInput, InputTransformerFillsTheTemplate) {
  json::object event = Event();
  json::object target{{"InputTransformer",
                       json::object{{"InputPathsMap", json::object{{"t", "$.time"}, {"res", "$.resources"}}},
                                    {"InputTemplate",
                                     R"({"at":"time is <t>","raw":<t>,"list":<res>,"rule":"<aws.events.rule-name>","x":"<unknown>"})"}}}};
  std::string payload = TargetPayload(target, event, "arn:rule", "r");
  EXPECT_EQ(payload,
            R"({"at":"time is 2025-01-01T00:00:00Z","raw":"2025-01-01T00:00:00Z",)"
            R"("list":["arn:aws:events:us-east-1:000000000000:rule/r"],"rule":"r","x":"<unknown>"})");
  boost::system::error_code ec;
  (void)json::parse(payload, ec);
  EXPECT_FALSE(ec);
}

TEST(EventInput, SelectPathSubset) {
  json::value doc = json::parse(R"({"a":{"b":[10,{"c":"x"}]}})");
  EXPECT_EQ(json::serialize(*SelectPath(doc, "$")), json::serialize(doc));
  EXPECT_EQ(json::serialize(*SelectPath(doc, "$.a.b[1].c")), "\"x\"");
  EXPECT_FALSE(SelectPath(doc, "$.a.b[2]"));
  EXPECT_FALSE(SelectPath(doc, "a.b"));
  EXPECT_FALSE(SelectPath(doc, "$.a.b[x]"));
}

}  // namespace
}  // namespace cloudlet::events
