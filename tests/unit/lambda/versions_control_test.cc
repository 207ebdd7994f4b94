// Versions, aliases, reserved concurrency, policies and tags driven through
// Handle with the fake Invoker: what runs at each qualifier, and Lambda's errors.
#include <filesystem>
#include <set>

#include "lambda_test_util.h"

namespace cloudlet::lambda::testing {
namespace {

using http::Verb;
constexpr std::string_view kArn = "arn:aws:lambda:us-east-1:123456789012:function:";

std::string Str(const boost::json::value& v) { return S(v); }

TEST(Versions, PublishSnapshotsAndUnchangedReturnsTheSameVersion) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("f").status, 201u);
  auto v1 = h.Call(Verb::post, "/2015-03-31/functions/f/versions", R"({"Description":"first"})");
  ASSERT_EQ(v1.status, 201u) << v1.body;
  auto o = v1.json().as_object();
  EXPECT_EQ(o["Version"], "1");
  EXPECT_EQ(Str(o["FunctionArn"]), std::string(kArn) + "f:1");
  EXPECT_EQ(o["Description"], "first");
  EXPECT_EQ(o["State"], "Pending");
  auto again = h.Call(Verb::post, "/2015-03-31/functions/f/versions", "{}");
  EXPECT_EQ(again.json().as_object()["Version"], "1");
  ASSERT_EQ(h.Call(Verb::put, "/2015-03-31/functions/f/configuration", R"({"Timeout":9})").status, 200u);
  auto v2 = h.Call(Verb::post, "/2015-03-31/functions/f/versions", "{}").json().as_object();
  EXPECT_EQ(v2["Version"], "2");
  EXPECT_EQ(v2["Timeout"], 9);
  auto got = h.Call(Verb::get, "/2015-03-31/functions/f/configuration?Qualifier=1").json().as_object();
  EXPECT_EQ(got["Timeout"], 3);
  EXPECT_EQ(got["State"], "Active");
  EXPECT_FALSE(got.contains("LastUpdateStatus"));

  auto bad_sha = h.Call(Verb::post, "/2015-03-31/functions/f/versions", R"({"CodeSha256":"abc"})");
  EXPECT_EQ(bad_sha.error_type(), "InvalidParameterValueException");
  EXPECT_NE(bad_sha.body.find("CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST"), std::string::npos);
  EXPECT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/versions", R"({"RevisionId":"stale"})").status, 412u);
  EXPECT_EQ(h.Call(Verb::post, "/2015-03-31/functions/nope/versions", "{}").status, 404u);
}

TEST(Versions, ListPagesLatestFirst) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("f").status, 201u);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_EQ(h.Call(Verb::put, "/2015-03-31/functions/f/configuration", "{\"Timeout\":" + std::to_string(i + 3) + "}").status, 200u);
    ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/versions", "{}").status, 201u);
  }
  std::vector<std::string> seen;
  std::string marker;
  do {
    auto a = h.Call(Verb::get, "/2015-03-31/functions/f/versions?MaxItems=3" + (marker.empty() ? "" : "&Marker=" + marker));
    ASSERT_EQ(a.status, 200u) << a.body;
    auto o = a.json().as_object();
    for (auto& v : o["Versions"].as_array()) seen.push_back(Str(v.as_object().at("Version")));
    marker = o.contains("NextMarker") ? Str(o["NextMarker"]) : "";
  } while (!marker.empty());
  EXPECT_EQ(seen, (std::vector<std::string>{"$LATEST", "1", "2", "3"}));
  auto first = h.Call(Verb::get, "/2015-03-31/functions/f/versions").json().as_object();
  EXPECT_EQ(Str(first["Versions"].as_array()[0].as_object().at("FunctionArn")), std::string(kArn) + "f:$LATEST");
}

TEST(Versions, InvokeRunsTheVersionsOwnCodeAfterUpdate) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("f").status, 201u);
  ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/versions", "{}").status, 201u);
  std::string v2_zip = HandlerZip("def handler(e, c):\n    return 2\n");
  auto updated = h.Call(Verb::put, "/2015-03-31/functions/f/code",
                        R"({"Publish":true,"ZipFile":")" + Base64Encode(v2_zip) + "\"}");
  ASSERT_EQ(updated.status, 200u) << updated.body;
  EXPECT_EQ(updated.json().as_object()["Version"], "2");
  ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/invocations?Qualifier=1", "{}").status, 200u);
  auto one = h.invoker().calls.back().function;
  ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f:2/invocations", "{}").status, 200u);
  auto two = h.invoker().calls.back().function;
  EXPECT_EQ(one.version, "1");
  EXPECT_EQ(two.version, "2");
  EXPECT_NE(one.code_dir, two.code_dir);
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(one.code_dir) / "app.py"));
  EXPECT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/invocations?Qualifier=9", "{}").status, 404u);
  // Deleting version 1 frees its code; the function's deletion frees everything.
  ASSERT_EQ(h.Call(Verb::delete_, "/2015-03-31/functions/f?Qualifier=1").status, 204u);
  EXPECT_FALSE(std::filesystem::exists(one.code_dir));
  EXPECT_TRUE(std::filesystem::exists(two.code_dir));
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/f?Qualifier=1").status, 404u);
  auto latest = h.Call(Verb::delete_, "/2015-03-31/functions/f?Qualifier=%24LATEST");
  EXPECT_EQ(latest.error_type(), "InvalidParameterValueException");
  EXPECT_EQ(latest.json().as_object()["message"], "$LATEST version cannot be deleted without deleting the function.");
}

TEST(Aliases, CrudRoutingAndErrors) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("f").status, 201u);
  ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/versions", "{}").status, 201u);
  ASSERT_EQ(h.Call(Verb::put, "/2015-03-31/functions/f/configuration", R"({"Timeout":5})").status, 200u);
  ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/versions", "{}").status, 201u);
  auto created = h.Call(Verb::post, "/2015-03-31/functions/f/aliases",
                        R"({"Name":"live","FunctionVersion":"1","RoutingConfig":{"AdditionalVersionWeights":{"2":0.5}}})");
  ASSERT_EQ(created.status, 201u) << created.body;
  auto a = created.json().as_object();
  EXPECT_EQ(Str(a["AliasArn"]), std::string(kArn) + "f:live");
  EXPECT_EQ(a["Description"], "");
  EXPECT_EQ(a["RoutingConfig"].as_object()["AdditionalVersionWeights"].as_object()["2"], 0.5);
  auto dup = h.Call(Verb::post, "/2015-03-31/functions/f/aliases", R"({"Name":"live","FunctionVersion":"1"})");
  EXPECT_EQ(dup.status, 409u);
  EXPECT_EQ(Str(dup.json().as_object()["message"]), "Alias already exists: " + std::string(kArn) + "f:live");
  EXPECT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/aliases", R"({"Name":"7","FunctionVersion":"1"})").error_type(),
            "ValidationException");
  auto missing_version = h.Call(Verb::post, "/2015-03-31/functions/f/aliases", R"({"Name":"x","FunctionVersion":"9"})");
  EXPECT_EQ(missing_version.status, 404u);
  EXPECT_EQ(Str(missing_version.json().as_object()["Message"]), "Function not found: " + std::string(kArn) + "f:9");

  std::set<std::string> ran;
  for (int i = 0; i < 64; ++i) {
    ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/invocations?Qualifier=live", "{}").status, 200u);
    ran.insert(h.invoker().calls.back().function.version);
  }
  EXPECT_EQ(ran, (std::set<std::string>{"1", "2"}));  // (1/2)^64 odds of a false failure
  auto cfg = h.Call(Verb::get, "/2015-03-31/functions/f:live/configuration").json().as_object();
  EXPECT_EQ(cfg["Version"], "1");  // reads report the primary version
  EXPECT_EQ(Str(cfg["FunctionArn"]), std::string(kArn) + "f:live");

  auto updated = h.Call(Verb::put, "/2015-03-31/functions/f/aliases/live", R"({"FunctionVersion":"2","RoutingConfig":{}})");
  ASSERT_EQ(updated.status, 200u) << updated.body;
  EXPECT_FALSE(updated.json().as_object().contains("RoutingConfig"));
  EXPECT_NE(updated.json().as_object()["RevisionId"], a["RevisionId"]);
  EXPECT_EQ(h.Call(Verb::put, "/2015-03-31/functions/f/aliases/live", R"({"RevisionId":"stale"})").status, 412u);
  ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/aliases", R"({"Name":"beta","FunctionVersion":"1"})").status, 201u);
  auto filtered = h.Call(Verb::get, "/2015-03-31/functions/f/aliases?FunctionVersion=1").json().as_object();
  ASSERT_EQ(filtered["Aliases"].as_array().size(), 1u);
  EXPECT_EQ(filtered["Aliases"].as_array()[0].as_object().at("Name"), "beta");
  auto conflict = h.Call(Verb::delete_, "/2015-03-31/functions/f?Qualifier=1");
  EXPECT_EQ(conflict.status, 409u);
  EXPECT_EQ(conflict.json().as_object()["message"], "Unable to delete version because the following aliases reference it: [beta]");
  EXPECT_EQ(h.Call(Verb::delete_, "/2015-03-31/functions/f/aliases/beta").status, 204u);
  auto gone = h.Call(Verb::get, "/2015-03-31/functions/f/aliases/beta");
  EXPECT_EQ(gone.status, 404u);
  EXPECT_EQ(Str(gone.json().as_object()["Message"]), "Cannot find alias arn: " + std::string(kArn) + "f:beta");
  EXPECT_EQ(h.Call(Verb::delete_, "/2015-03-31/functions/f?Qualifier=1").status, 204u);
}

TEST(Concurrency, ReservationsReachTheSpecAndAccountSettings) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("f").status, 201u);
  ASSERT_EQ(h.Create("g").status, 201u);
  auto put = h.Call(Verb::put, "/2017-10-31/functions/f/concurrency", R"({"ReservedConcurrentExecutions":5})");
  ASSERT_EQ(put.status, 200u) << put.body;
  EXPECT_EQ(put.json().as_object()["ReservedConcurrentExecutions"], 5);
  EXPECT_EQ(h.Call(Verb::get, "/2019-09-30/functions/f/concurrency").json().as_object()["ReservedConcurrentExecutions"], 5);
  EXPECT_EQ(h.Call(Verb::get, "/2019-09-30/functions/g/concurrency").body, "{}");
  auto fn = h.Call(Verb::get, "/2015-03-31/functions/f").json().as_object();
  EXPECT_EQ(fn["Concurrency"].as_object()["ReservedConcurrentExecutions"], 5);
  ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/invocations", "{}").status, 200u);
  EXPECT_EQ(h.invoker().calls.back().function.reserved_concurrency, 5);
  auto settings = h.Call(Verb::get, "/2016-08-19/account-settings").json().as_object();
  EXPECT_EQ(settings["AccountLimit"].as_object()["UnreservedConcurrentExecutions"], 64 - 5);
  auto too_much = h.Call(Verb::put, "/2017-10-31/functions/g/concurrency", R"({"ReservedConcurrentExecutions":54})");
  EXPECT_EQ(too_much.error_type(), "InvalidParameterValueException");
  EXPECT_EQ(too_much.json().as_object()["message"],
            "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution "
            "below its minimum value of [6].");
  EXPECT_EQ(h.Call(Verb::put, "/2017-10-31/functions/g/concurrency", R"({"ReservedConcurrentExecutions":-1})").error_type(),
            "ValidationException");
  EXPECT_EQ(h.Call(Verb::put, "/2017-10-31/functions/f:1/concurrency", R"({"ReservedConcurrentExecutions":1})").error_type(),
            "InvalidParameterValueException");
  EXPECT_EQ(h.Call(Verb::delete_, "/2017-10-31/functions/f/concurrency").status, 204u);
  EXPECT_FALSE(h.Call(Verb::get, "/2015-03-31/functions/f").json().as_object().contains("Concurrency"));
}

TEST(Policies, AddGetRemoveAndErrors) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("f").status, 201u);
  auto none = h.Call(Verb::get, "/2015-03-31/functions/f/policy");
  EXPECT_EQ(none.status, 404u);
  EXPECT_EQ(Str(none.json().as_object()["Message"]), "The resource you requested does not exist.");
  auto add = h.Call(Verb::post, "/2015-03-31/functions/f/policy",
                    R"({"StatementId":"s3","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com"})");
  ASSERT_EQ(add.status, 201u) << add.body;
  auto statement = boost::json::parse(Str(add.json().as_object()["Statement"])).as_object();
  EXPECT_EQ(Str(statement["Resource"]), std::string(kArn) + "f");
  auto dup = h.Call(Verb::post, "/2015-03-31/functions/f/policy",
                    R"({"StatementId":"s3","Action":"lambda:InvokeFunction","Principal":"*"})");
  EXPECT_EQ(dup.status, 409u);
  EXPECT_EQ(dup.json().as_object()["message"],
            "The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.");
  auto got = h.Call(Verb::get, "/2015-03-31/functions/f/policy").json().as_object();
  auto policy = boost::json::parse(Str(got["Policy"])).as_object();
  EXPECT_EQ(policy["Version"], "2012-10-17");
  EXPECT_EQ(policy["Id"], "default");
  EXPECT_EQ(policy["Statement"].as_array().size(), 1u);
  std::string revision = Str(got["RevisionId"]);
  EXPECT_EQ(h.Call(Verb::delete_, "/2015-03-31/functions/f/policy/s3?RevisionId=stale").status, 412u);
  EXPECT_EQ(h.Call(Verb::delete_, "/2015-03-31/functions/f/policy/s3?RevisionId=" + revision).status, 204u);
  auto missing = h.Call(Verb::delete_, "/2015-03-31/functions/f/policy/s3");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/f/policy").status, 404u);
  // Per qualifier: a version's policy names the qualified resource.
  ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/f/versions", "{}").status, 201u);
  auto v = h.Call(Verb::post, "/2015-03-31/functions/f/policy?Qualifier=1",
                  R"({"StatementId":"s3","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com"})");
  ASSERT_EQ(v.status, 201u) << v.body;
  EXPECT_NE(v.body.find("function:f:1"), std::string::npos);
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/f/policy").status, 404u);
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/f/policy?Qualifier=1").status, 200u);
  auto latest = h.Call(Verb::post, "/2015-03-31/functions/f/policy?Qualifier=%24LATEST",
                       R"({"StatementId":"x","Action":"lambda:InvokeFunction","Principal":"*"})");
  EXPECT_EQ(latest.json().as_object()["message"], "We currently do not support adding policies for $LATEST.");
  auto alias = h.Call(Verb::post, "/2015-03-31/functions/f/policy?Qualifier=nope",
                      R"({"StatementId":"x","Action":"lambda:InvokeFunction","Principal":"*"})");
  EXPECT_EQ(Str(alias.json().as_object()["Message"]), "Cannot find alias arn: " + std::string(kArn) + "f:nope");
}

TEST(TagOperations, RoundTripAndErrors) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("f", HandlerZip(), R"(,"Tags":{"a":"1"})").status, 201u);
  std::string resource = "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af";
  EXPECT_EQ(h.Call(Verb::post, resource, R"({"Tags":{"b":"2","c":"3"}})").status, 204u);
  EXPECT_EQ(h.Call(Verb::delete_, resource + "?tagKeys=a&tagKeys=c").status, 204u);
  auto tags = h.Call(Verb::get, resource).json().as_object();
  EXPECT_EQ(boost::json::serialize(tags), R"({"Tags":{"b":"2"}})");
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/f").json().as_object()["Tags"].as_object()["b"], "2");
  EXPECT_EQ(h.Call(Verb::get, resource + "%3A1").error_type(), "InvalidParameterValueException");
  EXPECT_EQ(h.Call(Verb::get, "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Anope").status, 404u);
  EXPECT_EQ(h.Call(Verb::delete_, resource).error_type(), "ValidationException");
  std::string many = "{\"Tags\":{";
  for (int i = 0; i < 50; ++i) many += (i ? "," : "") + std::string("\"k") + std::to_string(i) + "\":\"v\"";
  many += "}}";
  EXPECT_EQ(h.Call(Verb::post, resource, many).json().as_object()["message"], "Number of tags exceeds function tag limit.");
}

}  // namespace
}  // namespace cloudlet::lambda::testing
