// Lambda authorizer policies as REST APIs answer them (Allow, no Allow,
// explicit Deny), the gateway responses' wire shapes, and usage-plan
// admission against a store: forbidden keys, throttles, quotas that
// survive a new process.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "apigateway/common/lambda_authorizer.h"
#include "apigateway/common/policy.h"
#include "apigateway/rest/gateway_responses.h"
#include "apigateway/rest/quota_period.h"
#include "apigateway/rest/usage_plans.h"
#include "storage/kv_store.h"

namespace cloudlet::apigateway::rest {
namespace {

constexpr char kArn[] = "arn:aws:execute-api:us-east-1:123:abc/dev/GET/pets/7";

std::string Policy(std::string_view statements) {
  return std::string(R"({"Version":"2012-10-17","Statement":)") + std::string(statements) + "}";
}

TEST(RestPolicyTest, AllowNoAllowAndExplicitDeny) {
  EXPECT_EQ(EvaluatePolicy(Policy(R"([{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:123:abc/*/GET/*"}])"), kArn),
            PolicyDecision::kAllow);
  EXPECT_EQ(EvaluatePolicy(Policy(R"([{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:123:abc/*/POST/*"}])"), kArn),
            PolicyDecision::kNoAllow);
  EXPECT_EQ(EvaluatePolicy(Policy(R"([{"Action":"execute-api:*","Effect":"Allow","Resource":"*"},
                                      {"Action":"execute-api:Invoke","Effect":"Deny","Resource":["x","*/dev/GET/pets/?"]}])"),
                           kArn),
            PolicyDecision::kExplicitDeny);
  EXPECT_EQ(EvaluatePolicy(Policy(R"({"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"})"), kArn),
            PolicyDecision::kAllow);  // one statement without a list
  EXPECT_EQ(EvaluatePolicy(Policy(R"([{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}])"), kArn),
            PolicyDecision::kNoAllow);
  EXPECT_EQ(EvaluatePolicy("not json", kArn), PolicyDecision::kNoAllow);
}

TEST(RestPolicyTest, AuthorizerAnswersNeedPrimitiveContext) {
  std::string why;
  auto ok = ReadAuthorizerAnswer(
      R"({"principalId":"u","policyDocument":{"Statement":[]},"context":{"a":"x","n":1,"b":true},"usageIdentifierKey":"k"})",
      {.primitive_context = true}, &why);
  ASSERT_TRUE(ok) << why;
  EXPECT_EQ(ok->principal_id, "u");
  EXPECT_EQ(ok->usage_identifier_key, "k");
  EXPECT_FALSE(ReadAuthorizerAnswer(R"({"policyDocument":{},"context":{"o":{"a":1}}})", {.primitive_context = true},
                                    &why));
  EXPECT_FALSE(ReadAuthorizerAnswer(R"({"principalId":"u"})", {.primitive_context = true}, &why));
}

TEST(RestGatewayResponseTest, Shapes) {
  auto check = [](GatewayResponse which, unsigned status, std::string_view type, std::string_view body) {
    GatewayAnswer a = MakeGatewayResponse(which);
    EXPECT_EQ(a.response.result_int(), status);
    EXPECT_EQ(a.response["x-amzn-ErrorType"], type);
    EXPECT_EQ(a.response.body(), body);
  };
  check(GatewayResponse::kMissingAuthenticationToken, 403, "MissingAuthenticationTokenException",
        R"({"message":"Missing Authentication Token"})");
  check(GatewayResponse::kForbidden, 403, "ForbiddenException", R"({"message":"Forbidden"})");
  check(GatewayResponse::kExplicitDeny, 403, "AccessDeniedException",
        R"({"Message":"User is not authorized to access this resource with an explicit deny"})");
  check(GatewayResponse::kThrottled, 429, "TooManyRequestsException", R"({"message":"Too Many Requests"})");
  check(GatewayResponse::kQuotaExceeded, 429, "LimitExceededException", R"({"message":"Limit Exceeded"})");
  check(GatewayResponse::kAuthorizerError, 500, "AuthorizerConfigurationException", R"({"message":null})");
  check(GatewayResponse::kIntegrationFailure, 502, "InternalServerErrorException",
        R"({"message": "Internal server error"})");
  check(GatewayResponse::kIntegrationTimeout, 504, "InternalServerErrorException",
        R"({"message": "Endpoint request timed out"})");
}

class UsagePlansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenStore({.in_memory = true});
    ASSERT_TRUE(opened.status.ok());
    kv = std::move(opened.store);
    store = std::make_unique<RestStore>(*kv);
    Put('k', "key1", R"({"id":"key1","value":"secret-secret-secret","enabled":true,"_region":"us-east-1"})");
    Put('k', "key2", R"({"id":"key2","value":"disabled-disabled-xx","enabled":false,"_region":"us-east-1"})");
    Put('u', "plan1", R"({"id":"plan1","apiStages":[{"apiId":"api","stage":"dev"}],
                           "throttle":{"burstLimit":3,"rateLimit":0.001},"quota":{"limit":4,"period":"DAY","offset":0}})");
    storage::WriteBatch b;
    store->keys().PutChild(b, "plan1", 'k', "key1", {});
    store->keys().PutChild(b, "plan1", 'k', "key2", {});
    ASSERT_TRUE(store->Write(b).ok());
  }
  void Put(char space, std::string_view id, std::string_view json_text) {
    storage::WriteBatch b;
    store->keys().Put(b, space, id, boost::json::parse(json_text).as_object());
    ASSERT_TRUE(store->Write(b).ok());
  }
  std::unique_ptr<storage::KvStore> kv;
  std::unique_ptr<RestStore> store;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

TEST_F(UsagePlansTest, ForbiddenThrottledAndQuota) {
  using V = UsagePlans::Verdict;
  UsagePlans plans(*store);
  EXPECT_EQ(plans.Admit("us-east-1", "api", "dev", "", now).verdict, V::kForbidden);
  EXPECT_EQ(plans.Admit("us-east-1", "api", "dev", "unknown-unknown-unknown", now).verdict, V::kForbidden);
  EXPECT_EQ(plans.Admit("us-east-1", "api", "dev", "disabled-disabled-xx", now).verdict, V::kForbidden);
  EXPECT_EQ(plans.Admit("us-east-1", "api", "prod", "secret-secret-secret", now).verdict, V::kForbidden);
  EXPECT_EQ(plans.Admit("eu-west-1", "api", "dev", "secret-secret-secret", now).verdict, V::kForbidden);
  auto first = plans.Admit("us-east-1", "api", "dev", "secret-secret-secret", now);
  EXPECT_EQ(first.verdict, V::kAllowed);
  EXPECT_EQ((first.key_id + "/" + first.plan_id), "key1/plan1");
  EXPECT_EQ(plans.Admit("us-east-1", "api", "dev", "secret-secret-secret", now).verdict, V::kAllowed);
  EXPECT_EQ(plans.Admit("us-east-1", "api", "dev", "secret-secret-secret", now).verdict, V::kAllowed);
  EXPECT_EQ(plans.Admit("us-east-1", "api", "dev", "secret-secret-secret", now).verdict, V::kThrottled);
  // A larger bucket; the quota (4 a day) then stops the fifth.
  Put('u', "plan1", R"({"id":"plan1","apiStages":[{"apiId":"api","stage":"dev"}],
                         "throttle":{"burstLimit":100,"rateLimit":100},"quota":{"limit":4,"period":"DAY","offset":0}})");
  plans.Invalidate();
  EXPECT_EQ(plans.Admit("us-east-1", "api", "dev", "secret-secret-secret", now).verdict, V::kAllowed);
  EXPECT_EQ(plans.Admit("us-east-1", "api", "dev", "secret-secret-secret", now).verdict, V::kQuotaExceeded);
  // Another process (a new UsagePlans) reads the counts back; the next day starts afresh.
  UsagePlans restarted(*store);
  EXPECT_EQ(restarted.Admit("us-east-1", "api", "dev", "secret-secret-secret", now).verdict, V::kQuotaExceeded);
  EXPECT_EQ(restarted.Admit("us-east-1", "api", "dev", "secret-secret-secret", now + std::chrono::hours(24)).verdict,
            V::kAllowed);
  int64_t today = DayOfEpochSeconds(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  auto today_count = store->DayCount("plan1", "key1", DayText(today));
  auto tomorrow_count = store->DayCount("plan1", "key1", DayText(today + 1));
  ASSERT_TRUE(today_count.ok() && tomorrow_count.ok());
  EXPECT_EQ(*today_count, 4);
  EXPECT_EQ(*tomorrow_count, 1);
}

}  // namespace
}  // namespace cloudlet::apigateway::rest
