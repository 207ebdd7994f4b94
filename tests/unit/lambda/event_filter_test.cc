// Lambda's event filter patterns: a table of pattern, event, expected match.
#include "lambda/event_filter.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudlet::lambda {
namespace {

struct Case {
  const char* pattern;
  const char* event;
  bool matches;
};

TEST(FilterPattern, MatchesAsLambdaDocumentsIt) {
  const char* record = R"({"eventName":"MODIFY","awsRegion":"us-east-1","dynamodb":{
      "Keys":{"pk":{"S":"user#42"}},
      "NewImage":{"pk":{"S":"user#42"},"status":{"S":"Active"},"score":{"N":"7"},"tags":{"SS":["a","b"]},
                  "empty":{"S":""},"nothing":{"NULL":true}},
      "n":7,"nil":null}})";
  const Case cases[] = {
      {R"({"eventName":["MODIFY"]})", record, true},
      {R"({"eventName":["INSERT","REMOVE"]})", record, false},
      {R"({"dynamodb":{"Keys":{"pk":{"S":[{"prefix":"user#"}]}}}})", record, true},
      {R"({"dynamodb":{"Keys":{"pk":{"S":[{"prefix":"order#"}]}}}})", record, false},
      {R"({"dynamodb":{"Keys":{"pk":{"S":[{"suffix":"#42"}]}}}})", record, true},
      {R"({"dynamodb":{"NewImage":{"status":{"S":[{"equals-ignore-case":"active"}]}}}})", record, true},
      {R"({"dynamodb":{"NewImage":{"status":{"S":["active"]}}}})", record, false},  // equals is case-sensitive
      {R"({"dynamodb":{"NewImage":{"status":{"S":[{"anything-but":["Done","Gone"]}]}}}})", record, true},
      {R"({"dynamodb":{"NewImage":{"status":{"S":[{"anything-but":"Active"}]}}}})", record, false},
      {R"({"dynamodb":{"NewImage":{"status":{"S":[{"anything-but":{"prefix":"Act"}}]}}}})", record, false},
      {R"({"dynamodb":{"NewImage":{"status":{"S":[{"anything-but":{"suffix":"ive"}}]}}}})", record, false},
      {R"({"dynamodb":{"NewImage":{"status":{"S":[{"anything-but":{"equals-ignore-case":["ACTIVE"]}}]}}}})", record, false},
      {R"({"dynamodb":{"NewImage":{"missing":{"S":[{"anything-but":"x"}]}}}})", record, false},  // absent fields never match
      {R"({"dynamodb":{"n":[{"numeric":[">",5,"<=",7]}]}})", record, true},
      {R"({"dynamodb":{"n":[{"numeric":["=",7.0]}]}})", record, true},
      {R"({"dynamodb":{"n":[{"numeric":["<",7]}]}})", record, false},
      {R"({"dynamodb":{"NewImage":{"score":{"N":[{"numeric":[">",5]}]}}}})", record, false},  // "7" is a string
      {R"({"dynamodb":{"NewImage":{"score":{"N":["7"]}}}})", record, true},
      {R"({"dynamodb":{"NewImage":{"status":[{"exists":true}]}}})", record, true},
      {R"({"dynamodb":{"NewImage":{"missing":[{"exists":false}]}}})", record, true},
      {R"({"dynamodb":{"NewImage":{"status":[{"exists":false}]}}})", record, false},
      {R"({"dynamodb":{"NewImage":{"tags":{"SS":["b"]}}}})", record, true},  // any element of an array
      {R"({"dynamodb":{"NewImage":{"empty":{"S":[""]}}}})", record, true},
      {R"({"dynamodb":{"nil":[null]}})", record, true},
      {R"({"dynamodb":{"NewImage":{"nothing":{"NULL":[true]}}}})", record, true},
      {R"({"eventName":["MODIFY"],"awsRegion":["eu-west-1"]})", record, false},  // fields AND
      {R"({"$or":[{"eventName":["INSERT"]},{"awsRegion":["us-east-1"]}]})", record, true},
      {R"({"$or":[{"eventName":["INSERT"]},{"awsRegion":["eu-west-1"]}]})", record, false},
      {R"({})", record, true},
  };
  for (const auto& c : cases) {
    auto pattern = FilterPattern::Parse(c.pattern);
    ASSERT_TRUE(pattern.ok()) << c.pattern;
    EXPECT_EQ(pattern->Matches(boost::json::parse(c.event)), c.matches) << c.pattern;
  }
}

TEST(FilterPattern, RejectsWhatIsNotAPattern) {
  for (const char* bad : {"not json", "[1]", R"({"a":"x"})", R"({"a":[]})", R"({"a":[{"prefix":1}]})",
                          R"({"a":[{"numeric":[">"]}]})", R"({"a":[{"numeric":["<",1,">",0]}]})",
                          R"({"a":[{"numeric":["~",1]}]})", R"({"a":[{"unknown":1}]})", R"({"a":[{"exists":"yes"}]})",
                          R"({"$or":[{"a":["x"]}]})", R"({"a":{}})"}) {
    auto pattern = FilterPattern::Parse(bad);
    ASSERT_FALSE(pattern.ok()) << bad;
    EXPECT_EQ(pattern.error().code, "InvalidParameterValueException");
    EXPECT_EQ(pattern.error().message, "Invalid filter pattern definition.");
  }
}

TEST(EventFilter, AnyFilterOfTheCriteriaPasses) {
  auto filter = EventFilter::FromCriteria(
      R"({"Filters":[{"Pattern":"{\"eventName\":[\"INSERT\"]}"},{"Pattern":"{\"eventName\":[\"REMOVE\"]}"}]})");
  ASSERT_TRUE(filter.ok());
  EXPECT_TRUE(filter->Passes(boost::json::parse(R"({"eventName":"INSERT"})")));
  EXPECT_TRUE(filter->Passes(boost::json::parse(R"({"eventName":"REMOVE"})")));
  EXPECT_FALSE(filter->Passes(boost::json::parse(R"({"eventName":"MODIFY"})")));
  auto none = EventFilter::FromCriteria("");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->Passes(boost::json::parse(R"({"eventName":"MODIFY"})")));
  EXPECT_FALSE(EventFilter::FromCriteria(R"({"Filters":[{"Pattern":"nope"}]})").ok());
}

}  // namespace
}  // namespace cloudlet::lambda
