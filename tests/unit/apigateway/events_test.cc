// Payload 1.0 and 2.0 events, field by field.
#include "apigateway/common/events.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace cloudlet::apigateway::http_api {
namespace {
namespace json = boost::json;

struct Fixture {
  http::Request request{http::Verb::post, "/dev/pets/7?a=1&a=2&b=x%20y", 11};
  RequestParts parts;
  PathParams params{{"id", "7"}};
  AuthorizerContext authorizer;
  EventInput in;

  Fixture() {
    request.insert("Host", "abc123.execute-api.localhost:4566");
    request.insert("User-Agent", "curl/8");
    request.insert("X-Multi", "one");
    request.insert("x-multi", "two");
    request.insert("Cookie", "c1=a; c2=b");
    request.insert("Content-Type", "application/json");
    request.body() = R"({"n":1})";
    parts = ReadRequestParts(request, "a=1&a=2&b=x%20y", false);
    in.request = &request;
    in.parts = &parts;
    in.method = "POST";
    in.raw_path = "/dev/pets/7";
    in.route_path = "/pets/7";
    in.raw_query = "a=1&a=2&b=x%20y";
    in.source_ip = "127.0.0.1";
    in.domain_name = "abc123.execute-api.localhost";
    in.domain_prefix = "abc123";
    in.account_id = "000000000000";
    in.api_id = "abc123";
    in.stage = "dev";
    in.route_key = "POST /pets/{id}";
    in.route_id = "r1";
    in.resource_path = "/pets/{id}";
    in.request_id = "req-1";
    in.stage_variables_json = R"({"env":"test"})";
    in.path_params = &params;
    in.authorizer = &authorizer;
    in.now = std::chrono::system_clock::time_point(std::chrono::milliseconds(1583348638390));
  }
};

json::object Parse(const std::string& text) { return json::parse(text).as_object(); }

TEST(EventsTest, PayloadV2) {
  Fixture f;
  json::object e = Parse(BuildEventV2(f.in));
  EXPECT_EQ(e["version"], "2.0");
  EXPECT_EQ(e["routeKey"], "POST /pets/{id}");
  EXPECT_EQ(e["rawPath"], "/dev/pets/7");
  EXPECT_EQ(e["rawQueryString"], "a=1&a=2&b=x%20y");
  EXPECT_EQ(e["cookies"], json::parse(R"(["c1=a","c2=b"])"));
  json::object& h = e["headers"].as_object();
  EXPECT_EQ(h["x-multi"], "one,two");
  EXPECT_EQ(h["user-agent"], "curl/8");
  EXPECT_FALSE(h.contains("cookie"));
  EXPECT_EQ(e["queryStringParameters"], json::parse(R"({"a":"1,2","b":"x y"})"));
  EXPECT_EQ(e["pathParameters"], json::parse(R"({"id":"7"})"));
  EXPECT_EQ(e["stageVariables"], json::parse(R"({"env":"test"})"));
  EXPECT_EQ(e["body"], R"({"n":1})");
  EXPECT_EQ(e["isBase64Encoded"], false);
  json::object& rc = e["requestContext"].as_object();
  EXPECT_EQ(rc["accountId"], "000000000000");
  EXPECT_EQ(rc["apiId"], "abc123");
  EXPECT_EQ(rc["domainName"], "abc123.execute-api.localhost");
  EXPECT_EQ(rc["domainPrefix"], "abc123");
  EXPECT_EQ(rc["requestId"], "req-1");
  EXPECT_EQ(rc["routeKey"], "POST /pets/{id}");
  EXPECT_EQ(rc["stage"], "dev");
  EXPECT_EQ(rc["time"], "04/Mar/2020:19:03:58 +0000");
  EXPECT_EQ(rc["timeEpoch"], 1583348638390);
  EXPECT_FALSE(rc.contains("authorizer"));
  EXPECT_EQ(rc["http"], json::parse(R"({"method":"POST","path":"/dev/pets/7","protocol":"HTTP/1.1",
                                          "sourceIp":"127.0.0.1","userAgent":"curl/8"})"));
}

TEST(EventsTest, PayloadV2LeavesOutEmptyCollectionsAndEncodesBinary) {
  Fixture f;
  f.request = http::Request{http::Verb::put, "/", 11};
  f.request.body() = std::string("\x00\xff\x10", 3);
  f.parts = ReadRequestParts(f.request, "", false);
  PathParams none;
  f.in.path_params = &none;
  f.in.raw_query = "";
  f.in.stage_variables_json = "";
  f.in.body_is_text = IsTextContentType("application/octet-stream");
  json::object e = Parse(BuildEventV2(f.in));
  for (const char* absent : {"cookies", "queryStringParameters", "pathParameters", "stageVariables"})
    EXPECT_FALSE(e.contains(absent)) << absent;
  EXPECT_EQ(e["body"], "AP8Q");
  EXPECT_EQ(e["isBase64Encoded"], true);
}

TEST(EventsTest, PayloadV2Authorizers) {
  Fixture f;
  f.authorizer.kind = AuthorizerContext::Kind::kJwt;
  f.authorizer.claims_json = R"({"sub":"u1"})";
  f.authorizer.scopes_json = R"(["read"])";
  json::object e = Parse(BuildEventV2(f.in));
  EXPECT_EQ(e["requestContext"].as_object()["authorizer"],
            json::parse(R"({"jwt":{"claims":{"sub":"u1"},"scopes":["read"]}})"));
  f.authorizer = AuthorizerContext{};
  f.authorizer.kind = AuthorizerContext::Kind::kLambda;
  f.authorizer.context_json = R"({"user":"bob","n":3})";
  e = Parse(BuildEventV2(f.in));
  EXPECT_EQ(e["requestContext"].as_object()["authorizer"], json::parse(R"({"lambda":{"user":"bob","n":3}})"));
}

TEST(EventsTest, PayloadV1) {
  Fixture f;
  f.parts = ReadRequestParts(f.request, f.in.raw_query, true);
  json::object e = Parse(BuildEventV1(f.in));
  EXPECT_EQ(e["version"], "1.0");
  EXPECT_EQ(e["resource"], "/pets/{id}");
  EXPECT_EQ(e["path"], "/pets/7");
  EXPECT_EQ(e["httpMethod"], "POST");
  EXPECT_EQ(e["headers"].as_object()["x-multi"], "two");
  EXPECT_EQ(e["headers"].as_object()["cookie"], "c1=a; c2=b");
  EXPECT_EQ(e["multiValueHeaders"].as_object()["x-multi"], json::parse(R"(["one","two"])"));
  EXPECT_EQ(e["queryStringParameters"], json::parse(R"({"a":"2","b":"x y"})"));
  EXPECT_EQ(e["multiValueQueryStringParameters"], json::parse(R"({"a":["1","2"],"b":["x y"]})"));
  EXPECT_EQ(e["pathParameters"], json::parse(R"({"id":"7"})"));
  EXPECT_EQ(e["stageVariables"], json::parse(R"({"env":"test"})"));
  EXPECT_EQ(e["body"], R"({"n":1})");
  EXPECT_EQ(e["isBase64Encoded"], false);
  json::object& rc = e["requestContext"].as_object();
  EXPECT_EQ(rc["path"], "/dev/pets/7");
  EXPECT_EQ(rc["httpMethod"], "POST");
  EXPECT_EQ(rc["stage"], "dev");
  EXPECT_EQ(rc["resourcePath"], "/pets/{id}");
  EXPECT_EQ(rc["requestTime"], "04/Mar/2020:19:03:58 +0000");
  EXPECT_EQ(rc["requestTimeEpoch"], 1583348638390);
  EXPECT_EQ(rc["identity"].as_object()["sourceIp"], "127.0.0.1");
  EXPECT_EQ(rc["identity"].as_object()["userAgent"], "curl/8");
  EXPECT_TRUE(rc["identity"].as_object()["accessKey"].is_null());
  EXPECT_EQ(rc["authorizer"], json::parse(R"({"claims":null,"scopes":null})"));
}

TEST(EventsTest, PayloadV1NullsWhenEmpty) {
  Fixture f;
  f.request = http::Request{http::Verb::get, "/", 11};
  f.parts = ReadRequestParts(f.request, "", true);
  PathParams none;
  f.in.path_params = &none;
  f.in.stage_variables_json = "";
  json::object e = Parse(BuildEventV1(f.in));
  for (const char* null_member : {"queryStringParameters", "multiValueQueryStringParameters", "pathParameters",
                                  "stageVariables", "body"})
    EXPECT_TRUE(e[null_member].is_null()) << null_member;
}

TEST(EventsTest, AuthorizerInputs) {
  Fixture f;
  json::object v2 = Parse(BuildAuthorizerInputV2(f.in, "arn:aws:execute-api:us-east-1:0:abc123/dev/POST/pets/7", {"tok"}));
  EXPECT_EQ(v2["type"], "REQUEST");
  EXPECT_EQ(v2["routeArn"], "arn:aws:execute-api:us-east-1:0:abc123/dev/POST/pets/7");
  EXPECT_EQ(v2["identitySource"], json::parse(R"(["tok"])"));
  EXPECT_EQ(v2["headers"].as_object()["x-multi"], "one,two");
  EXPECT_FALSE(v2.contains("body"));
  json::object v1 = Parse(BuildAuthorizerInputV1(f.in, "arn:x", {"a", "b"}));
  EXPECT_EQ(v1["methodArn"], "arn:x");
  EXPECT_EQ(v1["identitySource"], "a,b");
  EXPECT_EQ(v1["httpMethod"], "POST");
}

TEST(EventsTest, TextContentTypes) {
  for (const char* text : {"", "text/plain", "application/json; charset=utf-8", "application/xml",
                           "application/x-www-form-urlencoded", "application/javascript", "TEXT/HTML"})
    EXPECT_TRUE(IsTextContentType(text)) << text;
  for (const char* binary : {"application/octet-stream", "image/png", "multipart/form-data; boundary=x"})
    EXPECT_FALSE(IsTextContentType(binary)) << binary;
}

}  // namespace
}  // namespace cloudlet::apigateway::http_api
