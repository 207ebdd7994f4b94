// CreateFunction, GetFunction(Configuration), ListFunctions, Update*,
// DeleteFunction driven through Handle, with Lambda's errors.
#include <filesystem>
#include <fstream>

#include "lambda_test_util.h"

namespace cloudlet::lambda::testing {
namespace {

using http::Verb;
constexpr std::string_view kArn = "arn:aws:lambda:us-east-1:123456789012:function:";

TEST(ControlPlane, CreateAnswers201WithPendingStateAndCodeFacts) {
  LambdaHarness h;
  std::string zip = HandlerZip();
  auto a = h.Create("echo", zip);
  ASSERT_EQ(a.status, 201u) << a.body;
  auto c = a.json().as_object();
  EXPECT_EQ(c["FunctionName"], "echo");
  EXPECT_EQ(S(c["FunctionArn"]), std::string(kArn) + "echo");
  EXPECT_EQ(c["Runtime"], "python3.12");
  EXPECT_EQ(c["Handler"], "app.handler");
  EXPECT_EQ(c["State"], "Pending");
  EXPECT_EQ(c["StateReasonCode"], "Creating");
  EXPECT_EQ(c["Version"], "$LATEST");
  EXPECT_EQ(c["MemorySize"], 128);
  EXPECT_EQ(c["Timeout"], 3);
  EXPECT_EQ(c["CodeSize"], static_cast<int64_t>(zip.size()));
  EXPECT_EQ(c["PackageType"], "Zip");
  EXPECT_EQ(c["CodeSha256"].as_string().size(), 44u);
  EXPECT_TRUE(std::string(c["LastModified"].as_string()).ends_with("+0000"));
  EXPECT_EQ(a.header("Content-Type"), "application/json");
}

TEST(ControlPlane, GetFunctionIsActiveSoWaitersReturnAtOnce) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  auto a = h.Call(Verb::get, "/2015-03-31/functions/echo");
  ASSERT_EQ(a.status, 200u) << a.body;
  auto o = a.json().as_object();
  EXPECT_EQ(o["Configuration"].as_object()["State"], "Active");
  EXPECT_EQ(o["Configuration"].as_object()["LastUpdateStatus"], "Successful");
  EXPECT_EQ(o["Code"].as_object()["RepositoryType"], "S3");
  auto cfg = h.Call(Verb::get, "/2015-03-31/functions/echo/configuration");
  ASSERT_EQ(cfg.status, 200u);
  EXPECT_EQ(cfg.json().as_object()["State"], "Active");
}

TEST(ControlPlane, FunctionNameMayBeArnOrPartialArn) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aecho").status, 200u);
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/123456789012:function:echo").status, 200u);
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/echo:$LATEST").status, 200u);
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/echo?Qualifier=%24LATEST").status, 200u);
}

TEST(ControlPlane, UnknownFunctionIs404WithLambdaWording) {
  LambdaHarness h;
  auto a = h.Call(Verb::get, "/2015-03-31/functions/missing");
  EXPECT_EQ(a.status, 404u);
  EXPECT_EQ(a.error_type(), "ResourceNotFoundException");
  auto o = a.json().as_object();
  EXPECT_EQ(o["Type"], "User");
  EXPECT_EQ(S(o["Message"]), "Function not found: " + std::string(kArn) + "missing");
  auto v = h.Call(Verb::get, "/2015-03-31/functions/missing:7/configuration");
  EXPECT_EQ(S(v.json().as_object()["Message"]), "Function not found: " + std::string(kArn) + "missing:7");
}

TEST(ControlPlane, DuplicateIs409) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("echo").status, 201u);
  auto a = h.Create("echo");
  EXPECT_EQ(a.status, 409u);
  EXPECT_EQ(a.error_type(), "ResourceConflictException");
  EXPECT_EQ(a.json().as_object()["message"], "Function already exist: echo");
}

TEST(ControlPlane, ValidationOfConfiguration) {
  LambdaHarness h;
  auto memory = h.Create("f", HandlerZip(), R"(,"MemorySize":64)");
  EXPECT_EQ(memory.status, 400u);
  EXPECT_EQ(memory.error_type(), "ValidationException");
  EXPECT_EQ(memory.json().as_object()["message"],
            "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have "
            "value greater than or equal to 128");
  EXPECT_EQ(h.Create("f", HandlerZip(), R"(,"Timeout":901)").error_type(), "ValidationException");
  auto runtime = h.Call(Verb::post, "/2015-03-31/functions",
                        R"({"FunctionName":"f","Runtime":"python2.7","Role":"arn:aws:iam::123456789012:role/r",)"
                        R"("Handler":"a.b","Code":{"ZipFile":")" + Base64Encode(HandlerZip()) + "\"}}");
  EXPECT_EQ(runtime.error_type(), "InvalidParameterValueException");
  auto bad_runtime = h.Call(Verb::post, "/2015-03-31/functions",
                            R"({"FunctionName":"f","Runtime":"cobol","Role":"arn:aws:iam::123456789012:role/r",)"
                            R"("Handler":"a.b","Code":{"ZipFile":")" + Base64Encode(HandlerZip()) + "\"}}");
  EXPECT_EQ(bad_runtime.error_type(), "ValidationException");
  auto role = h.Call(Verb::post, "/2015-03-31/functions",
                     R"({"FunctionName":"f","Runtime":"python3.12","Role":"not-a-role","Handler":"a.b",)"
                     R"("Code":{"ZipFile":")" + Base64Encode(HandlerZip()) + "\"}}");
  EXPECT_EQ(role.error_type(), "ValidationException");
  auto no_handler = h.Call(Verb::post, "/2015-03-31/functions",
                           R"({"FunctionName":"f","Runtime":"python3.12","Role":"arn:aws:iam::123456789012:role/r",)"
                           R"("Code":{"ZipFile":")" + Base64Encode(HandlerZip()) + "\"}}");
  EXPECT_EQ(no_handler.error_type(), "InvalidParameterValueException");
  EXPECT_EQ(no_handler.json().as_object()["message"],
            "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  auto bad_name = h.Create("bad name");
  EXPECT_EQ(bad_name.error_type(), "ValidationException");
  auto reserved = h.Create("f", HandlerZip(), R"(,"Environment":{"Variables":{"AWS_REGION":"x"}})");
  EXPECT_EQ(reserved.error_type(), "InvalidParameterValueException");
  auto not_json = h.Call(Verb::post, "/2015-03-31/functions", "{nope");
  EXPECT_EQ(not_json.error_type(), "InvalidRequestContentException");
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/f").status, 404u);  // nothing was created
}

TEST(ControlPlane, ProvidedRuntimeNeedsNoHandler) {
  LambdaHarness h;
  auto a = h.Call(Verb::post, "/2015-03-31/functions",
                  R"({"FunctionName":"sh","Runtime":"provided.al2023","Role":"arn:aws:iam::123456789012:role/r",)"
                  R"("Code":{"ZipFile":")" + Base64Encode(MakeZip({{"bootstrap", "#!/bin/sh\n", 0755}})) + "\"}}");
  EXPECT_EQ(a.status, 201u) << a.body;
}

TEST(ControlPlane, ListFunctionsPagesWithMarker) {
  LambdaHarness h;
  for (auto name : {"c", "a", "e", "b", "d"}) ASSERT_EQ(h.Create(name).status, 201u);
  std::vector<std::string> seen;
  std::string marker;
  int pages = 0;
  do {
    std::string target = "/2015-03-31/functions?MaxItems=2";
    if (!marker.empty()) target += "&Marker=" + marker;
    auto a = h.Call(Verb::get, target);
    ASSERT_EQ(a.status, 200u) << a.body;
    auto o = a.json().as_object();
    for (auto& f : o["Functions"].as_array()) {
      seen.emplace_back(f.as_object().at("FunctionName").as_string());
      EXPECT_FALSE(f.as_object().contains("State"));  // ListFunctions omits the lifecycle fields
    }
    marker = o.contains("NextMarker") ? std::string(o["NextMarker"].as_string()) : "";
    ++pages;
  } while (!marker.empty());
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(pages, 3);
}

TEST(ControlPlane, UpdateConfigurationChangesRevisionAndRetires) {
  LambdaHarness h;
  auto created = h.Create("f");
  std::string revision(created.json().as_object()["RevisionId"].as_string());
  auto a = h.Call(Verb::put, "/2015-03-31/functions/f/configuration",
                  R"({"MemorySize":256,"Timeout":10,"Handler":"app.other","Environment":{"Variables":{"KEY":"v"}}})");
  ASSERT_EQ(a.status, 200u) << a.body;
  auto o = a.json().as_object();
  EXPECT_EQ(o["MemorySize"], 256);
  EXPECT_EQ(o["Timeout"], 10);
  EXPECT_EQ(o["Handler"], "app.other");
  EXPECT_EQ(o["LastUpdateStatus"], "InProgress");
  EXPECT_EQ(o["Environment"].as_object()["Variables"].as_object()["KEY"], "v");
  EXPECT_NE(S(o["RevisionId"]), revision);
  EXPECT_EQ(h.invoker().retired, std::vector<std::string>{"f"});
  auto got = h.Call(Verb::get, "/2015-03-31/functions/f/configuration").json().as_object();
  EXPECT_EQ(got["MemorySize"], 256);
  EXPECT_EQ(got["LastUpdateStatus"], "Successful");
  auto stale = h.Call(Verb::put, "/2015-03-31/functions/f/configuration",
                      R"({"Timeout":5,"RevisionId":")" + revision + "\"}");
  EXPECT_EQ(stale.status, 412u);
  EXPECT_EQ(stale.error_type(), "PreconditionFailedException");
}

TEST(ControlPlane, UpdateCodeReplacesPackage) {
  LambdaHarness h;
  auto created = h.Create("f").json().as_object();
  std::string new_zip = HandlerZip("def handler(e, c):\n    return 42\n");
  auto a = h.Call(Verb::put, "/2015-03-31/functions/f/code", R"({"ZipFile":")" + Base64Encode(new_zip) + "\"}");
  ASSERT_EQ(a.status, 200u) << a.body;
  auto o = a.json().as_object();
  EXPECT_NE(o["CodeSha256"], created["CodeSha256"]);
  EXPECT_EQ(o["CodeSize"], static_cast<int64_t>(new_zip.size()));
  // Only the new package remains on disk.
  int packages = 0;
  for (auto& e : std::filesystem::directory_iterator(h.code_root() / "us-east-1" / "f")) {
    ++packages;
    EXPECT_TRUE(std::filesystem::exists(e.path() / "app.py"));
  }
  EXPECT_EQ(packages, 1);
}

TEST(ControlPlane, DeleteAnswers204ThenNotFound) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("f").status, 201u);
  auto a = h.Call(Verb::delete_, "/2015-03-31/functions/f");
  EXPECT_EQ(a.status, 204u);
  EXPECT_TRUE(a.body.empty());
  EXPECT_FALSE(std::filesystem::exists(h.code_root() / "us-east-1" / "f"));
  EXPECT_EQ(h.Call(Verb::delete_, "/2015-03-31/functions/f").status, 404u);
  EXPECT_EQ(h.Call(Verb::get, "/2015-03-31/functions/f").status, 404u);
}

TEST(ControlPlane, FunctionsArePerRegion) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("f").status, 201u);
  auto list = h.Call(Verb::get, "/2015-03-31/functions");
  EXPECT_EQ(list.json().as_object()["Functions"].as_array().size(), 1u);
}

TEST(ControlPlane, HotReloadUsesTheDirectoryInPlace) {
  LambdaHarness h;
  auto dir = std::filesystem::temp_directory_path() / ("hot-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "app.py") << "def handler(e, c):\n    return 1\n";
  auto a = h.Call(Verb::post, "/2015-03-31/functions",
                  R"({"FunctionName":"hot","Runtime":"python3.12","Role":"arn:aws:iam::123456789012:role/r",)"
                  R"("Handler":"app.handler","Code":{"S3Bucket":"hot-reload","S3Key":")" + dir.string() + "\"}}");
  ASSERT_EQ(a.status, 201u) << a.body;
  ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/hot/invocations", "{}").status, 200u);
  EXPECT_EQ(h.invoker().calls.back().function.code_dir, dir.string());
  std::string first = h.invoker().calls.back().function.revision;
  std::ofstream(dir / "extra.py") << "x = 1\n";
  ASSERT_EQ(h.Call(Verb::post, "/2015-03-31/functions/hot/invocations", "{}").status, 200u);
  EXPECT_NE(h.invoker().calls.back().function.revision, first);  // edits retire warm environments
  h.Call(Verb::delete_, "/2015-03-31/functions/hot");
  EXPECT_TRUE(std::filesystem::exists(dir / "app.py"));  // never deletes the user's directory
  std::filesystem::remove_all(dir);

  auto relative = h.Call(Verb::post, "/2015-03-31/functions",
                         R"({"FunctionName":"hot2","Runtime":"python3.12","Role":"arn:aws:iam::123456789012:role/r",)"
                         R"("Handler":"app.handler","Code":{"S3Bucket":"hot-reload","S3Key":"rel/dir"}})");
  EXPECT_EQ(relative.error_type(), "InvalidParameterValueException");
}

TEST(ControlPlane, UnknownRouteAndAccountSettings) {
  LambdaHarness h;
  auto a = h.Call(Verb::get, "/2015-03-31/nothing-here");
  EXPECT_EQ(a.status, 404u);
  EXPECT_EQ(a.error_type(), "UnknownOperationException");
  ASSERT_EQ(h.Create("f").status, 201u);
  auto s = h.Call(Verb::get, "/2016-08-19/account-settings");
  ASSERT_EQ(s.status, 200u);
  EXPECT_EQ(s.json().as_object()["AccountUsage"].as_object()["FunctionCount"], 1);
}

TEST(ControlPlane, ServiceShape) {
  LambdaHarness h;
  auto m = h.service().matchers();
  EXPECT_EQ(m.signing_names, std::vector<std::string>{"lambda"});
  EXPECT_NE(std::find(m.path_prefixes.begin(), m.path_prefixes.end(), "/2015-03-31/"), m.path_prefixes.end());
  http::Request header{Verb::post, "/2015-03-31/functions/f/invocations", 11};
  http::RequestContext ctx;
  auto big = h.service().BodyTooLarge(header, ctx);
  EXPECT_EQ(big.result_int(), 413u);
  EXPECT_EQ(std::string(big["X-Amzn-ErrorType"]), "RequestTooLargeException");
  EXPECT_NE(big.body().find("Request must be smaller than 6291456 bytes for the InvokeFunction operation"),
            std::string::npos);
  aws::sigv4::Failure failure{.kind = aws::sigv4::FailureKind::kUnknownAccessKey,
                              .message = "The security token included in the request is invalid."};
  auto denied = h.service().AuthFailed(failure, header, ctx);
  EXPECT_EQ(denied.result_int(), 403u);
  EXPECT_EQ(std::string(denied["X-Amzn-ErrorType"]), "UnrecognizedClientException");
}

}  // namespace
}  // namespace cloudlet::lambda::testing
