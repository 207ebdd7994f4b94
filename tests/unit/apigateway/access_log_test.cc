#include "apigateway/common/access_log.h"

#include <gtest/gtest.h>

namespace cloudlet::apigateway::http_api {
namespace {

AccessLogRecord Sample() {
  AccessLogRecord r;
  r.account_id = "000000000000";
  r.api_id = "abc";
  r.http_method = "GET";
  r.path = "/dev/pets";
  r.protocol = "HTTP/1.1";
  r.request_id = "rid=";
  r.route_key = "GET /pets";
  r.stage = "dev";
  r.source_ip = "127.0.0.1";
  r.status = 200;
  r.response_length = 12;
  r.request_time_epoch_ms = 1583348638390;
  r.response_latency_ms = 7;
  r.integration_latency_ms = 5;
  r.integration_status = 200;
  return r;
}

std::string Render(std::string_view format, const AccessLogRecord& r) {
  std::string out;
  AccessLogFormat(format).Render(r, out);
  return out;
}

TEST(AccessLogTest, ClfFormat) {
  EXPECT_EQ(Render("$context.identity.sourceIp - - [$context.requestTime] \"$context.httpMethod $context.routeKey "
                   "$context.protocol\" $context.status $context.responseLength $context.requestId",
                   Sample()),
            "127.0.0.1 - - [04/Mar/2020:19:03:58 +0000] \"GET GET /pets HTTP/1.1\" 200 12 rid=");
}

TEST(AccessLogTest, JsonFormatAndMissingValues) {
  AccessLogRecord r = Sample();
  r.integration_latency_ms = -1;
  r.integration_status = -1;
  EXPECT_EQ(Render(R"({"id":"$context.requestId","lat":"$context.integrationLatency","err":"$context.integrationErrorMessage","x":"$context.nope","ua":"$context.identity.userAgent"})",
                   r),
            R"({"id":"rid=","lat":"-","err":"-","x":"-","ua":"-"})");
  EXPECT_EQ(Render("$context.status.", r), "200.");
  EXPECT_EQ(Render("cost $context.", r), "cost $context.");
  EXPECT_EQ(Render("$context.responseLatency/$context.requestTimeEpoch", Sample()), "7/1583348638390");
}

TEST(AccessLogTest, AuthorizerVariables) {
  AccessLogRecord r = Sample();
  AuthorizerContext a;
  a.kind = AuthorizerContext::Kind::kJwt;
  a.claims_json = R"({"sub":"user-1"})";
  r.authorizer = &a;
  EXPECT_EQ(Render("$context.authorizer.claims.sub $context.authorizer.claims.email", r), "user-1 -");
  AuthorizerContext l;
  l.kind = AuthorizerContext::Kind::kLambda;
  l.context_json = R"({"tenant":"t1","n":3})";
  l.principal_id = "me";
  r.authorizer = &l;
  EXPECT_EQ(Render("$context.authorizer.tenant $context.authorizer.n $context.authorizer.principalId", r), "t1 3 me");
}

TEST(AccessLogTest, ErrorMessageString) {
  AccessLogRecord r = Sample();
  r.status = 404;
  r.error_message = "Not Found";
  EXPECT_EQ(Render("$context.error.message|$context.error.messageString", r), "Not Found|\"Not Found\"");
}

}  // namespace
}  // namespace cloudlet::apigateway::http_api
