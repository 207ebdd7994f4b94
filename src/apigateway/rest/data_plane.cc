#include "apigateway/rest/data_plane.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "apigateway/common/ids.h"
#include "apigateway/common/time_format.h"
#include "apigateway/rest/exchange.h"

namespace cloudlet::apigateway::rest {
namespace {

struct Located {
  std::string_view stage, raw_path, route_path, raw_query;
};

// "/{stage}/{path}?{query}": REST APIs always have a stage segment.
Located Locate(std::string_view rest) {
  Located out;
  auto q = rest.find('?');
  out.raw_path = rest.substr(0, q);
  out.raw_query = q == std::string_view::npos ? std::string_view{} : rest.substr(q + 1);
  std::string_view after = out.raw_path.starts_with('/') ? out.raw_path.substr(1) : out.raw_path;
  auto slash = after.find('/');
  out.stage = after.substr(0, slash);
  out.route_path = slash == std::string_view::npos ? std::string_view("/") : after.substr(slash);
  return out;
}

const RestMethod* MethodOf(const StageRuntime& stage, std::string_view method, std::string_view path,
                           PathParams* params) {
  ResourceTree::Match m = stage.tree.Find(method, path, params);
  if (m.resource < 0) return nullptr;
  return stage.methods[m.resource][m.via_any ? kAnyBit : MethodBit(method)];
}

void WriteAccessLog(const std::shared_ptr<Exchange>& ex, const http::Response& res) {
  const StageRuntime* stage = ex->stage;
  if (!stage || !stage->access_log) return;
  auto elapsed = std::chrono::steady_clock::now() - ex->ctx.started;
  AccessLogRecord r;
  r.account_id = ex->ctx.account_id;
  r.api_id = ex->api->api_id;
  r.domain_name = ex->domain_name;
  r.domain_prefix = ex->api->api_id;
  r.http_method = ex->http_method;
  r.path = ex->raw_path;
  r.protocol = ex->request.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
  r.request_id = ex->request_id;
  r.route_key = {};
  r.stage = stage->name;
  r.source_ip = ex->source_ip;
  r.user_agent = ex->request[http::Field::user_agent];
  r.error_message = ex->error_message;
  r.error_response_type = ex->error_type;
  r.integration_error = ex->integration_error;
  r.authorizer_error = ex->authorizer_error;
  r.status = static_cast<int>(res.result_int());
  r.integration_status = ex->integration_status;
  r.response_length = static_cast<int64_t>(res.body().size());
  r.request_time_epoch_ms = EpochMillis(ex->now);
  r.response_latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  r.integration_latency_ms = ex->integration_latency.count() < 0
                                 ? -1
                                 : std::chrono::duration_cast<std::chrono::milliseconds>(ex->integration_latency).count();
  r.data_processed = static_cast<int64_t>(ex->request.body().size() + res.body().size());
  r.authorizer = ex->authorizer.kind == AuthorizerContext::Kind::kNone ? nullptr : &ex->authorizer;
  if (ex->method) {
    r.resource_path = ex->method->resource_path;
    r.resource_id = ex->method->resource_id;
  }
  r.api_key = ex->api_key;
  r.api_key_id = ex->api_key_id;
  r.deployment_id = stage->deployment_id;
  ShipAccessLog(*stage->access_log, r, ex->core->log_writer, &ex->core->deps.log_line);
}

}  // namespace

EventInput Exchange::Event() const {
  EventInput in;
  in.request = &request;
  in.parts = &parts;
  in.method = http_method;
  in.raw_path = raw_path;
  in.route_path = route_path;
  in.raw_query = raw_query;
  in.source_ip = source_ip;
  in.domain_name = domain_name;
  in.domain_prefix = api->api_id;
  in.account_id = ctx.account_id;
  in.api_id = api->api_id;
  in.stage = stage->name;
  if (method) {
    in.route_key = method->route;
    in.route_id = method->resource_id;
    in.resource_path = method->resource_path;
  }
  in.request_id = request_id;
  in.extended_request_id = extended_request_id;
  in.stage_variables_json = stage->variables_json;
  in.path_params = &params;
  in.authorizer = &authorizer;
  in.now = now;
  in.body_is_text = !stage->IsBinary(request[http::Field::content_type]);
  in.rest = true;
  in.deployment_id = stage->deployment_id;
  in.api_key = api_key;
  in.api_key_id = api_key_id;
  return in;
}

std::string Exchange::MethodArn() const {
  std::string_view path = route_path;
  if (path.starts_with('/')) path.remove_prefix(1);
  return fmt::format("arn:aws:execute-api:{}:{}:{}/{}/{}/{}", region, ctx.account_id, api->api_id, stage->name,
                     http_method, path);
}

void Finish(const std::shared_ptr<Exchange>& ex, http::Response res) {
  res.set("x-amzn-RequestId", ex->request_id);
  res.set("x-amz-apigw-id", ex->extended_request_id);
  if (!ex->trace_id.empty()) res.set("X-Amzn-Trace-Id", ex->trace_id);
  res.prepare_payload();
  auto latency = std::chrono::steady_clock::now() - ex->ctx.started;
  int status = static_cast<int>(res.result_int());
  RouteMetrics* metrics = ex->method ? ex->method->metrics : ex->stage ? ex->stage->unmatched_metrics : nullptr;
  if (!metrics) metrics = ex->core->metrics.Series(ex->api->api_id, "-", "-");
  metrics->Record(status, latency, ex->integration_latency);
  WriteAccessLog(ex, res);
  ex->respond(std::move(res));
}

void FinishGateway(const std::shared_ptr<Exchange>& ex, GatewayResponse which) {
  GatewayAnswer answer = MakeGatewayResponse(which);
  ex->error_message = answer.message;
  ex->error_type = answer.type;
  Finish(ex, std::move(answer.response));
}

DataPlane::DataPlane(const RestStore& store, const aws::ServiceEnvironment& env, GatewayDeps deps,
                     GatewayMetrics& metrics)
    : core_(std::make_shared<Core>(store, env, std::move(deps), metrics)) {}

DataPlane::~DataPlane() { core_->Stop(); }

void DataPlane::ApiChanged(std::string_view api_id) { core_->cache.Invalidate(api_id); }
void DataPlane::KeysChanged() { core_->usage.Invalidate(); }
void DataPlane::ResetAuthorizerCache(std::string_view api_id) { core_->authorizers.ResetApi(api_id); }

bool DataPlane::RequiresSignature(std::string_view api_id, std::string_view rest, const http::Request& request) {
  auto api = core_->cache.Get(api_id);
  if (!api) return false;
  Located at = Locate(rest);
  const StageRuntime* stage = api->Stage(at.stage);
  if (!stage) return false;
  PathParams params;
  const RestMethod* method = MethodOf(*stage, request.method_string(), at.route_path, &params);
  return method && method->auth == RestMethod::Auth::kIam;
}

bool DataPlane::Serve(std::string_view api_id, std::string_view rest, http::Request& request,
                      http::RequestContext& ctx, http::Responder respond) {
  auto api = core_->cache.Get(api_id);
  if (!api) return false;
  auto ex = std::make_shared<Exchange>(core_, request, ctx, std::move(respond));
  ex->api = std::move(api);
  ex->now = std::chrono::system_clock::now();
  ex->request_id = NewRequestUuid();  // REST APIs give UUIDs
  ex->extended_request_id = NewGatewayRequestId();
  ex->http_method = request.method_string();
  ex->region = ex->api->region.empty() ? core_->env.region : ex->api->region;
  if (ctx.account_id.empty()) ctx.account_id = core_->env.account_id;
  ex->source_ip = SourceIp(ctx.remote_address);
  ExecuteApiHost(request, api_id, &ex->domain_name, &ex->port);
  Located at = Locate(rest);
  ex->raw_path = at.raw_path;
  ex->route_path = at.route_path;
  ex->raw_query = at.raw_query;
  std::string_view trace = request["X-Amzn-Trace-Id"];
  ex->trace_id = trace.empty() ? NewTraceId(ex->now) : std::string(trace);

  ex->stage = ex->api->Stage(at.stage);
  if (!ex->stage) {
    FinishGateway(ex, GatewayResponse::kMissingAuthenticationToken);
    return true;
  }
  if (ex->stage->disable_execute_api_endpoint) {
    FinishGateway(ex, GatewayResponse::kForbidden);
    return true;
  }
  ex->method = MethodOf(*ex->stage, ex->http_method, ex->route_path, &ex->params);
  if (!ex->method) {
    FinishGateway(ex, GatewayResponse::kMissingAuthenticationToken);
    return true;
  }
  if (ex->method->bucket && !ex->method->bucket->Take()) {
    FinishGateway(ex, GatewayResponse::kThrottled);
    return true;
  }
  ex->parts = ReadRequestParts(request, ex->raw_query, true);
  Authorize(ex);
  return true;
}

}  // namespace cloudlet::apigateway::rest
