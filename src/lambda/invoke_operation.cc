// Invoke: POST /2015-03-31/functions/{FunctionName}/invocations.
//   X-Amz-Invocation-Type RequestResponse (default) → 200 with the function's
//     payload, X-Amz-Executed-Version, X-Amz-Function-Error on function errors,
//     X-Amz-Log-Result (base64, last 4 KB) when X-Amz-Log-Type is Tail;
//   Event → 202 once the event is in the store; the asynchronous queue
//     (async_queue.h) runs it, retries it and reports it to destinations;
//   DryRun → 204 once the function is found.
// Payload caps: 6 MB synchronous, 1 MB asynchronous (RequestTooLargeException).
#include <boost/json/parse.hpp>

#include "aws/protocol/protocols.h"
#include "lambda/async_queue.h"
#include "lambda/base64.h"
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {
namespace {

constexpr std::size_t kMaxSyncPayload = 6291456;
constexpr std::size_t kMaxAsyncPayload = 1048576;
constexpr std::size_t kMaxResponsePayload = 6291556;  // sic: Lambda's figure for responses
constexpr std::size_t kMaxLogTail = 4096;
constexpr std::size_t kMaxClientContext = 3583;

// `version`: the version that ran (the alias's target, or $LATEST).
http::Response InvokeAnswer(const http::RequestContext& ctx, InvokeResult result, bool tail,
                            const std::string& version) {
  if (result.payload.size() > kMaxResponsePayload) {
    result.payload = "{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size (" +
                     std::to_string(kMaxResponsePayload) + " bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}";
    result.function_error = "Unhandled";
  }
  http::Response res = aws::RestJsonSuccess(ctx, 200, std::move(result.payload));
  res.set("X-Amz-Executed-Version", version);
  if (result.function_error) res.set("X-Amz-Function-Error", *result.function_error);
  if (tail) {
    std::string_view log = result.log_tail;
    if (log.size() > kMaxLogTail) log = log.substr(log.size() - kMaxLogTail);
    res.set("X-Amz-Log-Result", Base64Encode(log));
  }
  res.prepare_payload();
  return res;
}

aws::Status CheckPayload(std::string_view payload) {
  if (payload.empty()) return aws::OkStatus();
  boost::system::error_code ec;
  boost::json::parse(payload, ec);
  if (ec)
    return errors::InvalidRequestContent("Could not parse request body into json: Could not parse payload into json: " +
                                         ec.message());
  return aws::OkStatus();
}

}  // namespace

void Invoke(LambdaState& state, const OperationRequest& req, http::Responder respond) {
  auto fail = [&](const aws::AwsError& error) { respond(errors::Render(req.ctx, error)); };
  std::string type(req.request["X-Amz-Invocation-Type"]);
  if (type.empty()) type = "RequestResponse";
  if (type != "RequestResponse" && type != "Event" && type != "DryRun")
    return fail(errors::Validation(type, "invocationType",
                                   "Member must satisfy enum value set: [Event, RequestResponse, DryRun]"));
  std::string log_type(req.request["X-Amz-Log-Type"]);
  if (!log_type.empty() && log_type != "None" && log_type != "Tail")
    return fail(errors::Validation(log_type, "logType", "Member must satisfy enum value set: [None, Tail]"));
  const std::string& payload = req.request.body();
  if (type == "Event" && payload.size() > kMaxAsyncPayload)
    return fail(errors::RequestTooLarge(kMaxAsyncPayload, "InvokeAsync"));
  if (payload.size() > kMaxSyncPayload) return fail(errors::RequestTooLarge(kMaxSyncPayload, "InvokeFunction"));
  std::string client_context(req.request["X-Amz-Client-Context"]);
  if (client_context.size() > kMaxClientContext)
    return fail(errors::Validation("...", "clientContext", "Member must have length less than or equal to 3583"));

  auto record = FindFunction(state, req, QueryParameter(req.route, "Qualifier"));
  if (!record.ok()) return fail(record.error());
  if (auto st = CheckPayload(payload); !st.ok()) return fail(st.error());

  // The qualifier as the caller gave it (query or name): an alias is
  // resolved again when a queued event runs.
  std::optional<std::string> qualifier = QueryParameter(req.route, "Qualifier");
  if (!qualifier || qualifier->empty()) {
    auto parsed = ParseFunctionName(req.route.labels.at("FunctionName"));
    qualifier = parsed.ok() ? parsed->qualifier : std::nullopt;
  }

  if (type == "DryRun") {
    http::Response res = aws::RestJsonSuccess(req.ctx, 204, {});
    res.prepare_payload();
    return respond(std::move(res));
  }

  if (type == "Event") {
    if (!state.async_queue) return fail(errors::Service("the asynchronous invocation queue is not running"));
    auto queued = state.async_queue->Enqueue(QueuedEvent{.request_id = req.ctx.request_id,
                                                         .region = req.region,
                                                         .account_id = req.account_id,
                                                         .function_name = record->name,
                                                         .qualifier = std::move(qualifier),
                                                         .payload = payload.empty() ? std::string("{}") : payload});
    if (!queued.ok()) return fail(queued.error());
    http::Response res = aws::RestJsonSuccess(req.ctx, 202, {});
    res.prepare_payload();
    return respond(std::move(res));
  }

  FunctionSpec spec = SpecFor(*record, req.account_id);
  InvokeRequest invoke{.request_id = req.ctx.request_id,
                       .payload = payload.empty() ? std::string("{}") : payload,
                       .client_context = std::move(client_context),
                       .tail_logs = log_type == "Tail",
                       // An X-Ray trace header of the caller travels to the function.
                       .trace_id = std::string(req.request["X-Amzn-Trace-Id"]),
                       .invoked_function_arn = qualifier ? record->arn + ":" + *qualifier : std::string()};

  bool tail = invoke.tail_logs;
  // `ctx` stays valid until `respond` is called (http/handler.h).
  const http::RequestContext* ctx = &req.ctx;
  state.invoker->Invoke(spec, std::move(invoke),
                        [respond, ctx, tail, version = spec.version](aws::Result<InvokeResult> result) {
                          if (!result.ok()) return respond(errors::Render(*ctx, result.error()));
                          respond(InvokeAnswer(*ctx, std::move(result.value()), tail, version));
                        });
}

}  // namespace cloudlet::lambda
