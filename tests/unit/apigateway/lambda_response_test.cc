#include "apigateway/common/lambda_response.h"

#include <gtest/gtest.h>

namespace cloudlet::apigateway::http_api {
namespace {

std::vector<std::string> Values(const http::Response& res, std::string_view name) {
  std::vector<std::string> out;
  for (auto range = res.equal_range(name); range.first != range.second; ++range.first)
    out.emplace_back(range.first->value());
  return out;
}

TEST(LambdaResponseTest, V2Structured) {
  auto m = MapLambdaResponseV2(
      R"({"statusCode":201,"headers":{"x-a":"b","x-n":5},"cookies":["c=1","d=2; Path=/"],"body":"hi"})");
  EXPECT_TRUE(m.error.empty());
  EXPECT_EQ(m.response.result_int(), 201u);
  EXPECT_EQ(m.response["x-a"], "b");
  EXPECT_EQ(m.response["x-n"], "5");
  EXPECT_EQ(Values(m.response, "set-cookie"), (std::vector<std::string>{"c=1", "d=2; Path=/"}));
  EXPECT_EQ(m.response.body(), "hi");
}

TEST(LambdaResponseTest, V2InfersJsonWithoutStatusCode) {
  for (const char* payload : {R"({"message":"hi"})", R"("Hello")", "42", "[1,2]", "null"}) {
    auto m = MapLambdaResponseV2(payload);
    EXPECT_EQ(m.response.result_int(), 200u) << payload;
    EXPECT_EQ(m.response["content-type"], "application/json") << payload;
    EXPECT_EQ(m.response.body(), payload);
  }
}

TEST(LambdaResponseTest, V2Base64AndStringStatus) {
  auto m = MapLambdaResponseV2(R"({"statusCode":"200","body":"aGk=","isBase64Encoded":true})");
  EXPECT_EQ(m.response.result_int(), 200u);
  EXPECT_EQ(m.response.body(), "hi");
}

TEST(LambdaResponseTest, V2MalformedIs502) {
  for (const char* payload : {"not json", R"({"statusCode":99})", R"({"statusCode":"abc"})",
                              R"({"statusCode":200,"body":"***","isBase64Encoded":true})"}) {
    auto m = MapLambdaResponseV2(payload);
    EXPECT_EQ(m.response.result_int(), 502u) << payload;
    EXPECT_EQ(m.response.body(), R"({"message":"Internal Server Error"})");
    EXPECT_FALSE(m.error.empty());
  }
}

TEST(LambdaResponseTest, V1MultiValueHeadersWin) {
  auto m = MapLambdaResponseV1(R"({"statusCode":200,"headers":{"X-A":"single","x-b":"kept"},
      "multiValueHeaders":{"x-a":["1","2"],"Set-Cookie":["a=1","b=2"]},"body":"ok"})");
  EXPECT_EQ(m.response.result_int(), 200u);
  EXPECT_EQ(Values(m.response, "x-a"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(m.response["x-b"], "kept");
  EXPECT_EQ(Values(m.response, "set-cookie"), (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_EQ(m.response.body(), "ok");
}

TEST(LambdaResponseTest, V1NeedsStatusCode) {
  auto m = MapLambdaResponseV1(R"({"message":"hi"})");
  EXPECT_EQ(m.response.result_int(), 502u);
  EXPECT_EQ(MapLambdaResponseV1(R"("text")").response.result_int(), 502u);
}

}  // namespace
}  // namespace cloudlet::apigateway::http_api
