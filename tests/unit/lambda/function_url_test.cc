// Function URLs over a fake Invoker: the configuration operations, the
// payload 2.0 event, the response rules, and the host's parsing.
#include "lambda/function_url.h"

#include "lambda_test_util.h"

namespace cloudlet::lambda::testing {
namespace {

using http::Verb;
constexpr const char* kUrl = "/2021-10-31/functions/web/url";

std::string UrlIdOf(const Answer& a) {
  std::string url = S(a.json().as_object().at("FunctionUrl"));
  return url.substr(7, url.find('.') - 7);  // after "http://"
}

Answer CallUrl(LambdaHarness& h, const std::string& id, Verb method, std::string target, std::string body = {},
               std::vector<std::pair<std::string, std::string>> headers = {}) {
  headers.emplace_back("Host", id + ".lambda-url.us-east-1.localhost:4566");
  return h.Call(method, std::move(target), std::move(body), std::move(headers));
}

TEST(FunctionUrlConfig, CreateGetUpdateListDelete) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("web").status, 201u);
  auto created = h.Call(Verb::post, kUrl, R"({"AuthType":"NONE","Cors":{"AllowOrigins":["*"],"MaxAge":60}})");
  ASSERT_EQ(created.status, 201u) << created.body;
  auto o = created.json().as_object();
  std::string id = UrlIdOf(created);
  EXPECT_EQ(id.size(), 32u);
  for (char c : id) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) << id;
  EXPECT_EQ(S(o["FunctionUrl"]), "http://" + id + ".lambda-url.us-east-1.localhost:4566/");
  EXPECT_EQ(S(o["FunctionArn"]), "arn:aws:lambda:us-east-1:123456789012:function:web");
  EXPECT_EQ(S(o["AuthType"]), "NONE");
  EXPECT_EQ(S(o["InvokeMode"]), "BUFFERED");
  EXPECT_EQ(S(o["Cors"].as_object()["MaxAge"]), "60");
  EXPECT_TRUE(S(o["CreationTime"]).ends_with("Z"));
  EXPECT_FALSE(o.contains("LastModifiedTime"));

  auto got = h.Call(Verb::get, kUrl);
  ASSERT_EQ(got.status, 200u);
  EXPECT_EQ(UrlIdOf(got), id);
  EXPECT_TRUE(got.json().as_object().contains("LastModifiedTime"));

  auto updated = h.Call(Verb::put, kUrl, R"({"AuthType":"AWS_IAM"})");
  ASSERT_EQ(updated.status, 200u) << updated.body;
  EXPECT_EQ(S(updated.json().as_object()["AuthType"]), "AWS_IAM");
  EXPECT_EQ(UrlIdOf(updated), id);  // the URL never changes
  EXPECT_TRUE(updated.json().as_object().contains("Cors"));  // kept when not given

  auto list = h.Call(Verb::get, "/2021-10-31/functions/web/urls");
  ASSERT_EQ(list.status, 200u);
  EXPECT_EQ(list.json().as_object()["FunctionUrlConfigs"].as_array().size(), 1u);

  EXPECT_EQ(h.Call(Verb::delete_, kUrl).status, 204u);
  auto gone = h.Call(Verb::get, kUrl);
  EXPECT_EQ(gone.status, 404u);
  EXPECT_EQ(gone.error_type(), "ResourceNotFoundException");
  EXPECT_EQ(S(gone.json().as_object()["Message"]), "The resource you requested does not exist.");
  EXPECT_EQ(h.Call(Verb::delete_, kUrl).status, 404u);
  EXPECT_EQ(h.Call(Verb::put, kUrl, R"({"AuthType":"NONE"})").status, 404u);
  list = h.Call(Verb::get, "/2021-10-31/functions/web/urls");
  EXPECT_TRUE(list.json().as_object()["FunctionUrlConfigs"].as_array().empty());
  // And the data plane forgets the id.
  EXPECT_EQ(CallUrl(h, id, Verb::get, "/").status, 403u);
}

TEST(FunctionUrlConfig, Errors) {
  LambdaHarness h;
  auto missing = h.Call(Verb::post, "/2021-10-31/functions/nope/url", R"({"AuthType":"NONE"})");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(S(missing.json().as_object()["Message"]),
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope");
  ASSERT_EQ(h.Create("web").status, 201u);
  auto bad = h.Call(Verb::post, kUrl, R"({"AuthType":"OPEN"})");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(bad.error_type(), "ValidationException");
  EXPECT_EQ(h.Call(Verb::post, kUrl, R"({})").error_type(), "ValidationException");
  EXPECT_EQ(h.Call(Verb::get, kUrl).status, 404u);
  ASSERT_EQ(h.Call(Verb::post, kUrl, R"({"AuthType":"NONE"})").status, 201u);
  auto again = h.Call(Verb::post, kUrl, R"({"AuthType":"NONE"})");
  EXPECT_EQ(again.status, 409u);
  EXPECT_EQ(again.error_type(), "ResourceConflictException");
  EXPECT_EQ(S(again.json().as_object()["message"]),
            "Failed to create function url config for [functionArn = "
            "arn:aws:lambda:us-east-1:123456789012:function:web]. Error message:  FunctionUrlConfig exists for "
            "this Lambda function");
}

TEST(FunctionUrlConfig, DeletingTheFunctionDeletesItsUrl) {
  LambdaHarness h;
  ASSERT_EQ(h.Create("web").status, 201u);
  auto created = h.Call(Verb::post, kUrl, R"({"AuthType":"NONE"})");
  std::string id = UrlIdOf(created);
  EXPECT_EQ(h.Call(Verb::delete_, "/2015-03-31/functions/web").status, 204u);
  ASSERT_EQ(h.Create("web").status, 201u);
  EXPECT_EQ(h.Call(Verb::get, kUrl).status, 404u);
  EXPECT_EQ(CallUrl(h, id, Verb::get, "/").status, 403u);
}

class FunctionUrlInvoke : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(h.Create("web").status, 201u);
    id = UrlIdOf(h.Call(Verb::post, kUrl, R"({"AuthType":"NONE"})"));
  }
  boost::json::object Event() { return boost::json::parse(h.invoker().calls.back().request.payload).as_object(); }
  LambdaHarness h;
  std::string id;
};

TEST_F(FunctionUrlInvoke, BuildsThePayload20Event) {
  h.invoker().answer = [](const FunctionSpec&, const InvokeRequest&) -> aws::Result<InvokeResult> {
    return InvokeResult{.payload = R"({"ok":true})"};
  };
  auto a = CallUrl(h, id, Verb::post, "/a/b?x=1&y=2&x=3&e=%20", R"({"k":"v"})",
                   {{"User-Agent", "curl/8"}, {"Cookie", "a=1; b=2"}, {"X-Multi", "one"}});
  ASSERT_EQ(a.status, 200u) << a.body;
  auto e = Event();
  EXPECT_EQ(S(e["version"]), "2.0");
  EXPECT_EQ(S(e["routeKey"]), "$default");
  EXPECT_EQ(S(e["rawPath"]), "/a/b");
  EXPECT_EQ(S(e["rawQueryString"]), "x=1&y=2&x=3&e=%20");
  EXPECT_EQ(S(e["cookies"]), R"(["a=1","b=2"])");
  auto headers = e["headers"].as_object();
  EXPECT_EQ(S(headers["user-agent"]), "curl/8");
  EXPECT_EQ(S(headers["x-multi"]), "one");
  EXPECT_EQ(S(headers["content-type"]), "application/json");
  EXPECT_FALSE(headers.contains("cookie"));
  auto qs = e["queryStringParameters"].as_object();
  EXPECT_EQ(S(qs["x"]), "1,3");
  EXPECT_EQ(S(qs["e"]), " ");
  auto rc = e["requestContext"].as_object();
  EXPECT_EQ(S(rc["accountId"]), "anonymous");
  EXPECT_EQ(S(rc["apiId"]), id);
  EXPECT_EQ(S(rc["domainPrefix"]), id);
  EXPECT_EQ(S(rc["domainName"]), id + ".lambda-url.us-east-1.localhost");
  EXPECT_EQ(S(rc["stage"]), "$default");
  EXPECT_EQ(S(rc["requestId"]), h.invoker().calls.back().request.request_id);
  EXPECT_TRUE(rc["timeEpoch"].is_int64());
  EXPECT_EQ(S(rc["time"]).size(), 26u);  // "12/Mar/2020:19:03:58 +0000"
  auto http_info = rc["http"].as_object();
  EXPECT_EQ(S(http_info["method"]), "POST");
  EXPECT_EQ(S(http_info["path"]), "/a/b");
  EXPECT_EQ(S(http_info["protocol"]), "HTTP/1.1");
  EXPECT_EQ(S(http_info["userAgent"]), "curl/8");
  EXPECT_EQ(S(e["body"]), R"({"k":"v"})");
  EXPECT_FALSE(e["isBase64Encoded"].as_bool());
  EXPECT_EQ(h.invoker().calls.back().function.name, "web");
  EXPECT_EQ(a.header("Content-Type"), "application/json");
  EXPECT_EQ(a.body, R"({"ok":true})");
}

TEST_F(FunctionUrlInvoke, BinaryBodiesArriveBase64) {
  auto a = CallUrl(h, id, Verb::put, "/", std::string("\x00\xff", 2), {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(a.status, 200u);
  auto e = Event();
  EXPECT_EQ(S(e["body"]), Base64Encode(std::string("\x00\xff", 2)));
  EXPECT_TRUE(e["isBase64Encoded"].as_bool());
  EXPECT_FALSE(e.contains("queryStringParameters"));
  CallUrl(h, id, Verb::get, "/");
  EXPECT_FALSE(Event().contains("body"));
}

TEST_F(FunctionUrlInvoke, StatusCodeResponses) {
  h.invoker().answer = [](const FunctionSpec&, const InvokeRequest&) -> aws::Result<InvokeResult> {
    return InvokeResult{.payload = R"({"statusCode":201,"headers":{"x-a":"b","content-type":"text/plain"},)"
                                   R"("cookies":["s=1; Path=/","t=2"],"body":"hi"})"};
  };
  auto a = CallUrl(h, id, Verb::get, "/");
  EXPECT_EQ(a.status, 201u);
  EXPECT_EQ(a.header("x-a"), "b");
  EXPECT_EQ(a.header("Content-Type"), "text/plain");
  EXPECT_EQ(a.body, "hi");
  int cookies = 0;
  for (const auto& f : a.response)
    if (f.name() == http::Field::set_cookie) ++cookies;
  EXPECT_EQ(cookies, 2);
  EXPECT_FALSE(a.header("x-amzn-RequestId").empty());

  h.invoker().answer = [](const FunctionSpec&, const InvokeRequest&) -> aws::Result<InvokeResult> {
    return InvokeResult{.payload = R"({"statusCode":"404","body":"aGk=","isBase64Encoded":true})"};
  };
  a = CallUrl(h, id, Verb::get, "/");
  EXPECT_EQ(a.status, 404u);
  EXPECT_EQ(a.body, "hi");
}

TEST_F(FunctionUrlInvoke, OtherValuesAreJson200) {
  for (std::string payload : {R"("text")", "42", R"({"a":1})", "null"}) {
    h.invoker().answer = [payload](const FunctionSpec&, const InvokeRequest&) -> aws::Result<InvokeResult> {
      return InvokeResult{.payload = payload};
    };
    auto a = CallUrl(h, id, Verb::get, "/");
    EXPECT_EQ(a.status, 200u) << payload;
    EXPECT_EQ(a.header("Content-Type"), "application/json");
    EXPECT_EQ(a.body, payload);
  }
}

TEST_F(FunctionUrlInvoke, FunctionErrorsAre502AndUnknownIdsAre403) {
  h.invoker().answer = [](const FunctionSpec&, const InvokeRequest&) -> aws::Result<InvokeResult> {
    return InvokeResult{.payload = R"({"errorMessage":"boom"})", .function_error = "Unhandled"};
  };
  auto a = CallUrl(h, id, Verb::get, "/");
  EXPECT_EQ(a.status, 502u);
  EXPECT_EQ(a.body, R"({"Message":"Internal Server Error"})");
  h.invoker().answer = [](const FunctionSpec&, const InvokeRequest&) -> aws::Result<InvokeResult> {
    return aws::AwsError::Make(500, "ServiceException", "runtime missing");
  };
  EXPECT_EQ(CallUrl(h, id, Verb::get, "/").status, 502u);

  std::size_t calls = h.invoker().calls.size();
  auto f = CallUrl(h, std::string(32, 'z'), Verb::get, "/");
  EXPECT_EQ(f.status, 403u);
  EXPECT_EQ(f.body, R"({"Message":"Forbidden"})");
  EXPECT_EQ(h.invoker().calls.size(), calls);
}

TEST_F(FunctionUrlInvoke, AnswersLaterFromTheInvokersCallback) {
  h.invoker().defer = true;
  auto a = CallUrl(h, id, Verb::post, "/", R"("late")");
  EXPECT_EQ(a.status, 200u);
  // The fake echoes its payload: the event, an object without statusCode, so 200 JSON.
  EXPECT_EQ(S(boost::json::parse(a.body).as_object()["body"]), R"("late")");
}

TEST_F(FunctionUrlInvoke, SignatureRequiredOnlyForAwsIamUrls) {
  http::Request r{Verb::get, "/", 11};
  r.set(http::Field::host, id + ".lambda-url.us-east-1.localhost:4566");
  EXPECT_FALSE(h.service().RequiresSignature(r));
  ASSERT_EQ(h.Call(Verb::put, kUrl, R"({"AuthType":"AWS_IAM"})").status, 200u);
  EXPECT_TRUE(h.service().RequiresSignature(r));
  r.set(http::Field::host, "localhost:4566");
  EXPECT_TRUE(h.service().RequiresSignature(r));
}

TEST(FunctionUrlHost, Parsing) {
  auto h = ParseUrlHost("abc123.lambda-url.eu-west-1.localhost:4566");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->url_id, "abc123");
  EXPECT_EQ(h->region, "eu-west-1");
  EXPECT_EQ(h->domain_name, "abc123.lambda-url.eu-west-1.localhost");
  EXPECT_TRUE(ParseUrlHost("ABC.Lambda-Url.us-east-1.localhost"));
  EXPECT_FALSE(ParseUrlHost("localhost:4566"));
  EXPECT_FALSE(ParseUrlHost("a.b.lambda-url.us-east-1.localhost"));
  EXPECT_FALSE(ParseUrlHost("lambda-url.us-east-1.localhost"));
  EXPECT_FALSE(ParseUrlHost("a.lambda-url.us-east-1.example.com"));
  EXPECT_TRUE(http::Router::HostMatches(kFunctionUrlHostPattern, "abc.lambda-url.us-east-1.localhost:1234"));
  EXPECT_TRUE(IsTextContentType("application/json; charset=utf-8"));
  EXPECT_TRUE(IsTextContentType("text/html"));
  EXPECT_TRUE(IsTextContentType("application/x-www-form-urlencoded"));
  EXPECT_FALSE(IsTextContentType("image/png"));
}

CorsConfig ExampleCors() {
  auto cors = ParseCors(R"({"AllowOrigins":["https://app.example.com"],"AllowMethods":["GET","POST"],)"
                        R"("AllowHeaders":["x-custom"],"ExposeHeaders":["x-total"],"MaxAge":300,"AllowCredentials":true})");
  EXPECT_TRUE(cors.has_value());
  return *cors;
}

http::Request Preflight(std::string_view origin, std::string_view method) {
  http::Request r{Verb::options, "/", 11};
  r.set(http::Field::origin, origin);
  r.set(http::Field::access_control_request_method, method);
  return r;
}

TEST(FunctionUrlCors, ParsesTheStoredConfig) {
  CorsConfig cors = ExampleCors();
  EXPECT_EQ(cors.allow_origins, std::vector<std::string>{"https://app.example.com"});
  EXPECT_EQ(cors.allow_methods, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_EQ(cors.max_age, 300);
  EXPECT_TRUE(cors.allow_credentials);
  EXPECT_FALSE(ParseCors("not json").has_value());
}

TEST(FunctionUrlCors, PreflightIsOptionsWithOriginAndRequestMethod) {
  EXPECT_TRUE(IsPreflight(Preflight("https://a", "GET")));
  http::Request plain{Verb::options, "/", 11};
  plain.set(http::Field::origin, "https://a");
  EXPECT_FALSE(IsPreflight(plain));
  http::Request get{Verb::get, "/", 11};
  get.set(http::Field::origin, "https://a");
  get.set(http::Field::access_control_request_method, "GET");
  EXPECT_FALSE(IsPreflight(get));
}

TEST(FunctionUrlCors, AllowedPreflightGetsEveryHeader) {
  auto res = CorsPreflight(ExampleCors(), Preflight("https://app.example.com", "POST"));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[http::Field::access_control_allow_origin], "https://app.example.com");
  EXPECT_EQ(res[http::Field::access_control_allow_methods], "GET,POST");
  EXPECT_EQ(res[http::Field::access_control_allow_headers], "x-custom");
  EXPECT_EQ(res[http::Field::access_control_allow_credentials], "true");
  EXPECT_EQ(res[http::Field::access_control_max_age], "300");
}

TEST(FunctionUrlCors, DisallowedOriginOrMethodGetsNoCorsHeaders) {
  for (auto [origin, method] : {std::pair{"https://evil.example.com", "GET"}, std::pair{"https://app.example.com", "DELETE"}}) {
    auto res = CorsPreflight(ExampleCors(), Preflight(origin, method));
    EXPECT_EQ(res.result_int(), 200u);
    EXPECT_EQ(res.find(http::Field::access_control_allow_origin), res.end()) << origin << " " << method;
    EXPECT_EQ(res.find(http::Field::access_control_allow_methods), res.end());
  }
}

TEST(FunctionUrlCors, WildcardOriginAnswersStarUnlessCredentialsAreAllowed) {
  auto any = ParseCors(R"({"AllowOrigins":["*"],"AllowMethods":["*"]})");
  ASSERT_TRUE(any);
  auto res = CorsPreflight(*any, Preflight("https://x.example", "PATCH"));
  EXPECT_EQ(res[http::Field::access_control_allow_origin], "*");
  any->allow_credentials = true;
  res = CorsPreflight(*any, Preflight("https://x.example", "PATCH"));
  EXPECT_EQ(res[http::Field::access_control_allow_origin], "https://x.example");
}

TEST(FunctionUrlCors, ActualResponseGetsOriginHeadersAndLosesTheFunctionsOwn) {
  http::Response res{http::beast_http::status::ok, 11};
  res.set("Access-Control-Allow-Origin", "https://from-function");
  res.set("Access-Control-Max-Age", "9");
  res.set("x-other", "kept");
  ApplyCors(ExampleCors(), "https://app.example.com", res);
  EXPECT_EQ(res[http::Field::access_control_allow_origin], "https://app.example.com");
  EXPECT_EQ(res[http::Field::access_control_allow_credentials], "true");
  EXPECT_EQ(res[http::Field::access_control_expose_headers], "x-total");
  EXPECT_EQ(res.find(http::Field::access_control_max_age), res.end());
  EXPECT_EQ(res["x-other"], "kept");

  http::Response other{http::beast_http::status::ok, 11};
  other.set("Access-Control-Allow-Origin", "*");
  ApplyCors(ExampleCors(), "https://evil.example.com", other);
  EXPECT_EQ(other.find(http::Field::access_control_allow_origin), other.end());
}

}  // namespace
}  // namespace cloudlet::lambda::testing
