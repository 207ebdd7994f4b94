// v1 patch operations: JSON-pointer paths with ~1 escapes, the op enum and
// AWS's texts, and the UpdateStage paths (variables, access logs, method
// settings with "*/*" defaults).
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "apigateway/rest/patch.h"
#include "apigateway/rest/stage_records.h"

namespace cloudlet::apigateway::rest {
namespace {
namespace json = boost::json;

std::vector<PatchOp> Ops(std::string_view body) {
  auto ops = ReadPatchOperations(json::parse(body).as_object(), "updateStageInput");
  EXPECT_TRUE(ops.ok()) << (ops.ok() ? "" : ops.error().message);
  return ops.ok() ? *ops : std::vector<PatchOp>{};
}

TEST(PatchTest, PointersUnescape) {
  EXPECT_EQ(SplitPointer("/binaryMediaTypes/image~1png"), (std::vector<std::string>{"binaryMediaTypes", "image/png"}));
  EXPECT_EQ(SplitPointer("/a~0b/~1pets~1{id}/GET"), (std::vector<std::string>{"a~b", "/pets/{id}", "GET"}));
  EXPECT_TRUE(SplitPointer("/").empty());
  EXPECT_TRUE(SplitPointer("").empty());
  EXPECT_EQ(EscapePointerSegment("application/json"), "application~1json");
}

TEST(PatchTest, UnknownOpsAreValidationErrorsListingEachIndex) {
  auto ops = ReadPatchOperations(
      json::parse(R"({"patchOperations":[{"op":"wrong","path":"/a"},{"op":"replace","path":"/b"},{"op":"x","path":"/c"}]})")
          .as_object(),
      "updateRestApiInput");
  ASSERT_FALSE(ops.ok());
  EXPECT_EQ(ops.error().code, "ValidationException");
  EXPECT_EQ(ops.error().message,
            "2 validation errors detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op' failed "
            "to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; "
            "Value 'x' at 'updateRestApiInput.patchOperations.3.member.op' failed to satisfy constraint: Member "
            "must satisfy enum value set: [add, remove, move, test, replace, copy]");
  PatchOp op{"add", "/pathPart", std::nullopt, {}, {"pathPart"}};
  EXPECT_EQ(PatchOpNotSupported(op).message,
            "Invalid patch path  '/pathPart' specified for op 'add'. Please choose supported operations");
  op.op = "replace";
  op.path = "/invalid";
  EXPECT_EQ(PatchPathNotOneOf(op, "/parentId, /pathPart").message,
            "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]");
  EXPECT_EQ(InvalidPatchPath("").message, "Invalid patch path null");
}

TEST(StagePatchTest, VariablesAndAccessLogs) {
  json::object stage = NewStageRecord("dev");
  for (const auto& op : Ops(R"({"patchOperations":[
        {"op":"replace","path":"/variables/color","value":"blue"},
        {"op":"replace","path":"/description","value":"d"},
        {"op":"replace","path":"/tracingEnabled","value":"true"},
        {"op":"add","path":"/accessLogSettings/destinationArn","value":"arn:aws:logs:us-east-1:1:log-group:g"},
        {"op":"replace","path":"/accessLogSettings/format","value":"$context.requestId"}]})"))
    ASSERT_TRUE(ApplyStagePatch(stage, op).ok()) << op.path;
  EXPECT_EQ(stage.at("variables").as_object().at("color"), "blue");
  EXPECT_EQ(stage.at("description"), "d");
  EXPECT_EQ(stage.at("tracingEnabled"), true);
  EXPECT_EQ(stage.at("accessLogSettings").as_object().at("format"), "$context.requestId");
  auto fail = [&](std::string_view body) {
    auto ops = Ops(body);
    aws::Status st = ApplyStagePatch(stage, ops.at(0));
    EXPECT_FALSE(st.ok()) << body;
    return st.ok() ? std::string{} : st.error().message;
  };
  EXPECT_EQ(fail(R"({"patchOperations":[{"op":"replace","path":"/accessLogSettings/x","value":"v"}]})"),
            "Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, "
            "/accessLogSettings/format]");
  EXPECT_EQ(fail(R"({"patchOperations":[{"op":"replace","path":"/accessLogSettings/format","value":""}]})"),
            "Access Log value must not be empty");
  EXPECT_TRUE(fail(R"({"patchOperations":[{"op":"replace","path":"/documentation_version","value":"1"}]})")
                  .starts_with("Invalid method setting path: /documentation_version. Must be one of: [/deploymentId, "));
  for (const auto& op : Ops(R"({"patchOperations":[{"op":"remove","path":"/accessLogSettings"},
                                                   {"op":"remove","path":"/variables/color"}]})"))
    ASSERT_TRUE(ApplyStagePatch(stage, op).ok());
  EXPECT_FALSE(stage.contains("accessLogSettings"));
  EXPECT_FALSE(stage.contains("variables"));
  EXPECT_EQ(fail(R"({"patchOperations":[{"op":"remove","path":"/accessLogSettings/destinationArn"}]})"),
            "Cannot remove method setting accessLogSettings/destinationArn because there is no method setting for "
            "this method ");
}

TEST(StagePatchTest, MethodSettingsStartFromDefaultsOrTheWildcard) {
  json::object stage = NewStageRecord("s1");
  for (const auto& op : Ops(R"({"patchOperations":[
        {"op":"replace","path":"/*/*/throttling/burstLimit","value":"123"},
        {"op":"replace","path":"/*/*/caching/enabled","value":"true"},
        {"op":"replace","path":"/test/GET/throttling/burstLimit","value":"124"},
        {"op":"replace","path":"/~1pets~1{id}/ANY/throttling/rateLimit","value":"2.5"}]})"))
    ASSERT_TRUE(ApplyStagePatch(stage, op).ok()) << op.path;
  const json::object& settings = stage.at("methodSettings").as_object();
  const json::object& all = settings.at("*/*").as_object();
  EXPECT_EQ(all.at("throttlingBurstLimit"), 123);
  EXPECT_EQ(all.at("throttlingRateLimit"), 10000.0);
  EXPECT_EQ(all.at("cachingEnabled"), true);
  EXPECT_EQ(all.at("cacheTtlInSeconds"), 300);
  EXPECT_EQ(all.at("unauthorizedCacheControlHeaderStrategy"), "SUCCEED_WITH_RESPONSE_HEADER");
  const json::object& one = settings.at("test/GET").as_object();
  EXPECT_EQ(one.at("throttlingBurstLimit"), 124);
  EXPECT_EQ(one.at("cachingEnabled"), true);  // copied from */* when made
  EXPECT_EQ(settings.at("pets/{id}/ANY").as_object().at("throttlingRateLimit"), 2.5);
  EXPECT_EQ(MethodSettingFor(stage, "/test", "GET"), &one);
  EXPECT_EQ(MethodSettingFor(stage, "/other", "GET"), &all);
  EXPECT_EQ(MethodSettingFor(stage, "/pets/{id}", "ANY"), &settings.at("pets/{id}/ANY").as_object());
  auto remove = Ops(R"({"patchOperations":[{"op":"remove","path":"/*/*"},{"op":"remove","path":"/*/*"}]})");
  ASSERT_TRUE(ApplyStagePatch(stage, remove[0]).ok());
  aws::Status again = ApplyStagePatch(stage, remove[1]);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message,
            "Cannot remove method setting */* because there is no method setting for this method ");
  EXPECT_EQ(MethodSettingFor(stage, "/other", "GET"), nullptr);
}

}  // namespace
}  // namespace cloudlet::apigateway::rest
