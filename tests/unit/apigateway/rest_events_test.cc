// REST APIs' payload 1.0 events and authorizer inputs, and the Lambda proxy
// response rules AWS applies to REST (recorded in LocalStack's
// test_aws_proxy_response_payload_format_validation).
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "apigateway/common/events.h"
#include "apigateway/common/lambda_response.h"

namespace cloudlet::apigateway {
namespace {
namespace json = boost::json;

struct RestFixture {
  http::Request request{http::Verb::get, "/dev/pets/7?a=1&a=2", 11};
  RequestParts parts;
  PathParams params{{"proxy", "pets/7"}};
  AuthorizerContext authorizer;
  EventInput in;

  RestFixture() {
    request.insert("Host", "abc123.execute-api.localhost:4566");
    request.insert("User-Agent", "curl/8");
    request.insert("X-Multi", "one");
    request.insert("x-multi", "two");
    parts = ReadRequestParts(request, "a=1&a=2", true);
    parts.AddHeaderIfAbsent("x-forwarded-proto", "http", "X-Forwarded-Proto");
    in.request = &request;
    in.parts = &parts;
    in.method = "GET";
    in.raw_path = "/dev/pets/7";
    in.route_path = "/pets/7";
    in.raw_query = "a=1&a=2";
    in.source_ip = "127.0.0.1";
    in.domain_name = "abc123.execute-api.localhost";
    in.domain_prefix = "abc123";
    in.account_id = "000000000000";
    in.api_id = "abc123";
    in.stage = "dev";
    in.route_key = "ANY /{proxy+}";
    in.route_id = "res123";
    in.resource_path = "/{proxy+}";
    in.request_id = "c6af9ac6-7b61-41e6-9a41-93e8deadbeef";
    in.extended_request_id = "LZm9YEfPoAMFj5w=";
    in.path_params = &params;
    in.authorizer = &authorizer;
    in.now = std::chrono::system_clock::time_point(std::chrono::milliseconds(1583348638390));
    in.rest = true;
    in.deployment_id = "dep1";
  }
};

json::object Parse(const std::string& text) { return json::parse(text).as_object(); }

TEST(RestEventsTest, PayloadAsRestSendsIt) {
  RestFixture f;
  json::object e = Parse(BuildEventV1(f.in));
  EXPECT_FALSE(e.contains("version"));
  EXPECT_EQ(e["resource"], "/{proxy+}");
  EXPECT_EQ(e["path"], "/pets/7");
  EXPECT_EQ(e["headers"].as_object()["X-Multi"], "two");  // the first name seen, the last value
  EXPECT_EQ(e["multiValueHeaders"].as_object()["X-Multi"], json::parse(R"(["one","two"])"));
  EXPECT_EQ(e["headers"].as_object()["X-Forwarded-Proto"], "http");
  EXPECT_EQ(e["headers"].as_object()["Host"], "abc123.execute-api.localhost:4566");
  EXPECT_EQ(e["queryStringParameters"], json::parse(R"({"a":"2"})"));
  EXPECT_EQ(e["pathParameters"], json::parse(R"({"proxy":"pets/7"})"));
  EXPECT_TRUE(e["stageVariables"].is_null());
  EXPECT_TRUE(e["body"].is_null());
  json::object& rc = e["requestContext"].as_object();
  EXPECT_FALSE(rc.contains("authorizer"));
  EXPECT_EQ(rc["deploymentId"], "dep1");
  EXPECT_EQ(rc["extendedRequestId"], "LZm9YEfPoAMFj5w=");
  EXPECT_EQ(rc["path"], "/dev/pets/7");
  EXPECT_EQ(rc["resourceId"], "res123");
  EXPECT_EQ(rc["resourcePath"], "/{proxy+}");
  EXPECT_EQ(rc["requestTimeEpoch"], 1583348638390);
  EXPECT_FALSE(rc["identity"].as_object().contains("apiKey"));

  f.in.api_key = "secret-value-0123456789";
  f.in.api_key_id = "key1";
  f.authorizer.kind = AuthorizerContext::Kind::kLambda;
  f.authorizer.context_json = R"({"tier":"gold","n":"7"})";
  f.authorizer.principal_id = "user";
  f.authorizer.integration_latency_ms = 12;
  rc = Parse(BuildEventV1(f.in))["requestContext"].as_object();
  EXPECT_EQ(rc["identity"].as_object()["apiKey"], "secret-value-0123456789");
  EXPECT_EQ(rc["identity"].as_object()["apiKeyId"], "key1");
  EXPECT_EQ(rc["authorizer"], json::parse(R"({"tier":"gold","n":"7","principalId":"user","integrationLatency":12})"));
  // IAM fills identity, not authorizer.
  f.authorizer = AuthorizerContext{};
  f.authorizer.kind = AuthorizerContext::Kind::kIam;
  f.authorizer.access_key = "AKID";
  rc = Parse(BuildEventV1(f.in))["requestContext"].as_object();
  EXPECT_FALSE(rc.contains("authorizer"));
  EXPECT_EQ(rc["identity"].as_object()["accessKey"], "AKID");
}

TEST(RestEventsTest, AuthorizerInputs) {
  RestFixture f;
  EXPECT_EQ(Parse(BuildTokenAuthorizerInput("Bearer t", "arn:aws:execute-api:us-east-1:1:abc123/dev/GET/pets/7")),
            json::parse(R"({"type":"TOKEN","authorizationToken":"Bearer t",
                            "methodArn":"arn:aws:execute-api:us-east-1:1:abc123/dev/GET/pets/7"})"));
  json::object r = Parse(BuildRestRequestAuthorizerInput(f.in, "arn:m"));
  EXPECT_EQ(r["type"], "REQUEST");
  EXPECT_EQ(r["methodArn"], "arn:m");
  EXPECT_EQ(r["resource"], "/{proxy+}");
  EXPECT_EQ(r["httpMethod"], "GET");
  EXPECT_EQ(r["headers"].as_object()["X-Multi"], "two");
  EXPECT_EQ(r["pathParameters"], json::parse(R"({"proxy":"pets/7"})"));
  EXPECT_FALSE(r.contains("body"));
  EXPECT_FALSE(r["requestContext"].as_object().contains("authorizer"));
}

struct Case {
  const char* payload;
  unsigned status;
  const char* body;
};

TEST(RestLambdaResponseTest, RecordedRules) {
  const Case cases[] = {
      {R"({"statusCode":200})", 200, ""},
      {R"({"statusCode":"201"})", 201, ""},
      {R"({"headers":{"test-header":"value"}})", 200, ""},  // statusCode may be left out
      {R"({"statusCode":200,"headers":null})", 200, ""},
      {R"({"statusCode":200,"body":"dGVzdC1kYXRh","isBase64Encoded":true})", 200, "dGVzdC1kYXRh"},
      {R"({"statusCode":200,"wrongValue":"value"})", 502, R"({"message": "Internal server error"})"},
      {R"({"statusCode":"test"})", 502, R"({"message": "Internal server error"})"},
      {R"({"statusCode":200,"multiValueHeaders":{"x":"value1"}})", 502, R"({"message": "Internal server error"})"},
      {R"("justAString")", 502, R"({"message": "Internal server error"})"},
      {"not json", 502, R"({"message": "Internal server error"})"},
  };
  for (const Case& c : cases) {
    MappedResponse m = MapLambdaResponseRest(c.payload, false);
    EXPECT_EQ(m.response.result_int(), c.status) << c.payload;
    EXPECT_EQ(m.response.body(), c.body) << c.payload;
    EXPECT_EQ(m.error.empty(), c.status != 502) << c.payload;
  }
}

TEST(RestLambdaResponseTest, HeadersMultiValuesAndBinary) {
  MappedResponse m = MapLambdaResponseRest(
      R"({"statusCode":200,"headers":{"test-multi":"value-solo","b":true},
          "multiValueHeaders":{"tesT-Multi":["value-multi"]}})",
      false);
  std::vector<std::string> values;
  for (const auto& f : m.response)
    if (boost::beast::iequals(f.name_string(), "test-multi")) values.emplace_back(f.value());
  EXPECT_EQ(values, (std::vector<std::string>{"value-multi", "value-solo"}));
  EXPECT_EQ(m.response["b"], "true");
  EXPECT_EQ(m.response[http::Field::content_type], "application/json");
  m = MapLambdaResponseRest(R"({"statusCode":200,"headers":{"Content-Type":"image/png"},
                                "body":"AP8B","isBase64Encoded":true})",
                            true);
  EXPECT_EQ(m.response.body(), std::string("\x00\xff\x01", 3));
  EXPECT_EQ(m.response[http::Field::content_type], "image/png");
  EXPECT_EQ(MapLambdaResponseRest(R"({"statusCode":200,"body":"%%%","isBase64Encoded":true})", true)
                .response.result_int(),
            502u);
}

}  // namespace
}  // namespace cloudlet::apigateway
