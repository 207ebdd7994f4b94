#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "apigateway/http_api/cors.h"
#include "apigateway/common/policy.h"

namespace cloudlet::apigateway::http_api {
namespace {

TEST(PolicyTest, Wildcards) {
  EXPECT_TRUE(WildcardMatch("*", "anything"));
  EXPECT_TRUE(WildcardMatch("arn:*/GET/*", "arn:x/dev/GET/pets/1"));
  EXPECT_TRUE(WildcardMatch("a?c", "abc"));
  EXPECT_FALSE(WildcardMatch("a?c", "abbc"));
  EXPECT_FALSE(WildcardMatch("arn:*/POST/*", "arn:x/dev/GET/pets"));
}

TEST(PolicyTest, AllowAndDeny) {
  std::string arn = "arn:aws:execute-api:us-east-1:0:abc/dev/GET/pets";
  EXPECT_TRUE(PolicyAllows(
      R"({"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:0:abc/*"}]})",
      arn));
  EXPECT_TRUE(PolicyAllows(R"({"Statement":{"Action":["execute-api:*"],"Effect":"Allow","Resource":["*"]}})", arn));
  EXPECT_FALSE(PolicyAllows(R"({"Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"},
                                              {"Action":"*","Effect":"Deny","Resource":"*/GET/*"}]})",
                            arn));
  EXPECT_FALSE(PolicyAllows(R"({"Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*/POST/*"}]})", arn));
  EXPECT_FALSE(PolicyAllows(R"({"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}]})", arn));
  EXPECT_FALSE(PolicyAllows("not json", arn));
}

CorsConfig Config() {
  return ParseCorsConfig(boost::json::parse(
      R"({"allowOrigins":["https://a.example"],"allowMethods":["GET","POST"],"allowHeaders":["content-type"],
          "exposeHeaders":["x-id"],"maxAge":300,"allowCredentials":true})"));
}

TEST(CorsTest, Preflight) {
  http::Request req{http::Verb::options, "/x", 11};
  req.set(http::Field::origin, "https://a.example");
  req.set(http::Field::access_control_request_method, "POST");
  ASSERT_TRUE(IsPreflight(req));
  http::Response res = CorsPreflight(Config(), req);
  EXPECT_EQ(res.result_int(), 204u);
  EXPECT_EQ(res[http::Field::access_control_allow_origin], "https://a.example");
  EXPECT_EQ(res[http::Field::access_control_allow_methods], "GET,POST");
  EXPECT_EQ(res[http::Field::access_control_allow_headers], "content-type");
  EXPECT_EQ(res[http::Field::access_control_max_age], "300");
  EXPECT_EQ(res[http::Field::access_control_allow_credentials], "true");
  req.set(http::Field::origin, "https://evil.example");
  http::Response refused = CorsPreflight(Config(), req);
  EXPECT_EQ(refused.result_int(), 204u);
  EXPECT_EQ(refused.find(http::Field::access_control_allow_origin), refused.end());
  http::Request plain{http::Verb::options, "/x", 11};
  EXPECT_FALSE(IsPreflight(plain));
}

TEST(CorsTest, ResponsesGetConfiguredHeadersAndLoseTheBackendsOwn) {
  http::Response res{http::beast_http::status::ok, 11};
  res.set("Access-Control-Allow-Origin", "*");
  res.set("Access-Control-Max-Age", "5");
  ApplyCors(Config(), "https://a.example", res);
  EXPECT_EQ(res[http::Field::access_control_allow_origin], "https://a.example");
  EXPECT_EQ(res[http::Field::access_control_expose_headers], "x-id");
  EXPECT_EQ(res.find(http::Field::access_control_max_age), res.end());
  http::Response other{http::beast_http::status::ok, 11};
  ApplyCors(Config(), "https://evil.example", other);
  EXPECT_EQ(other.find(http::Field::access_control_allow_origin), other.end());
  auto star = ParseCorsConfig(boost::json::parse(R"({"allowOrigins":["*"]})"));
  http::Response any{http::beast_http::status::ok, 11};
  ApplyCors(star, "https://whoever", any);
  EXPECT_EQ(any[http::Field::access_control_allow_origin], "*");
}

}  // namespace
}  // namespace cloudlet::apigateway::http_api
