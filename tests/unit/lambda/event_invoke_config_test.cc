// Put/Get/Update/Delete/ListFunctionEventInvokeConfigs and InvokeAsync
// through the service: shapes, merge versus replace, paging and Lambda's errors.
#include <atomic>
#include <chrono>
#include <thread>

#include "lambda_test_util.h"

namespace cloudlet::lambda::testing {
namespace {

using http::Verb;
constexpr const char* kConfig = "/2019-09-25/functions/echo/event-invoke-config";
constexpr const char* kArn = "arn:aws:lambda:us-east-1:123456789012:function:echo";

std::string Message(const Answer& a) {
  auto o = a.json().as_object();
  return S(o.contains("Message") ? o["Message"] : o["message"]);
}

TEST(EventInvokeConfig, PutGetAndReplace) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  ASSERT_EQ(h.Create("sink").status, 201u);
  auto put = h.Call(Verb::put, kConfig,
                    R"({"MaximumRetryAttempts":1,"MaximumEventAgeInSeconds":120,)"
                    R"("DestinationConfig":{"OnFailure":{"Destination":"arn:aws:lambda:us-east-1:123456789012:function:sink"}}})");
  ASSERT_EQ(put.status, 200u) << put.body;
  auto o = put.json().as_object();
  EXPECT_EQ(S(o["FunctionArn"]), std::string(kArn) + ":$LATEST");
  EXPECT_EQ(o["MaximumRetryAttempts"].as_int64(), 1);
  EXPECT_EQ(o["MaximumEventAgeInSeconds"].as_int64(), 120);
  EXPECT_TRUE(o["LastModified"].is_number());
  EXPECT_GT(o["LastModified"].to_number<double>(), 1.6e9);
  EXPECT_EQ(S(o["DestinationConfig"].as_object()["OnFailure"].as_object()["Destination"]),
            "arn:aws:lambda:us-east-1:123456789012:function:sink");
  EXPECT_TRUE(o["DestinationConfig"].as_object()["OnSuccess"].as_object().empty());

  auto get = h.Call(Verb::get, kConfig);
  ASSERT_EQ(get.status, 200u);
  EXPECT_EQ(get.json().as_object()["MaximumEventAgeInSeconds"].as_int64(), 120);

  // Put replaces: members left out are gone.
  ASSERT_EQ(h.Call(Verb::put, kConfig, R"({"MaximumRetryAttempts":0})").status, 200u);
  auto after = h.Call(Verb::get, std::string(kConfig) + "?Qualifier=%24LATEST").json().as_object();
  EXPECT_EQ(after["MaximumRetryAttempts"].as_int64(), 0);
  EXPECT_FALSE(after.contains("MaximumEventAgeInSeconds"));
  EXPECT_FALSE(after["DestinationConfig"].as_object()["OnFailure"].as_object().contains("Destination"));
}

TEST(EventInvokeConfig, UpdateMergesAndNeedsAConfig) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  auto missing = h.Call(Verb::post, kConfig, R"({"MaximumRetryAttempts":0})");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.error_type(), "ResourceNotFoundException");
  EXPECT_EQ(Message(missing), std::string("The function ") + kArn + ":$LATEST doesn't have an EventInvokeConfig");
  ASSERT_EQ(h.Call(Verb::put, kConfig, R"({"MaximumRetryAttempts":2,"MaximumEventAgeInSeconds":60})").status, 200u);
  auto update = h.Call(Verb::post, kConfig, R"({"MaximumRetryAttempts":0})");
  ASSERT_EQ(update.status, 200u) << update.body;
  auto o = h.Call(Verb::get, kConfig).json().as_object();
  EXPECT_EQ(o["MaximumRetryAttempts"].as_int64(), 0);
  EXPECT_EQ(o["MaximumEventAgeInSeconds"].as_int64(), 60);
}

TEST(EventInvokeConfig, DeleteAndErrors) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  auto get = h.Call(Verb::get, kConfig);
  EXPECT_EQ(get.status, 404u);
  EXPECT_EQ(Message(get), std::string("The function ") + kArn + ":$LATEST doesn't have an EventInvokeConfig");
  ASSERT_EQ(h.Call(Verb::put, kConfig, R"({"MaximumRetryAttempts":1})").status, 200u);
  auto del = h.Call(Verb::delete_, kConfig);
  EXPECT_EQ(del.status, 204u);
  EXPECT_TRUE(del.body.empty());
  EXPECT_EQ(h.Call(Verb::delete_, kConfig).status, 404u);
  EXPECT_EQ(h.Call(Verb::get, kConfig).status, 404u);

  auto nothing = h.Call(Verb::put, kConfig, "{}");
  EXPECT_EQ(nothing.status, 400u);
  EXPECT_EQ(nothing.error_type(), "InvalidParameterValueException");
  EXPECT_EQ(Message(nothing), "You must specify at least one of error handling or destination setting.");

  auto no_function = h.Call(Verb::put, "/2019-09-25/functions/nope/event-invoke-config", R"({"MaximumRetryAttempts":1})");
  EXPECT_EQ(no_function.status, 404u);
  EXPECT_EQ(Message(no_function), "The function doesn't exist.");

  auto retries = h.Call(Verb::put, kConfig, R"({"MaximumRetryAttempts":3})");
  EXPECT_EQ(retries.status, 400u);
  EXPECT_EQ(retries.error_type(), "ValidationException");
  EXPECT_EQ(Message(retries), "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy "
                              "constraint: Member must have value less than or equal to 2");
  auto age = h.Call(Verb::put, kConfig, R"({"MaximumEventAgeInSeconds":59})");
  EXPECT_EQ(age.status, 400u);
  EXPECT_EQ(Message(age), "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy "
                          "constraint: Member must have value greater than or equal to 60");

  auto self = h.Call(Verb::put, kConfig, std::string(R"({"DestinationConfig":{"OnSuccess":{"Destination":")") + kArn + "\"}}}");
  EXPECT_EQ(self.status, 400u);
  EXPECT_EQ(Message(self), "You can't specify the function as a destination for itself.");
  auto absent = h.Call(Verb::put, kConfig,
                       R"({"DestinationConfig":{"OnSuccess":{"Destination":"arn:aws:lambda:us-east-1:123456789012:function:gone"}}})");
  EXPECT_EQ(absent.status, 400u);
  EXPECT_EQ(Message(absent), "The destination ARN arn:aws:lambda:us-east-1:123456789012:function:gone is invalid.");
  auto iam = h.Call(Verb::put, kConfig,
                    R"({"DestinationConfig":{"OnFailure":{"Destination":"arn:aws:iam:us-east-1:123456789012:role/x"}}})");
  EXPECT_EQ(iam.status, 400u);
  EXPECT_EQ(Message(iam), "The provided destination config DestinationConfig(onSuccess=null, "
                          "onFailure=OnFailure(destination=arn:aws:iam:us-east-1:123456789012:role/x)) is invalid.");
  auto pattern = h.Call(Verb::put, kConfig, R"({"DestinationConfig":{"OnFailure":{"Destination":"not-an-arn"}}})");
  EXPECT_EQ(pattern.status, 400u);
  EXPECT_EQ(pattern.error_type(), "ValidationException");
  auto sqs = h.Call(Verb::put, kConfig,
                    R"({"DestinationConfig":{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:123456789012:dlq"}}})");
  EXPECT_EQ(sqs.status, 200u);  // stored and reported, though cloudlet cannot deliver to SQS yet

  auto conflict = h.Call(Verb::get, "/2019-09-25/functions/echo:%24LATEST/event-invoke-config?Qualifier=live");
  EXPECT_EQ(conflict.status, 400u);
  EXPECT_EQ(conflict.error_type(), "InvalidParameterValueException");
}

TEST(EventInvokeConfig, ListPagesInQualifierOrder) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  auto none = h.Call(Verb::get, std::string(kConfig) + "/list");
  ASSERT_EQ(none.status, 200u);
  EXPECT_TRUE(none.json().as_object()["FunctionEventInvokeConfigs"].as_array().empty());
  ASSERT_EQ(h.Call(Verb::put, kConfig, R"({"MaximumRetryAttempts":1})").status, 200u);
  auto page = h.Call(Verb::get, std::string(kConfig) + "/list?MaxItems=1");
  ASSERT_EQ(page.status, 200u) << page.body;
  auto o = page.json().as_object();
  ASSERT_EQ(o["FunctionEventInvokeConfigs"].as_array().size(), 1u);
  EXPECT_EQ(S(o["FunctionEventInvokeConfigs"].as_array()[0].as_object()["FunctionArn"]), std::string(kArn) + ":$LATEST");
  EXPECT_FALSE(o.contains("NextMarker"));
  EXPECT_EQ(h.Call(Verb::get, std::string(kConfig) + "/list?MaxItems=51").status, 400u);
  EXPECT_EQ(h.Call(Verb::get, std::string(kConfig) + "/list?MaxItems=0").status, 400u);
  auto missing = h.Call(Verb::get, "/2019-09-25/functions/nope/event-invoke-config/list");
  EXPECT_EQ(missing.status, 404u);
}

TEST(EventInvokeConfig, PerVersionConfigsAndPaging) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  auto published = h.Call(Verb::post, "/2015-03-31/functions/echo/versions", "{}");
  ASSERT_EQ(published.status, 201u) << published.body;
  ASSERT_EQ(h.Call(Verb::put, kConfig, R"({"MaximumRetryAttempts":1})").status, 200u);
  auto v1 = h.Call(Verb::put, std::string(kConfig) + "?Qualifier=1", R"({"MaximumRetryAttempts":0})");
  ASSERT_EQ(v1.status, 200u) << v1.body;
  EXPECT_EQ(S(v1.json().as_object()["FunctionArn"]), std::string(kArn) + ":1");
  auto shorthand = h.Call(Verb::get, "/2019-09-25/functions/echo:1/event-invoke-config");
  ASSERT_EQ(shorthand.status, 200u);
  EXPECT_EQ(shorthand.json().as_object()["MaximumRetryAttempts"].as_int64(), 0);
  EXPECT_EQ(h.Call(Verb::put, std::string(kConfig) + "?Qualifier=7", R"({"MaximumRetryAttempts":0})").status, 404u);

  auto first = h.Call(Verb::get, std::string(kConfig) + "/list?MaxItems=1").json().as_object();
  ASSERT_EQ(first["FunctionEventInvokeConfigs"].as_array().size(), 1u);
  ASSERT_TRUE(first.contains("NextMarker"));
  auto second = h.Call(Verb::get, std::string(kConfig) + "/list?MaxItems=1&Marker=" + S(first["NextMarker"])).json().as_object();
  ASSERT_EQ(second["FunctionEventInvokeConfigs"].as_array().size(), 1u);
  EXPECT_FALSE(second.contains("NextMarker"));
  EXPECT_NE(S(first["FunctionEventInvokeConfigs"].as_array()[0].as_object()["FunctionArn"]),
            S(second["FunctionEventInvokeConfigs"].as_array()[0].as_object()["FunctionArn"]));
}

TEST(InvokeAsyncOperation, QueuesTheEventAndAnswers202) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  auto ran = std::make_shared<std::atomic<int>>(0);
  h.invoker().answer = [ran](const FunctionSpec&, const InvokeRequest& r) -> aws::Result<InvokeResult> {
    ++*ran;
    return InvokeResult{.payload = r.payload};
  };
  auto a = h.Call(Verb::post, "/2014-11-13/functions/echo/invoke-async/", R"({"legacy":true})");
  ASSERT_EQ(a.status, 202u) << a.body;
  EXPECT_EQ(a.json().as_object()["Status"].as_int64(), 202);
  for (int i = 0; i < 500 && ran->load() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(ran->load(), 1);
  EXPECT_EQ(h.invoker().calls[0].request.payload, R"({"legacy":true})");

  auto missing = h.Call(Verb::post, "/2014-11-13/functions/nope/invoke-async/", "{}");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(Message(missing), "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope");
  auto bad = h.Call(Verb::post, "/2014-11-13/functions/echo/invoke-async/", "{oops");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(bad.error_type(), "InvalidRequestContentException");
}

TEST(MakeLambdaInvokeAsync, QueuesByNameOrArnAndFailsCleanlyAfterShutdown) {
  auto store = storage::OpenStore({.in_memory = true}).store;
  auto root = std::filesystem::temp_directory_path() / ("lambda-async-" + std::to_string(::getpid()));
  auto invoker = std::make_unique<FakeInvoker>();
  auto ran = std::make_shared<std::atomic<int>>(0);
  invoker->answer = [ran](const FunctionSpec&, const InvokeRequest& r) -> aws::Result<InvokeResult> {
    ++*ran;
    return InvokeResult{.payload = r.payload};
  };
  Lambda lambda = MakeLambda(*store, aws::ServiceEnvironment{.region = "us-east-1", .account_id = "123456789012"},
                             LambdaOptions{.code_root = root.string(), .invoker = std::move(invoker)});
  {
    http::Request request{Verb::post, "/2015-03-31/functions", 11};
    request.body() = R"({"FunctionName":"echo","Runtime":"python3.12","Role":"arn:aws:iam::123456789012:role/r",)"
                     R"("Handler":"app.handler","Code":{"ZipFile":")" + Base64Encode(HandlerZip()) + "\"}}";
    struct Sink final : http::ResponseSink {
      unsigned status = 0;
      void Respond(http::Response&& r) override { status = r.result_int(); }
    };
    auto sink = std::make_shared<Sink>();
    http::RequestContext ctx;
    ctx.region = "us-east-1";
    lambda.service->Handle(request, ctx, http::Responder(sink));
    ASSERT_EQ(sink->status, 201u);
  }
  EXPECT_TRUE(lambda.invoke_async("echo", R"({"by":"name"})").ok());
  EXPECT_TRUE(lambda.invoke_async("arn:aws:lambda:us-east-1:123456789012:function:echo", "").ok());
  auto missing = lambda.invoke_async("nope", "{}");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
  auto other_region = lambda.invoke_async("arn:aws:lambda:eu-west-1:123456789012:function:echo", "{}");
  EXPECT_FALSE(other_region.ok());
  for (int i = 0; i < 500 && ran->load() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(ran->load(), 2);
  lambda.service.reset();
  auto late = lambda.invoke_async("echo", "{}");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, "ServiceException");
  std::error_code ec;
  std::filesystem::remove_all(root, ec);
}

}  // namespace
}  // namespace cloudlet::lambda::testing
