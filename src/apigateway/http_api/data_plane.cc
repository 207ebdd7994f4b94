#include "apigateway/http_api/data_plane.h"

#include <spdlog/spdlog.h>

#include <cctype>

#include "apigateway/common/ids.h"
#include "apigateway/common/time_format.h"
#include "apigateway/http_api/exchange.h"
#include "apigateway/common/lambda_response.h"

namespace cloudlet::apigateway::http_api {
namespace {

struct Located {
  const StageRuntime* stage = nullptr;
  std::string_view raw_path, route_path, raw_query;
};

// The stage a path names: its first segment when that is a stage, else $default.
Located Locate(const ApiRuntime& api, std::string_view rest) {
  Located out;
  auto q = rest.find('?');
  out.raw_path = rest.substr(0, q);
  out.raw_query = q == std::string_view::npos ? std::string_view{} : rest.substr(q + 1);
  if (out.raw_path.empty()) out.raw_path = "/";
  std::string_view first = out.raw_path.substr(1);
  auto slash = first.find('/');
  first = first.substr(0, slash);
  if (!first.empty() && first != "$default") {
    if (const StageRuntime* s = api.Stage(first)) {
      out.stage = s;
      out.route_path = slash == std::string_view::npos ? std::string_view("/") : out.raw_path.substr(1 + slash);
      return out;
    }
  }
  out.stage = api.Stage("$default");
  out.route_path = out.raw_path;
  return out;
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
  r.http_method = ex->method;
  r.path = ex->raw_path;
  r.protocol = ex->request.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
  r.request_id = ex->request_id;
  r.route_key = ex->route ? std::string_view(ex->route->route_key) : std::string_view("-");
  r.stage = stage->name;
  r.source_ip = ex->source_ip;
  r.user_agent = ex->request[http::Field::user_agent];
  r.error_message = ex->error_message;
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
  ShipAccessLog(*stage->access_log, r, ex->core->log_writer, &ex->core->deps.log_line);
}

}  // namespace

EventInput Exchange::Event() const {
  EventInput in;
  in.request = &request;
  in.parts = &parts;
  in.method = method;
  in.raw_path = raw_path;
  in.route_path = route_path;
  in.raw_query = raw_query;
  in.source_ip = source_ip;
  in.domain_name = domain_name;
  in.domain_prefix = api->api_id;
  in.account_id = ctx.account_id;
  in.api_id = api->api_id;
  in.stage = stage->name;
  if (route) {
    in.route_key = route->route_key;
    in.route_id = route->route_id;
    in.resource_path = route->key.is_default ? std::string_view("$default") : std::string_view(route->key.path);
  }
  in.request_id = request_id;
  in.stage_variables_json = stage->stage_variables_json;
  in.path_params = &params;
  in.authorizer = &authorizer;
  in.now = now;
  in.body_is_text = IsTextContentType(request[http::Field::content_type]);
  return in;
}

void Finish(const std::shared_ptr<Exchange>& ex, http::Response res) {
  if (ex->stage && ex->stage->cors && !ex->preflight) ApplyCors(*ex->stage->cors, ex->request[http::Field::origin], res);
  res.set("apigw-requestid", ex->request_id);
  res.prepare_payload();
  auto latency = std::chrono::steady_clock::now() - ex->ctx.started;
  int status = static_cast<int>(res.result_int());
  RouteMetrics* metrics = ex->route ? ex->route->metrics : ex->stage ? ex->stage->unmatched_metrics : nullptr;
  if (!metrics) metrics = ex->core->metrics.Series(ex->api->api_id, "-", "-");
  metrics->Record(status, latency, ex->integration_latency);
  WriteAccessLog(ex, res);
  ex->respond(std::move(res));
}

void FinishWithMessage(const std::shared_ptr<Exchange>& ex, unsigned status, std::string_view message) {
  ex->error_message = std::string(message);
  Finish(ex, GatewayError(status, message));
}

DataPlane::DataPlane(const ApiStore& store, const aws::ServiceEnvironment& env, GatewayDeps deps,
                     GatewayMetrics& metrics)
    : core_(std::make_shared<Core>(store, env, std::move(deps), metrics)) {}

DataPlane::~DataPlane() { core_->Stop(); }

void DataPlane::Invalidate(std::string_view api_id) { core_->cache.Invalidate(api_id); }

void DataPlane::ResetAuthorizerCache(std::string_view api_id) { core_->authorizers.ResetApi(api_id); }


bool DataPlane::RequiresSignature(std::string_view api_id, std::string_view rest, const http::Request& request) {
  auto api = core_->cache.Get(api_id);
  if (!api) return false;
  Located at = Locate(*api, rest);
  if (!at.stage) return false;
  PathParams params;
  auto index = MatchFirst(at.stage->keys, request.method_string(), at.route_path, &params);
  return index && at.stage->routes[*index]->auth == CompiledRoute::Auth::kIam;
}

bool DataPlane::Serve(std::string_view api_id, std::string_view rest, http::Request& request,
                      http::RequestContext& ctx, http::Responder respond) {
  auto api = core_->cache.Get(api_id);
  if (!api) return false;
  auto ex = std::make_shared<Exchange>(core_, request, ctx, std::move(respond));
  ex->api = std::move(api);
  ex->now = std::chrono::system_clock::now();
  ex->request_id = NewGatewayRequestId();
  ex->method = request.method_string();
  ex->source_ip = SourceIp(ctx.remote_address);
  ExecuteApiHost(request, api_id, &ex->domain_name, &ex->port);

  Located at = Locate(*ex->api, rest);
  ex->raw_path = at.raw_path;
  ex->route_path = at.route_path;
  ex->raw_query = at.raw_query;
  if (ex->api->disable_execute_api_endpoint) {
    FinishWithMessage(ex, 403, "Forbidden");
    return true;
  }
  if (!at.stage) {
    FinishWithMessage(ex, 404, "Not Found");
    return true;
  }
  ex->stage = at.stage;
  if (ex->stage->cors && IsPreflight(request)) {
    ex->preflight = true;
    Finish(ex, CorsPreflight(*ex->stage->cors, request));
    return true;
  }
  auto index = MatchFirst(ex->stage->keys, ex->method, ex->route_path, &ex->params);
  if (!index) {
    FinishWithMessage(ex, 404, "Not Found");
    return true;
  }
  ex->route = ex->stage->routes[*index].get();
  if (ex->route->bucket && !ex->route->bucket->Take()) {
    FinishWithMessage(ex, 429, "Too Many Requests");
    return true;
  }
  ex->parts = ReadRequestParts(request, ex->raw_query, !ex->route->integration || !ex->route->integration->payload_v2);
  std::string_view trace = request["X-Amzn-Trace-Id"];
  ex->trace_id = trace.empty() ? NewTraceId(ex->now) : std::string(trace);
  Authorize(ex);
  return true;
}

}  // namespace cloudlet::apigateway::http_api
