// Lambda function URLs (reference lambda.md §9).
//
// Control plane (function_url_operations.cc), restJson1 under /2021-10-31/:
//   POST   functions/{FunctionName}/url   CreateFunctionUrlConfig  201
//   GET    functions/{FunctionName}/url   GetFunctionUrlConfig
//   PUT    functions/{FunctionName}/url   UpdateFunctionUrlConfig
//   DELETE functions/{FunctionName}/url   DeleteFunctionUrlConfig  204
//   GET    functions/{FunctionName}/urls  ListFunctionUrlConfigs
// One URL for the unqualified function and one per alias (Qualifier = an alias name;
// Lambda rejects "$LATEST" and version numbers there).
//
// Data plane (function_url_invoke.cc): any request whose Host is
// "<url-id>.lambda-url.<region>.localhost[:port]" becomes an API Gateway
// payload 2.0 event, runs through the Invoker as Invoke does, and the result
// is mapped back with the HTTP API response rules:
//   {"statusCode":201,"headers":{"x-a":"b"},"body":"hi"}  → 201, x-a: b, "hi"
//   {"a":1} or "text" or 42                                → 200, application/json, the JSON text
//   function error                                         → 502 {"Message":"Internal Server Error"}
//   unknown url id                                         → 403 {"Message":"Forbidden"}
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/sigv4/failure.h"
#include "http/handler.h"
#include "http/message.h"
#include "lambda/invoker.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

// The router's host pattern for function URLs ('*' is one or more characters; port ignored).
inline constexpr std::string_view kFunctionUrlHostPattern = "*.lambda-url.*.localhost";

// What a function URL's Host says.
struct UrlHost {
  std::string url_id;       // first label
  std::string region;       // the label after "lambda-url"
  std::string domain_name;  // the host without its port
};
// nullopt unless `host` is "<id>.lambda-url.<region>.localhost" with an optional ":port".
std::optional<UrlHost> ParseUrlHost(std::string_view host);

// A new url id: 32 random characters of [a-z0-9].
std::string NewUrlId();

// "http://<id>.lambda-url.<region>.localhost:<port>/"
std::string FunctionUrlFor(std::string_view url_id, std::string_view region, std::string_view port);

// The payload 2.0 event for `request` (JSON text).
struct UrlEventContext {
  UrlHost host;
  std::string request_id;
  std::string source_ip;
  std::string account_id = "anonymous";
  std::chrono::system_clock::time_point now;
};
std::string BuildUrlEvent(const http::Request& request, const UrlEventContext& context);

// Whether a body of `content_type` goes to the function as text (else base64):
// text/*, and JSON, XML, JavaScript and form types.
bool IsTextContentType(std::string_view content_type);

// The HTTP answer for a function's result (function errors included).
http::Response UrlResponse(const InvokeResult& result);
// {"Message":"<message>"} with `status`, as the function URL front answers its own errors.
http::Response UrlMessage(unsigned status, std::string_view message);

// 403 for an AWS_IAM URL request that failed SigV4 (--auth sigv4):
// {"Message":"Forbidden"} when unsigned, {"message":"<AWS's text>"} otherwise.
http::Response UrlAuthFailed(const aws::sigv4::Failure& failure);

// The URL's Cors config, applied by the URL front as Lambda does:
//   - a preflight (OPTIONS with Origin and Access-Control-Request-Method) is
//     answered 200 without invoking the function; it carries
//     Access-Control-Allow-Origin/-Methods/-Headers/-Max-Age/-Credentials only
//     when the origin and method are allowed;
//   - any other response gets Access-Control-Allow-Origin (and -Credentials,
//     -Expose-Headers) when the request's Origin is allowed, and the
//     function's own Access-Control-* headers give way to the config.
// Without a Cors config nothing is added and OPTIONS reaches the function.
struct CorsConfig {
  bool allow_credentials = false;
  std::vector<std::string> allow_headers, allow_methods, allow_origins, expose_headers;
  std::optional<int64_t> max_age;
};
// The stored Cors JSON text ({"AllowOrigins":[...],...}); nullopt when unparsable.
std::optional<CorsConfig> ParseCors(std::string_view json_text);
bool IsPreflight(const http::Request& request);
http::Response CorsPreflight(const CorsConfig& cors, const http::Request& request);
void ApplyCors(const CorsConfig& cors, std::string_view origin, http::Response& response);

// Control plane; `port` is the one written into FunctionUrl.
aws::Result<Reply> CreateFunctionUrlConfig(LambdaState& state, const OperationRequest& req, std::string_view port);
aws::Result<Reply> GetFunctionUrlConfig(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> UpdateFunctionUrlConfig(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> DeleteFunctionUrlConfig(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> ListFunctionUrlConfigs(LambdaState& state, const OperationRequest& req);

// Serves one data-plane request; answers through `respond`, possibly later.
void InvokeFunctionUrl(LambdaState& state, http::Request& request, http::RequestContext& ctx, const UrlHost& host,
                       http::Responder respond);

}  // namespace cloudlet::lambda
