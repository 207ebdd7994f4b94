// FunctionStore's versions, aliases, policies and URLs: records round-trip,
// the key layout, and Delete leaving nothing of a function behind; alias
// routing, policy statements and tag rules as pure functions.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "lambda/alias_routing.h"
#include "lambda/function_store.h"
#include "lambda/policy_document.h"
#include "lambda/tags.h"
#include "storage/kv_store.h"

namespace cloudlet::lambda {
namespace {

namespace json = boost::json;

FunctionRecord Latest(std::string name = "f") {
  FunctionRecord r;
  r.name = name;
  r.region = "us-east-1";
  r.arn = "arn:aws:lambda:us-east-1:123456789012:function:" + name;
  r.runtime = "python3.12";
  r.revision_id = "rev-latest";
  return r;
}

class StoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<storage::KvStore> kv = storage::OpenStore({.in_memory = true}).store;
  FunctionStore store{*kv};

  int KeysUnder(char letter) {
    std::string lo{kLambdaKeyPrefix, letter}, hi{kLambdaKeyPrefix, static_cast<char>(letter + 1)};
    auto it = kv->NewIterator({.lower_bound = lo, .upper_bound = hi});
    int n = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
    return n;
  }
};

TEST(FunctionRecords, RoundTripWithVersionFields) {
  FunctionRecord r = Latest();
  r.version = "7";
  r.reserved_concurrency = 0;
  r.last_version = 9;
  r.published_from_revision = "rev-x";
  r.tags = {{"team", "a"}};
  auto back = DecodeFunctionRecord(EncodeFunctionRecord(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->version, "7");
  EXPECT_EQ(back->reserved_concurrency, 0);
  EXPECT_EQ(back->last_version, 9);
  EXPECT_EQ(back->published_from_revision, "rev-x");
  EXPECT_EQ(back->tags.at("team"), "a");
  // A record written before versions existed reads as $LATEST without a reservation.
  auto old = DecodeFunctionRecord(R"({"name":"f","region":"us-east-1"})");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->version, "$LATEST");
  EXPECT_FALSE(old->reserved_concurrency);
}

TEST(FunctionRecords, AliasAndPolicyRoundTrip) {
  AliasRecord a{.name = "live", .function_version = "3", .description = "d",
                .additional_version_weights = {{"4", 0.25}}, .revision_id = "r"};
  auto back = DecodeAliasRecord(EncodeAliasRecord(a));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->function_version, "3");
  EXPECT_DOUBLE_EQ(back->additional_version_weights.at("4"), 0.25);
  PolicyRecord p{.statements = {{"a", R"({"Sid":"a"})"}, {"b", R"({"Sid":"b"})"}}, .revision_id = "r2"};
  auto pb = DecodePolicyRecord(EncodePolicyRecord(p));
  ASSERT_TRUE(pb);
  ASSERT_EQ(pb->statements.size(), 2u);
  EXPECT_EQ(pb->statements[1].first, "b");
  EXPECT_FALSE(DecodePolicyRecord("{\"statements\":[1]}"));
}

TEST(FunctionStoreLayout, KeysAreAsDocumented) {
  EXPECT_EQ(PaddedVersion(7), "0000000007");
  EXPECT_EQ(FunctionKey("us-east-1", "f"), std::string("\x20" "Fus-east-1") + '\0' + "f");
  EXPECT_EQ(QualifiedKey('V', "us-east-1", "f", PaddedVersion(12)),
            std::string("\x20" "Vus-east-1") + '\0' + "f" + '\0' + "0000000012");
}

TEST_F(StoreTest, VersionsListInNumberOrderAndNeverMix) {
  FunctionRecord latest = Latest();
  ASSERT_TRUE(store.Put(latest).ok());
  ASSERT_TRUE(store.Put(Latest("f2")).ok());
  for (int i = 1; i <= 12; ++i) {
    latest.last_version = i;
    FunctionRecord v = latest;
    v.version = std::to_string(i);
    ASSERT_TRUE(store.PutPublished(latest, v).ok());
  }
  auto all = store.ListVersions("us-east-1", "f", 0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 12u);
  EXPECT_EQ(all->at(1).version, "2");
  EXPECT_EQ(all->at(9).version, "10");  // 10 after 9, not after 1
  auto page = store.ListVersions("us-east-1", "f", 10, 5);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ(page->front().version, "11");
  EXPECT_TRUE(store.ListVersions("us-east-1", "f2", 0, 100)->empty());
  EXPECT_EQ(store.Get("us-east-1", "f").value()->last_version, 12);
  EXPECT_TRUE(store.GetVersion("us-east-1", "f", "3").value().has_value());
  EXPECT_FALSE(store.GetVersion("us-east-1", "f", "13").value().has_value());
  EXPECT_FALSE(store.GetVersion("us-east-1", "f", "x").value().has_value());
  ASSERT_TRUE(store.DeleteVersion("us-east-1", "f", "3").ok());
  EXPECT_FALSE(store.GetVersion("us-east-1", "f", "3").value().has_value());
}

TEST_F(StoreTest, UrlsPerQualifierAndTheirIndex) {
  ASSERT_TRUE(store.Put(Latest()).ok());
  FunctionUrlRecord latest_url{.url_id = "id1", .region = "us-east-1", .function_name = "f"};
  FunctionUrlRecord alias_url{.url_id = "id2", .region = "us-east-1", .function_name = "f", .qualifier = "live"};
  ASSERT_TRUE(store.PutUrl(latest_url).ok());
  ASSERT_TRUE(store.PutUrl(alias_url).ok());
  auto urls = store.ListUrls("us-east-1", "f");
  ASSERT_EQ(urls->size(), 2u);
  EXPECT_FALSE(urls->at(0).qualifier);  // $LATEST first
  EXPECT_EQ(*urls->at(1).qualifier, "live");
  auto found = store.FindUrl("id2");
  ASSERT_TRUE(found.ok() && *found);
  EXPECT_EQ(*(*found)->qualifier, "live");
  EXPECT_FALSE(store.FindUrl("id1").value()->qualifier);
  ASSERT_TRUE(store.PutAlias("us-east-1", "f", AliasRecord{.name = "live", .function_version = "$LATEST"}).ok());
  ASSERT_TRUE(store.DeleteAlias("us-east-1", "f", "live").ok());  // takes its URL along
  EXPECT_FALSE(store.FindUrl("id2").value());
  EXPECT_TRUE(store.FindUrl("id1").value());
}

TEST_F(StoreTest, DeleteLeavesNothingOfTheFunction) {
  FunctionRecord latest = Latest();
  ASSERT_TRUE(store.Put(latest).ok());
  ASSERT_TRUE(store.Put(Latest("f-other")).ok());
  FunctionRecord v = latest;
  v.version = "1";
  latest.last_version = 1;
  ASSERT_TRUE(store.PutPublished(latest, v).ok());
  ASSERT_TRUE(store.PutAlias("us-east-1", "f", AliasRecord{.name = "live", .function_version = "1"}).ok());
  ASSERT_TRUE(store.PutPolicy("us-east-1", "f", "$LATEST", PolicyRecord{.statements = {{"s", "{}"}}}).ok());
  ASSERT_TRUE(store.PutUrl(FunctionUrlRecord{.url_id = "u1", .region = "us-east-1", .function_name = "f"}).ok());
  ASSERT_TRUE(kv->Put(QualifiedKey('E', "us-east-1", "f", "$LATEST"), "{}").ok());
  ASSERT_TRUE(kv->Put(QualifiedKey('E', "us-east-1", "f-other", "$LATEST"), "{}").ok());
  ASSERT_TRUE(store.Delete("us-east-1", "f").ok());
  EXPECT_EQ(KeysUnder('F'), 1);  // f-other
  EXPECT_EQ(KeysUnder('V'), 0);
  EXPECT_EQ(KeysUnder('A'), 0);
  EXPECT_EQ(KeysUnder('P'), 0);
  EXPECT_EQ(KeysUnder('U'), 0);
  EXPECT_EQ(KeysUnder('I'), 0);
  EXPECT_EQ(KeysUnder('E'), 1);  // f-other's config stays
}

TEST_F(StoreTest, EmptyPolicyIsDeleted) {
  ASSERT_TRUE(store.PutPolicy("us-east-1", "f", "1", PolicyRecord{.statements = {{"s", "{}"}}}).ok());
  EXPECT_TRUE(store.GetPolicy("us-east-1", "f", "1").value());
  ASSERT_TRUE(store.PutPolicy("us-east-1", "f", "1", PolicyRecord{}).ok());
  EXPECT_FALSE(store.GetPolicy("us-east-1", "f", "1").value());
}

TEST(AliasRouting, WeightedChoiceIsDeterministicForAGivenDraw) {
  AliasRecord alias{.name = "live", .function_version = "1", .additional_version_weights = {{"2", 0.3}}};
  EXPECT_EQ(ChooseAliasVersion(alias, 0.0), "2");
  EXPECT_EQ(ChooseAliasVersion(alias, 0.29), "2");
  EXPECT_EQ(ChooseAliasVersion(alias, 0.3), "1");
  EXPECT_EQ(ChooseAliasVersion(alias, 0.99), "1");
  AliasRecord plain{.name = "live", .function_version = "$LATEST"};
  EXPECT_EQ(ChooseAliasVersion(plain, 0.0), "$LATEST");
  // Over many draws the split follows the weight.
  int second = 0;
  for (int i = 0; i < 20000; ++i) second += ChooseAliasVersion(alias, RandomUnit()) == "2";
  EXPECT_GT(second, 5000);
  EXPECT_LT(second, 7000);
}

TEST(AliasRouting, NamesVersionsAndRoutingRules) {
  EXPECT_TRUE(ValidateAliasName("live").ok());
  EXPECT_TRUE(ValidateAliasName("v1-prod_2").ok());
  auto numeric = ValidateAliasName("12");
  ASSERT_FALSE(numeric.ok());
  EXPECT_EQ(numeric.error().code, "ValidationException");
  EXPECT_EQ(numeric.error().message,
            "1 validation error detected: Value '12' at 'name' failed to satisfy constraint: Member must satisfy "
            "regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
  EXPECT_FALSE(ValidateAliasName("has space").ok());
  EXPECT_FALSE(ValidateAliasName(std::string(129, 'a')).ok());
  EXPECT_TRUE(ValidateAliasVersion("$LATEST").ok());
  EXPECT_TRUE(ValidateAliasVersion("3").ok());
  EXPECT_FALSE(ValidateAliasVersion("latest").ok());

  auto parse = [](std::string_view text, std::string_view primary) {
    return ParseRoutingConfig(json::parse(text), primary);
  };
  EXPECT_TRUE(parse("null", "1")->empty());
  EXPECT_TRUE(parse("{}", "1")->empty());
  EXPECT_DOUBLE_EQ(parse(R"({"AdditionalVersionWeights":{"2":0.5}})", "1")->at("2"), 0.5);
  auto two = parse(R"({"AdditionalVersionWeights":{"2":0.1,"3":0.1}})", "1");
  EXPECT_EQ(two.error().message, "Number of items in AdditionalVersionWeights cannot be greater than 1");
  auto heavy = parse(R"({"AdditionalVersionWeights":{"2":1.5}})", "1");
  EXPECT_EQ(heavy.error().code, "ValidationException");
  EXPECT_NE(heavy.error().message.find("Value '{2=1.5}' at 'routingConfig.additionalVersionWeights'"), std::string::npos);
  auto same = parse(R"({"AdditionalVersionWeights":{"1":0.5}})", "1");
  EXPECT_EQ(same.error().message, "Invalid function version 1. Function version 1 is already included in routing configuration.");
  auto latest = parse(R"({"AdditionalVersionWeights":{"2":0.5}})", "$LATEST");
  EXPECT_EQ(latest.error().message, "$LATEST is not supported for an alias pointing to more than 1 version");
  EXPECT_EQ(parse(R"({"AdditionalVersionWeights":{"x":0.5}})", "1").error().code, "ValidationException");
}

TEST(PolicyDocument, StatementsAsLambdaRendersThem) {
  auto p = ParsePermission(json::parse(R"({"StatementId":"s3","Action":"lambda:InvokeFunction",
      "Principal":"s3.amazonaws.com","SourceArn":"arn:aws:s3:::bucket","SourceAccount":"123456789012"})").as_object());
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(json::serialize(BuildStatement(*p, "arn:aws:lambda:us-east-1:123456789012:function:f")),
            R"({"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction",)"
            R"("Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Condition":{"StringEquals":)"
            R"({"AWS:SourceAccount":"123456789012"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}})");
  auto account = ParsePermission(json::parse(R"({"StatementId":"a","Action":"lambda:*","Principal":"111122223333"})").as_object());
  EXPECT_EQ(json::serialize(BuildStatement(*account, "r").at("Principal")), R"({"AWS":"arn:aws:iam::111122223333:root"})");
  EXPECT_FALSE(BuildStatement(*account, "r").contains("Condition"));
  auto anyone = ParsePermission(json::parse(R"({"StatementId":"u","Action":"lambda:InvokeFunctionUrl","Principal":"*",
      "FunctionUrlAuthType":"NONE","PrincipalOrgID":"o-abcdefghij"})").as_object());
  auto statement = BuildStatement(*anyone, "r");
  EXPECT_EQ(statement.at("Principal"), "*");
  EXPECT_EQ(json::serialize(statement.at("Condition")),
            R"({"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij","lambda:FunctionUrlAuthType":"NONE"}})");
  auto role = ParsePermission(json::parse(R"({"StatementId":"r","Action":"*","Principal":"arn:aws:iam::111122223333:role/x"})").as_object());
  EXPECT_EQ(json::serialize(BuildStatement(*role, "r").at("Principal")), R"({"AWS":"arn:aws:iam::111122223333:role/x"})");

  EXPECT_EQ(ParsePermission(json::parse(R"({"Action":"lambda:*","Principal":"*"})").as_object()).error().message,
            "1 validation error detected: Value null at 'statementId' failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(ParsePermission(json::parse(R"({"StatementId":"a b","Action":"lambda:*","Principal":"*"})").as_object()).error().code,
            "ValidationException");
  EXPECT_EQ(ParsePermission(json::parse(R"({"StatementId":"a","Action":"invoke","Principal":"*"})").as_object()).error().code,
            "ValidationException");
  EXPECT_EQ(ParsePermission(json::parse(R"({"StatementId":"a","Action":"*","Principal":"*","SourceAccount":"12"})").as_object()).error().code,
            "ValidationException");
  EXPECT_EQ(ParsePermission(json::parse(R"({"StatementId":"a","Action":"*","Principal":"*","FunctionUrlAuthType":"X"})").as_object()).error().code,
            "ValidationException");

  PolicyRecord policy{.statements = {{"a", R"({"Sid":"a"})"}}};
  EXPECT_EQ(RenderPolicy(policy), R"({"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"a"}]})");
}

TEST(Tags, LimitsAndResources) {
  auto ok = ParseTags(json::parse(R"({"team":"a","empty":""})"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_EQ(ParseTags(json::parse(R"({"AWS:x":"a"})")).error().code, "InvalidParameterValueException");
  EXPECT_EQ(ParseTags(json::parse("{\"" + std::string(129, 'k') + "\":\"v\"}")).error().code,
            "InvalidParameterValueException");
  EXPECT_EQ(ParseTags(json::parse("{\"k\":\"" + std::string(257, 'v') + "\"}")).error().code,
            "InvalidParameterValueException");
  EXPECT_EQ(ParseTags(json::parse(R"({"k":1})")).error().code, "InvalidRequestContentException");
  EXPECT_TRUE(CheckTagCount(50).ok());
  EXPECT_EQ(CheckTagCount(51).error().message, "Number of tags exceeds function tag limit.");

  auto f = ParseTagResource("arn:aws:lambda:eu-west-1:123456789012:function:my-fn");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->region, "eu-west-1");
  EXPECT_EQ(f->account_id, "123456789012");
  EXPECT_EQ(f->name, "my-fn");
  auto qualified = ParseTagResource("arn:aws:lambda:eu-west-1:123456789012:function:my-fn:live");
  EXPECT_EQ(qualified.error().code, "InvalidParameterValueException");
  EXPECT_EQ(qualified.error().message,
            "Tagging operations are permitted on Lambda functions only. Tags on aliases and versions are not "
            "supported. Please specify either a function name or a function ARN.");
  EXPECT_EQ(ParseTagResource("my-fn").error().code, "ValidationException");
}

}  // namespace
}  // namespace cloudlet::lambda
