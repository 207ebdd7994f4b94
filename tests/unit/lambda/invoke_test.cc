// Invoke's wire format over a fake Invoker: invocation types, headers,
// function errors, log tails, payload caps, deferred (asynchronous) answers.
#include <atomic>
#include <chrono>
#include <thread>

#include "lambda_test_util.h"

namespace cloudlet::lambda::testing {
namespace {

using http::Verb;
constexpr const char* kInvoke = "/2015-03-31/functions/echo/invocations";

TEST(Invoke, RequestResponseReturnsPayloadAndVersion) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  auto a = h.Call(Verb::post, kInvoke, R"({"x":1})");
  ASSERT_EQ(a.status, 200u) << a.body;
  EXPECT_EQ(a.body, R"({"x":1})");
  EXPECT_EQ(a.header("X-Amz-Executed-Version"), "$LATEST");
  EXPECT_TRUE(a.header("X-Amz-Function-Error").empty());
  EXPECT_TRUE(a.header("X-Amz-Log-Result").empty());
  ASSERT_EQ(h.invoker().calls.size(), 1u);
  const auto& call = h.invoker().calls[0];
  EXPECT_EQ(call.function.name, "echo");
  EXPECT_EQ(call.function.arn, "arn:aws:lambda:us-east-1:123456789012:function:echo");
  EXPECT_EQ(call.function.runtime, "python3.12");
  EXPECT_EQ(call.function.handler, "app.handler");
  EXPECT_EQ(call.function.timeout_seconds, 3);
  EXPECT_FALSE(call.function.revision.empty());
  EXPECT_EQ(call.request.request_id, "req-2");  // the invocation id is the request id
  EXPECT_FALSE(call.request.tail_logs);
}

TEST(Invoke, ExecutedVersionIsTheVersionThatRan) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  // The header comes from the function that ran, not from what the invoker reports.
  h.invoker().answer = [](const FunctionSpec&, const InvokeRequest&) -> aws::Result<InvokeResult> {
    return InvokeResult{.payload = "{}", .executed_version = "bogus"};
  };
  auto a = h.Call(Verb::post, kInvoke, "{}");
  ASSERT_EQ(a.status, 200u);
  EXPECT_EQ(a.header("X-Amz-Executed-Version"), h.invoker().calls[0].function.version);
  EXPECT_EQ(a.header("X-Amz-Executed-Version"), "$LATEST");
}

TEST(Invoke, EmptyPayloadIsAnEmptyObject) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  ASSERT_EQ(h.Call(Verb::post, kInvoke).status, 200u);
  EXPECT_EQ(h.invoker().calls[0].request.payload, "{}");
}

TEST(Invoke, FunctionErrorAndLogTail) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  h.invoker().answer = [](const FunctionSpec&, const InvokeRequest&) -> aws::Result<InvokeResult> {
    return InvokeResult{.payload = R"({"errorMessage":"boom","errorType":"ValueError","stackTrace":[]})",
                        .function_error = "Unhandled",
                        .log_tail = std::string(5000, 'a') + "END"};
  };
  auto a = h.Call(Verb::post, kInvoke, "{}", {{"X-Amz-Log-Type", "Tail"}});
  ASSERT_EQ(a.status, 200u);
  EXPECT_EQ(a.header("X-Amz-Function-Error"), "Unhandled");
  auto log = Base64Decode(a.header("X-Amz-Log-Result"));
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 4096u);
  EXPECT_TRUE(log->ends_with("END"));
  EXPECT_TRUE(h.invoker().calls[0].request.tail_logs);
}

TEST(Invoke, InvokerErrorsAreRenderedAsLambdaErrors) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  h.invoker().answer = [](const FunctionSpec&, const InvokeRequest&) -> aws::Result<InvokeResult> {
    return aws::AwsError::Make(429, "TooManyRequestsException", "Rate Exceeded.");
  };
  auto a = h.Call(Verb::post, kInvoke, "{}");
  EXPECT_EQ(a.status, 429u);
  EXPECT_EQ(a.error_type(), "TooManyRequestsException");
  EXPECT_EQ(S(a.json().as_object()["Type"]), "User");
}

TEST(Invoke, AnswersLaterFromTheInvokersCallback) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  h.invoker().defer = true;  // the harness completes the deferred callback after Handle returned
  auto a = h.Call(Verb::post, kInvoke, R"("late")");
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(a.body, R"("late")");
}

TEST(Invoke, EventIs202AndDryRunIs204) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  // The event runs on the queue's dispatcher thread: count through the fake's answer.
  auto ran = std::make_shared<std::atomic<int>>(0);
  h.invoker().answer = [ran](const FunctionSpec&, const InvokeRequest& r) -> aws::Result<InvokeResult> {
    ++*ran;
    return InvokeResult{.payload = r.payload};
  };
  auto event = h.Call(Verb::post, kInvoke, R"({"e":1})", {{"X-Amz-Invocation-Type", "Event"}});
  EXPECT_EQ(event.status, 202u);
  EXPECT_TRUE(event.body.empty());
  for (int i = 0; i < 500 && ran->load() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(ran->load(), 1);
  EXPECT_EQ(h.invoker().calls[0].request.payload, R"({"e":1})");
  EXPECT_EQ(h.invoker().calls[0].request.request_id, event.header("x-amzn-RequestId"));
  auto dry = h.Call(Verb::post, kInvoke, "{}", {{"X-Amz-Invocation-Type", "DryRun"}});
  EXPECT_EQ(dry.status, 204u);
  EXPECT_EQ(ran->load(), 1);  // DryRun runs nothing
  auto missing = h.Call(Verb::post, "/2015-03-31/functions/nope/invocations", "{}",
                        {{"X-Amz-Invocation-Type", "DryRun"}});
  EXPECT_EQ(missing.status, 404u);
}

TEST(Invoke, ErrorsBeforeRunning) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  auto missing = h.Call(Verb::post, "/2015-03-31/functions/nope/invocations", "{}");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(S(missing.json().as_object()["Message"]),
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope");
  auto version = h.Call(Verb::post, std::string(kInvoke) + "?Qualifier=3", "{}");
  EXPECT_EQ(version.status, 404u);
  auto not_json = h.Call(Verb::post, kInvoke, "{oops");
  EXPECT_EQ(not_json.status, 400u);
  EXPECT_EQ(not_json.error_type(), "InvalidRequestContentException");
  auto too_big = h.Call(Verb::post, kInvoke, "\"" + std::string(6291456, 'a') + "\"");
  EXPECT_EQ(too_big.status, 413u);
  EXPECT_EQ(S(too_big.json().as_object()["message"]),
            "Request must be smaller than 6291456 bytes for the InvokeFunction operation");
  auto big_event = h.Call(Verb::post, kInvoke, "\"" + std::string(1048576, 'a') + "\"",
                          {{"X-Amz-Invocation-Type", "Event"}});
  EXPECT_EQ(big_event.status, 413u);
  auto bad_type = h.Call(Verb::post, kInvoke, "{}", {{"X-Amz-Invocation-Type", "Sometimes"}});
  EXPECT_EQ(bad_type.status, 400u);
  EXPECT_TRUE(h.invoker().calls.empty());
}

TEST(Invoke, OversizedResponseBecomesAFunctionError) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  h.invoker().answer = [](const FunctionSpec&, const InvokeRequest&) -> aws::Result<InvokeResult> {
    return InvokeResult{.payload = std::string(6291557, 'x')};
  };
  auto a = h.Call(Verb::post, kInvoke, "{}");
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(a.header("X-Amz-Function-Error"), "Unhandled");
  EXPECT_EQ(S(a.json().as_object()["errorType"]), "Function.ResponseSizeTooLarge");
}

TEST(Invoke, UpdatedConfigurationReachesTheInvoker) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  ASSERT_EQ(h.Call(Verb::post, kInvoke, "{}").status, 200u);
  std::string before = h.invoker().calls.back().function.revision;
  ASSERT_EQ(h.Call(Verb::put, "/2015-03-31/functions/echo/configuration",
                   R"({"Timeout":30,"MemorySize":512,"Environment":{"Variables":{"STAGE":"dev"}}})").status, 200u);
  ASSERT_EQ(h.Call(Verb::post, kInvoke, "{}").status, 200u);
  const auto& spec = h.invoker().calls.back().function;
  EXPECT_NE(spec.revision, before);
  EXPECT_EQ(spec.timeout_seconds, 30);
  EXPECT_EQ(spec.memory_mb, 512);
  EXPECT_EQ(spec.environment.at("STAGE"), "dev");
}

}  // namespace
}  // namespace cloudlet::lambda::testing
