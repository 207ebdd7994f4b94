#include "http/router.h"

#include <gtest/gtest.h>

namespace cloudlet::http {
namespace {

Request Make(Verb verb, std::string target, std::initializer_list<std::pair<std::string, std::string>> headers) {
  Request r{verb, target, 11};
  for (auto& [k, v] : headers) r.set(k, v);
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dynamodb = router.Add({.signing_names = {"dynamodb"}, .target_prefixes = {"DynamoDB_20120810.", "DynamoDBStreams_20120810."}});
    lambda = router.Add({.signing_names = {"lambda"}, .host_patterns = {"*.lambda-url.*.localhost"},
                         .path_prefixes = {"/2015-03-31/"}});
    apigw = router.Add({.signing_names = {"apigateway", "execute-api"}, .host_patterns = {"*.execute-api.localhost"},
                        .path_prefixes = {"/v2/apis", "/restapis", "/_aws/execute-api/"}});
    s3 = router.Add({.signing_names = {"s3"}, .host_patterns = {"*.s3.localhost"}});
    sns = router.Add({.signing_names = {"sns"}, .query_actions = {"Publish", "CreateTopic"}});
    admin = router.Add({.path_prefixes = {"/_cloudlet/"}});
    logs = router.Add({.target_prefixes = {"Logs_20140328."}});
  }
  Router router;
  int dynamodb, lambda, apigw, s3, sns, admin, logs;
};

struct Case {
  const char* name;
  Verb verb;
  const char* target;
  std::vector<std::pair<std::string, std::string>> headers;
  int RouterTest::*expected;
};

TEST_F(RouterTest, CredentialScopeWinsOverEverythingElse) {
  auto r = Make(Verb::post, "/_cloudlet/health",
                {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request, "
                                   "SignedHeaders=host, Signature=abc"},
                 {"X-Amz-Target", "Logs_20140328.PutLogEvents"}});
  auto d = router.Route(r);
  EXPECT_EQ(d.service, dynamodb);
  ASSERT_TRUE(d.scope);
  EXPECT_EQ(d.scope->region, "eu-west-1");
  EXPECT_EQ(d.scope->service, "dynamodb");
}

TEST_F(RouterTest, PresignedCredentialInQuery) {
  auto r = Make(Verb::get, "/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Signature=x", {});
  auto d = router.Route(r);
  EXPECT_EQ(d.service, s3);
  EXPECT_EQ(d.scope->region, "us-west-2");
}

TEST_F(RouterTest, UnknownSigningNameFallsThroughToOtherRules) {
  auto r = Make(Verb::post, "/", {{"Authorization", "AWS4-HMAC-SHA256 Credential=A/20260101/us-east-1/logs/aws4_request"},
                                  {"X-Amz-Target", "Logs_20140328.PutLogEvents"}});
  EXPECT_EQ(router.Route(r).service, logs);
}

TEST_F(RouterTest, TargetPrefix) {
  EXPECT_EQ(router.Route(Make(Verb::post, "/", {{"X-Amz-Target", "DynamoDB_20120810.GetItem"}})).service, dynamodb);
  EXPECT_EQ(router.Route(Make(Verb::post, "/", {{"X-Amz-Target", "DynamoDBStreams_20120810.ListStreams"}})).service,
            dynamodb);
  EXPECT_EQ(router.Route(Make(Verb::post, "/", {{"X-Amz-Target", "Nope_1.X"}})).service, -1);
}

TEST_F(RouterTest, HostPatternsIgnorePort) {
  EXPECT_EQ(router.Route(Make(Verb::get, "/prod/x", {{"Host", "abc123.execute-api.localhost:4566"}})).service, apigw);
  EXPECT_EQ(router.Route(Make(Verb::get, "/", {{"Host", "u1.lambda-url.us-east-1.localhost"}})).service, lambda);
  EXPECT_EQ(router.Route(Make(Verb::get, "/k", {{"Host", "my-bucket.s3.localhost:4566"}})).service, s3);
  EXPECT_EQ(router.Route(Make(Verb::get, "/k", {{"Host", "s3.localhost:4566"}})).service, -1);
}

TEST_F(RouterTest, LongestPathPrefix) {
  EXPECT_EQ(router.Route(Make(Verb::get, "/2015-03-31/functions", {{"Host", "localhost:4566"}})).service, lambda);
  EXPECT_EQ(router.Route(Make(Verb::get, "/_aws/execute-api/abc/prod/x", {})).service, apigw);
  EXPECT_EQ(router.Route(Make(Verb::get, "/_cloudlet/health", {})).service, admin);
  EXPECT_EQ(router.Route(Make(Verb::get, "/other", {})).service, -1);
}

TEST_F(RouterTest, QueryActionFromQueryStringAndFormBody) {
  EXPECT_EQ(router.Route(Make(Verb::get, "/?Action=Publish&Version=2010-03-31", {})).service, sns);
  auto form = Make(Verb::post, "/", {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}});
  auto d = router.Route(form);
  EXPECT_EQ(d.service, -1);
  EXPECT_TRUE(d.needs_form_body);
  EXPECT_EQ(router.RouteByFormBody("Version=2010-03-31&Action=CreateTopic&Name=t"), sns);
  EXPECT_EQ(router.RouteByFormBody("Action=Unknown"), -1);
}

TEST(FormParameterTest, DecodesPercentAndPlus) {
  EXPECT_EQ(FormParameter("a=1&b=x%20y+z&c", "b").value(), "x y z");
  EXPECT_EQ(FormParameter("a=1&c", "c").value(), "");
  EXPECT_FALSE(FormParameter("a=1", "b"));
  EXPECT_EQ(PercentDecode("%zz%4", false), "%zz%4");
}

TEST(HostMatchesTest, Patterns) {
  EXPECT_TRUE(Router::HostMatches("*.s3.localhost", "b.s3.localhost"));
  EXPECT_TRUE(Router::HostMatches("*.s3.localhost", "B.S3.LOCALHOST:80"));
  EXPECT_TRUE(Router::HostMatches("*.s3.localhost", "a.b.s3.localhost."));
  EXPECT_FALSE(Router::HostMatches("*.s3.localhost", ".s3.localhost"));
  EXPECT_FALSE(Router::HostMatches("*.s3.localhost", "[::1]:4566"));
}

TEST(DescribeUnroutedTest, NamesWhatWasLookedAt) {
  Request r{Verb::post, "/x?y", 11};
  r.set("X-Amz-Target", "Foo.Bar");
  r.set(Field::host, "h");
  auto text = Router::DescribeUnrouted(r, ScopeHint{"us-east-1", "sqs"});
  EXPECT_NE(text.find("'sqs'"), std::string::npos);
  EXPECT_NE(text.find("'Foo.Bar'"), std::string::npos);
  EXPECT_NE(text.find("path '/x'"), std::string::npos);
}

}  // namespace
}  // namespace cloudlet::http
