#include "apigateway/http_api/runtime.h"

#include <boost/json.hpp>

#include <algorithm>
#include <limits>

#include "apigateway/common/json_access.h"
#include "apigateway/common/json_writer.h"
#include "apigateway/common/proxy_rules.h"
#include "apigateway/http_api/records.h"

namespace cloudlet::apigateway::http_api {
namespace json = boost::json;
namespace {

// The configuration a stage serves: lists of route, integration and
// authorizer records, and the CORS configuration.
struct Source {
  json::array routes, integrations, authorizers;
  json::value cors;
};

aws::Result<Source> LiveSource(const ApiStore& store, std::string_view api_id, const json::object& api) {
  Source s;
  for (auto [kind, list] : {std::pair{Kind::kRoute, &s.routes}, std::pair{Kind::kIntegration, &s.integrations},
                            std::pair{Kind::kAuthorizer, &s.authorizers}}) {
    auto children = store.ListChildren(api_id, kind);
    CLOUDLET_TRY(children);
    for (auto& c : *children) list->push_back(std::move(c.record));
  }
  if (const json::value* cors = api.if_contains("corsConfiguration")) s.cors = *cors;
  return s;
}

aws::Result<Source> SnapshotSource(const ApiStore& store, std::string_view api_id, std::string_view deployment) {
  Source s;
  if (deployment.empty()) return s;
  auto snapshot = store.GetChild(api_id, Kind::kSnapshot, deployment);
  CLOUDLET_TRY(snapshot);
  if (!*snapshot) return s;
  for (auto [member, list] : {std::pair{"routes", &s.routes}, std::pair{"integrations", &s.integrations},
                              std::pair{"authorizers", &s.authorizers}})
    if (const json::value* v = (*snapshot)->if_contains(member); v && v->is_array()) *list = v->as_array();
  if (const json::value* cors = (*snapshot)->if_contains("cors")) s.cors = *cors;
  return s;
}

std::unique_ptr<TokenBucket> BucketFor(const json::object& defaults, const json::object& route_settings) {
  std::optional<double> burst = Num(route_settings, "throttlingBurstLimit");
  std::optional<double> rate = Num(route_settings, "throttlingRateLimit");
  if (!burst) burst = Num(defaults, "throttlingBurstLimit");
  if (!rate) rate = Num(defaults, "throttlingRateLimit");
  if (!burst && !rate) return nullptr;
  if (!burst) burst = std::max(1.0, *rate);
  if (!rate) rate = std::numeric_limits<double>::infinity();
  return std::make_unique<TokenBucket>(*rate, *burst);
}

std::unique_ptr<StageRuntime> CompileStage(std::string_view api_id, const json::object& stage, Source source,
                                           GatewayMetrics& metrics) {
  auto out = std::make_unique<StageRuntime>();
  out->name = std::string(Str(stage, "stageName"));

  for (const auto& v : source.integrations) {
    if (!v.is_object()) continue;
    const json::object& r = v.as_object();
    auto c = std::make_unique<CompiledIntegration>();
    c->id = std::string(Str(r, "integrationId"));
    c->type = Str(r, "integrationType") == "HTTP_PROXY" ? CompiledIntegration::Type::kHttp
                                                       : CompiledIntegration::Type::kLambda;
    std::string_view uri = Str(r, "integrationUri");
    if (c->type == CompiledIntegration::Type::kLambda) {
      auto fn = LambdaFunctionOfUri(uri);
      c->target = fn ? *fn : std::string(uri);
    } else {
      c->target = std::string(uri);
    }
    c->method = std::string(Str(r, "integrationMethod"));
    c->payload_v2 = Str(r, "payloadFormatVersion") == "2.0";
    c->timeout = std::chrono::milliseconds(static_cast<int64_t>(Num(r, "timeoutInMillis").value_or(30000)));
    out->integrations.push_back(std::move(c));
  }
  for (const auto& v : source.authorizers) {
    if (!v.is_object()) continue;
    const json::object& r = v.as_object();
    auto a = std::make_unique<CompiledAuthorizer>();
    a->id = std::string(Str(r, "authorizerId"));
    a->type = Str(r, "authorizerType") == "JWT" ? CompiledAuthorizer::Type::kJwt : CompiledAuthorizer::Type::kRequest;
    a->identity_sources = Strings(r, "identitySource");
    const json::object& jwt = Obj(r, "jwtConfiguration");
    a->issuer = std::string(Str(jwt, "issuer"));
    a->audiences = Strings(jwt, "audience");
    if (auto fn = LambdaFunctionOfUri(Str(r, "authorizerUri"))) a->function_arn = *fn;
    a->payload_v2 = Str(r, "authorizerPayloadFormatVersion") != "1.0";
    const json::value* simple = r.if_contains("enableSimpleResponses");
    a->simple_responses = simple && simple->is_bool() && simple->as_bool();
    a->ttl_seconds = static_cast<int>(Num(r, "authorizerResultTtlInSeconds").value_or(0));
    out->authorizers.push_back(std::move(a));
  }

  const json::object& defaults = Obj(stage, "defaultRouteSettings");
  const json::object& per_route = Obj(stage, "routeSettings");
  for (const auto& v : source.routes) {
    if (!v.is_object()) continue;
    const json::object& r = v.as_object();
    auto key = ParseRouteKey(Str(r, "routeKey"));
    if (!key) continue;
    auto c = std::make_unique<CompiledRoute>();
    c->key = std::move(*key);
    c->route_key = std::string(Str(r, "routeKey"));
    c->route_id = std::string(Str(r, "routeId"));
    std::string_view target = Str(r, "target");
    if (target.starts_with("integrations/"))
      for (const auto& i : out->integrations)
        if (i->id == target.substr(13)) c->integration = i.get();
    std::string_view auth = Str(r, "authorizationType");
    c->auth = auth == "JWT"       ? CompiledRoute::Auth::kJwt
              : auth == "CUSTOM"  ? CompiledRoute::Auth::kCustom
              : auth == "AWS_IAM" ? CompiledRoute::Auth::kIam
                                  : CompiledRoute::Auth::kNone;
    std::string_view authorizer_id = Str(r, "authorizerId");
    for (const auto& a : out->authorizers)
      if (a->id == authorizer_id) c->authorizer = a.get();
    c->scopes = Strings(r, "authorizationScopes");
    c->bucket = BucketFor(defaults, Obj(per_route, c->route_key));
    c->metrics = metrics.Series(api_id, out->name, c->route_key);
    out->routes.push_back(std::move(c));
  }
  std::stable_sort(out->routes.begin(), out->routes.end(),
                   [](const auto& a, const auto& b) { return MoreSpecific(a->key, b->key); });
  for (const auto& r : out->routes) out->keys.push_back(&r->key);

  if (source.cors.is_object()) out->cors = ParseCorsConfig(source.cors);
  CompileStageVariables(Obj(stage, "stageVariables"), &out->stage_variables, &out->stage_variables_json);
  out->access_log = ReadAccessLogSettings(Obj(stage, "accessLogSettings"));
  out->unmatched_metrics = metrics.Series(api_id, out->name, "-");
  return out;
}

}  // namespace

std::string_view StageRuntime::Variable(std::string_view name) const {
  for (const auto& [k, v] : stage_variables)
    if (k == name) return v;
  return {};
}

const StageRuntime* ApiRuntime::Stage(std::string_view name) const {
  for (const auto& s : stages)
    if (s->name == name) return s.get();
  return nullptr;
}

std::string WithStageVariables(std::string_view text, const StageRuntime& stage) {
  return SubstituteStageVariables(text, stage.stage_variables);
}

aws::Result<std::shared_ptr<const ApiRuntime>> BuildApiRuntime(const ApiStore& store, std::string_view api_id,
                                                               GatewayMetrics& metrics) {
  auto api = store.GetApi(api_id);
  CLOUDLET_TRY(api);
  if (!*api) return std::shared_ptr<const ApiRuntime>{};
  auto runtime = std::make_shared<ApiRuntime>();
  runtime->api_id = std::string(api_id);
  runtime->region = std::string(Str(**api, "_region"));
  const json::value* disabled = (*api)->if_contains("disableExecuteApiEndpoint");
  runtime->disable_execute_api_endpoint = disabled && disabled->is_bool() && disabled->as_bool();
  auto stages = store.ListChildren(api_id, Kind::kStage);
  CLOUDLET_TRY(stages);
  std::optional<Source> live;
  for (const auto& s : *stages) {
    const json::value* automatic = s.record.if_contains("autoDeploy");
    Source source;
    if (automatic && automatic->is_bool() && automatic->as_bool()) {
      if (!live) {
        auto loaded = LiveSource(store, api_id, **api);
        CLOUDLET_TRY(loaded);
        live = std::move(*loaded);
      }
      source = *live;
    } else {
      auto loaded = SnapshotSource(store, api_id, Str(s.record, "deploymentId"));
      CLOUDLET_TRY(loaded);
      source = std::move(*loaded);
    }
    runtime->stages.push_back(CompileStage(api_id, s.record, std::move(source), metrics));
  }
  return std::shared_ptr<const ApiRuntime>(std::move(runtime));
}

}  // namespace cloudlet::apigateway::http_api
