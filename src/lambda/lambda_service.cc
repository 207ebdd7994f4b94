// The Lambda wire front: restJson1 routing by method and path, body caps per
// operation, Lambda's words for authentication failures, and the rendering
// of errors with their "Type" member. Operations live in operations.h.
#include <boost/json/serialize.hpp>

#include <filesystem>
#include <system_error>

#include "aws/protocol/protocols.h"
#include "http/request_context.h"
#include "lambda/async_queue.h"
#include "lambda/function_url.h"
#include "lambda/lambda.h"
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"
#include "lambda/routes.h"
#include "lambda/stream_poller.h"

namespace cloudlet::lambda {

http::Response errors::Render(const http::RequestContext& ctx, const aws::AwsError& error) {
  http::Response res = aws::RestJsonError(ctx, error);
  // The botocore model spells the member "Message" for these two shapes.
  bool capital = error.code == "ResourceNotFoundException" || error.code == "ServiceException";
  std::string body = "{\"Type\":\"";
  body += error.http_status >= 500 ? "Service" : "User";
  body += capital ? "\",\"Message\":\"" : "\",\"message\":\"";
  aws::AppendJsonEscaped(body, error.message);
  body += '"';
  if (!error.extra_json.empty()) {
    body += ',';
    body += error.extra_json;
  }
  body += '}';
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

namespace {

// Base64 of a 50 MB zip in CreateFunction/UpdateFunctionCode (Lambda's own figure).
constexpr std::size_t kMaxCodeRequestBytes = 69905067;
constexpr std::size_t kMaxInvokeRequestBytes = 6291456;
// Asynchronous invocations running at once; the rest wait in the store.
constexpr std::size_t kAsyncParallelism = 16;

class LambdaService final : public aws::Service {
 public:
  LambdaService(storage::KvStore& store, const aws::ServiceEnvironment& env, LambdaOptions options)
      : state_{FunctionStore(store), std::move(options.code_root), std::move(options.invoker), env, {}},
        url_port_(std::move(options.url_port)) {
    std::error_code ec;
    state_.account_concurrency = options.max_concurrency;
    std::filesystem::create_directories(state_.code_root, ec);
    state_.async_queue = AsyncQueue::Make(
        store, *state_.invoker,
        [this](std::string_view region, std::string_view account_id, std::string_view name,
               std::optional<std::string_view> qualifier) -> aws::Result<FunctionSpec> {
          auto record = ResolveFunction(state_, region, account_id, name, qualifier);
          CLOUDLET_TRY(record);
          return SpecFor(*record, account_id);
        },
        AsyncQueueOptions{.retry_base = options.async_retry_base, .max_running = kAsyncParallelism});
    state_.async_queue->Start();
    state_.call_dynamodb_streams = options.call_dynamodb_streams;
    state_.stream_pollers = std::make_shared<StreamPollers>(
        store, *state_.invoker,
        StreamPollerOptions{.call_streams = options.call_dynamodb_streams,
                            .resolve = [this](std::string_view region, std::string_view account_id,
                                              std::string_view name, std::optional<std::string_view> qualifier)
                                -> aws::Result<FunctionSpec> {
                              auto record = ResolveFunction(state_, region, account_id, name, qualifier);
                              CLOUDLET_TRY(record);
                              return SpecFor(*record, account_id);
                            }});
    state_.stream_pollers->Start();
  }

  ~LambdaService() override {
    // The queue stops first: invocations the invoker then cuts short keep their records.
    if (state_.async_queue) state_.async_queue->Stop();
    if (state_.stream_pollers) state_.stream_pollers->Stop();
    if (state_.invoker) state_.invoker->Shutdown();
    state_.async_queue.reset();
  }

  std::weak_ptr<AsyncQueue> async_queue() const { return state_.async_queue; }

  void InvokeNow(std::string_view function, InvokeRequest request,
                 std::function<void(aws::Result<InvokeResult>)> done) {
    auto parsed = ParseFunctionName(function);
    if (!parsed.ok()) return done(parsed.take_error());
    auto [region, account] = RegionAndAccountOf(function);
    auto record = ResolveFunction(state_, region, account, parsed->name,
                                  parsed->qualifier ? std::optional<std::string_view>(*parsed->qualifier)
                                                    : std::nullopt);
    if (!record.ok()) return done(record.take_error());
    if (request.request_id.empty()) request.request_id = http::NewRequestId();
    if (request.payload.empty()) request.payload = "{}";
    state_.invoker->Invoke(SpecFor(*record, account), std::move(request), std::move(done));
  }

  // arn:aws:lambda:<region>:<account>:function:<name>: the ARN's region and
  // account, else the service's.
  std::pair<std::string, std::string> RegionAndAccountOf(std::string_view function) const {
    std::pair<std::string, std::string> out{state_.env.region, state_.env.account_id};
    if (!function.starts_with("arn:")) return out;
    std::size_t region_at = function.find(':', function.find(':', 4) + 1) + 1;
    std::size_t account_at = function.find(':', region_at) + 1;
    std::string_view region = function.substr(region_at, account_at - 1 - region_at);
    std::string_view account = function.substr(account_at, function.find(':', account_at) - account_at);
    if (!region.empty()) out.first = std::string(region);
    if (!account.empty()) out.second = std::string(account);
    return out;
  }
  const aws::ServiceEnvironment& env() const { return state_.env; }

  std::string_view name() const override { return "lambda"; }

  http::ServiceMatchers matchers() const override {
    http::ServiceMatchers m;
    m.signing_names = {"lambda"};
    m.path_prefixes = LambdaPathPrefixes();
    m.host_patterns = {std::string(kFunctionUrlHostPattern)};
    return m;
  }

  // With --auth sigv4: function URLs with AuthType NONE (and unknown url ids,
  // which answer 403 Forbidden themselves) are not signed; AWS_IAM URLs and
  // every control-plane request are.
  bool RequiresSignature(const http::Request& request) const override {
    auto host = ParseUrlHost(request[http::Field::host]);
    if (!host) return true;
    auto url = state_.functions.FindUrl(host->url_id);
    if (!url.ok()) return true;
    return *url && (*url)->auth_type == "AWS_IAM";
  }

  std::size_t max_body_bytes() const override { return kMaxCodeRequestBytes; }

  http::Response BodyTooLarge(const http::Request& header, const http::RequestContext& ctx) const override {
    if (ParseUrlHost(header[http::Field::host])) {
      http::Response res = UrlMessage(413, "Request Too Long");
      res.prepare_payload();
      return res;
    }
    auto route = MatchRoute(header.method(), header.target());
    if (route && route->operation == Operation::kInvoke)
      return errors::Render(ctx, errors::RequestTooLarge(kMaxInvokeRequestBytes, "InvokeFunction"));
    std::string_view op = route ? route->name : std::string_view("CreateFunction");
    return errors::Render(ctx, errors::RequestEntityTooLarge(kMaxCodeRequestBytes, op));
  }

  http::Response AuthFailed(const aws::sigv4::Failure& failure, const http::Request& request,
                            const http::RequestContext& ctx) const override {
    // An AWS_IAM function URL answers as its front does: unsigned requests
    // get 403 {"Message":"Forbidden"}, bad signatures 403 {"message":<text>}.
    if (ParseUrlHost(request[http::Field::host])) return UrlAuthFailed(failure);
    std::string code = aws::sigv4::JsonServiceErrorCode(failure.kind);
    return errors::Render(ctx, aws::AwsError::Make(403, code, failure.message));
  }

  void Handle(http::Request& request, http::RequestContext& ctx, http::Responder respond) override {
    if (auto host = ParseUrlHost(request[http::Field::host])) {
      ctx.operation = "InvokeFunctionUrl";
      return InvokeFunctionUrl(state_, request, ctx, *host, std::move(respond));
    }
    auto route = MatchRoute(request.method(), request.target());
    if (!route) {
      std::string_view target = request.target();
      return respond(errors::Render(
          ctx, errors::UnknownOperation(request.method_string(), target.substr(0, target.find('?')))));
    }
    ctx.operation = route->name;
    OperationRequest req{request, ctx, *route, ctx.region.empty() ? state_.env.region : ctx.region,
                         ctx.account_id.empty() ? state_.env.account_id : ctx.account_id};
    if (route->operation == Operation::kInvoke) return Invoke(state_, req, std::move(respond));
    auto result = Dispatch(req);
    if (!result.ok()) return respond(errors::Render(ctx, result.error()));
    http::Response res = aws::RestJsonSuccess(ctx, result->status, std::move(result->body));
    res.prepare_payload();
    respond(std::move(res));
  }

 private:
  aws::Result<Reply> Dispatch(const OperationRequest& req) {
    switch (req.route.operation) {
      case Operation::kCreateFunction: return CreateFunction(state_, req);
      case Operation::kGetFunction: return GetFunction(state_, req);
      case Operation::kGetFunctionConfiguration: return GetFunctionConfiguration(state_, req);
      case Operation::kListFunctions: return ListFunctions(state_, req);
      case Operation::kUpdateFunctionCode: return UpdateFunctionCode(state_, req);
      case Operation::kUpdateFunctionConfiguration: return UpdateFunctionConfiguration(state_, req);
      case Operation::kDeleteFunction: return DeleteFunction(state_, req);
      case Operation::kGetAccountSettings: return GetAccountSettings(state_, req);
      case Operation::kCreateFunctionUrlConfig: return CreateFunctionUrlConfig(state_, req, url_port_);
      case Operation::kGetFunctionUrlConfig: return GetFunctionUrlConfig(state_, req);
      case Operation::kUpdateFunctionUrlConfig: return UpdateFunctionUrlConfig(state_, req);
      case Operation::kDeleteFunctionUrlConfig: return DeleteFunctionUrlConfig(state_, req);
      case Operation::kListFunctionUrlConfigs: return ListFunctionUrlConfigs(state_, req);
      case Operation::kPublishVersion: return PublishVersion(state_, req);
      case Operation::kListVersionsByFunction: return ListVersionsByFunction(state_, req);
      case Operation::kCreateAlias: return CreateAlias(state_, req);
      case Operation::kGetAlias: return GetAlias(state_, req);
      case Operation::kUpdateAlias: return UpdateAlias(state_, req);
      case Operation::kDeleteAlias: return DeleteAlias(state_, req);
      case Operation::kListAliases: return ListAliases(state_, req);
      case Operation::kPutFunctionConcurrency: return PutFunctionConcurrency(state_, req);
      case Operation::kGetFunctionConcurrency: return GetFunctionConcurrency(state_, req);
      case Operation::kDeleteFunctionConcurrency: return DeleteFunctionConcurrency(state_, req);
      case Operation::kAddPermission: return AddPermission(state_, req);
      case Operation::kRemovePermission: return RemovePermission(state_, req);
      case Operation::kGetPolicy: return GetPolicy(state_, req);
      case Operation::kTagResource: return TagResource(state_, req);
      case Operation::kUntagResource: return UntagResource(state_, req);
      case Operation::kListTags: return ListTags(state_, req);
      case Operation::kPutFunctionEventInvokeConfig: return PutFunctionEventInvokeConfig(state_, req);
      case Operation::kGetFunctionEventInvokeConfig: return GetFunctionEventInvokeConfig(state_, req);
      case Operation::kUpdateFunctionEventInvokeConfig: return UpdateFunctionEventInvokeConfig(state_, req);
      case Operation::kDeleteFunctionEventInvokeConfig: return DeleteFunctionEventInvokeConfig(state_, req);
      case Operation::kListFunctionEventInvokeConfigs: return ListFunctionEventInvokeConfigs(state_, req);
      case Operation::kInvokeAsync: return InvokeAsync(state_, req);
      case Operation::kCreateEventSourceMapping: return CreateEventSourceMapping(state_, req);
      case Operation::kGetEventSourceMapping: return GetEventSourceMapping(state_, req);
      case Operation::kListEventSourceMappings: return ListEventSourceMappings(state_, req);
      case Operation::kUpdateEventSourceMapping: return UpdateEventSourceMapping(state_, req);
      case Operation::kDeleteEventSourceMapping: return DeleteEventSourceMapping(state_, req);
      case Operation::kInvoke: break;
    }
    return errors::Service("operation not dispatched");
  }

  LambdaState state_;
  std::string url_port_;
};

}  // namespace

Lambda MakeLambda(storage::KvStore& store, const aws::ServiceEnvironment& env, LambdaOptions options) {
  auto service = std::make_unique<LambdaService>(store, env, std::move(options));
  Lambda out;
  out.invoke_async = [queue = service->async_queue(), env = service->env()](std::string_view function,
                                                                           std::string payload) -> aws::Status {
    auto parsed = ParseFunctionName(function);
    CLOUDLET_TRY(parsed);
    // arn:aws:lambda:<region>:<account>:function:<name>: the ARN's region, else the service's.
    std::string region = env.region;
    if (function.starts_with("arn:")) {
      std::size_t at = function.find(':', function.find(':', 4) + 1) + 1;
      std::string_view named = function.substr(at, function.find(':', at) - at);
      if (!named.empty()) region = std::string(named);
    }
    auto running = queue.lock();
    if (!running) return errors::Service("Lambda is shutting down: the asynchronous invocation was not queued");
    return running->EnqueueIfFunctionExists(QueuedEvent{.request_id = http::NewRequestId(),
                                                        .region = std::move(region),
                                                        .account_id = env.account_id,
                                                        .function_name = parsed->name,
                                                        .qualifier = parsed->qualifier,
                                                        .payload = payload.empty() ? std::string("{}")
                                                                                   : std::move(payload)});
  };
  // The service outlives every caller (app.cc destroys the fronting services first).
  out.invoke = [raw = service.get()](std::string_view function, InvokeRequest request,
                                     std::function<void(aws::Result<InvokeResult>)> done) {
    raw->InvokeNow(function, std::move(request), std::move(done));
  };
  out.service = std::move(service);
  return out;
}

std::unique_ptr<aws::Service> MakeLambdaService(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                                LambdaOptions options) {
  return MakeLambda(store, env, std::move(options)).service;
}

}  // namespace cloudlet::lambda
