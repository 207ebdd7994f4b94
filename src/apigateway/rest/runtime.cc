#include "apigateway/rest/runtime.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <limits>

#include "apigateway/common/json_writer.h"
#include "apigateway/common/lambda_uri.h"
#include "apigateway/common/proxy_rules.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/stage_records.h"

namespace cloudlet::apigateway::rest {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::optional<std::regex> Regex(std::string_view text) {
  try {
    return std::regex(std::string(text));
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

// A template is VTL unless it holds neither '$' nor '#' (a literal body).
bool IsVtl(std::string_view text) { return text.find_first_of("$#") != std::string_view::npos; }

std::unique_ptr<RestAuthorizer> CompileAuthorizer(const json::object& r) {
  auto a = std::make_unique<RestAuthorizer>();
  a->id = std::string(Str(r, "id"));
  a->token = Str(r, "type") == "TOKEN";
  if (auto fn = AuthorizerFunction(Str(r, "authorizerUri"))) a->function_arn = *fn;
  if (auto sources = ParseIdentitySources(Str(r, "identitySource"))) a->sources = std::move(*sources);
  if (std::string_view expr = Str(r, "identityValidationExpression"); !expr.empty()) a->validation = Regex(expr);
  a->ttl_seconds = static_cast<int>(Num(r, "authorizerResultTtlInSeconds").value_or(300));
  return a;
}

RestIntegration CompileIntegration(const json::object& i) {
  RestIntegration out;
  std::string_view type = Str(i, "type");
  out.timeout = std::chrono::milliseconds(static_cast<int64_t>(Num(i, "timeoutInMillis").value_or(29000)));
  if (type == "AWS_PROXY") {
    out.type = RestIntegration::Type::kLambda;
    auto fn = LambdaFunctionOfUri(Str(i, "uri"));
    out.target = fn ? *fn : std::string(Str(i, "uri"));
  } else if (type == "HTTP_PROXY") {
    out.type = RestIntegration::Type::kHttp;
    out.target = std::string(Str(i, "uri"));
    out.http_method = std::string(Str(i, "httpMethod"));
    for (const auto& [to, from] : Obj(i, "requestParameters")) {
      constexpr std::string_view kTo = "integration.request.path.", kFrom = "method.request.path.";
      std::string_view t = to, f = from.is_string() ? std::string_view(from.as_string()) : std::string_view{};
      if (!t.starts_with(kTo)) continue;
      std::string name(t.substr(kTo.size()));
      if (f.starts_with(kFrom)) out.path_from_method.emplace_back(std::move(name), std::string(f.substr(kFrom.size())));
      else if (f.size() >= 2 && f.front() == '\'' && f.back() == '\'')
        out.path_static.emplace_back(std::move(name), std::string(f.substr(1, f.size() - 2)));
    }
  } else if (type == "MOCK") {
    out.type = RestIntegration::Type::kMock;
    for (const auto& [ct, t] : Obj(i, "requestTemplates"))
      out.request_templates.emplace_back(Lower(ct), t.is_string() ? std::string(t.as_string()) : std::string{});
    if (std::string_view p = Str(i, "passthroughBehavior"); !p.empty()) out.passthrough = std::string(p);
    for (const auto& [code, v] : Obj(i, "integrationResponses")) {
      if (!v.is_object()) continue;
      const json::object& r = v.as_object();
      MockResponse m;
      m.status_code = std::string(code);
      if (std::string_view p = Str(r, "selectionPattern"); !p.empty()) m.pattern = Regex(p);
      for (const auto& [name, value] : Obj(r, "responseParameters")) {
        constexpr std::string_view kPrefix = "method.response.header.";
        std::string_view n = name, val = value.is_string() ? std::string_view(value.as_string()) : std::string_view{};
        if (!n.starts_with(kPrefix) || val.size() < 2 || val.front() != '\'' || val.back() != '\'') continue;
        m.headers.emplace_back(std::string(n.substr(kPrefix.size())), std::string(val.substr(1, val.size() - 2)));
      }
      const json::object& templates = Obj(r, "responseTemplates");
      const json::value* body = templates.if_contains("application/json");
      if (!body && !templates.empty()) body = &templates.begin()->value();
      if (body && body->is_string()) {
        m.vtl = IsVtl(body->as_string());
        if (!m.vtl) m.body = std::string(body->as_string());
      }
      out.responses.push_back(std::move(m));
    }
  }
  return out;
}

std::unique_ptr<TokenBucket> BucketFor(const json::object* setting) {
  if (!setting) return nullptr;
  std::optional<double> burst = Num(*setting, "throttlingBurstLimit");
  std::optional<double> rate = Num(*setting, "throttlingRateLimit");
  if (!burst && !rate) return nullptr;
  if (!burst) burst = std::max(1.0, *rate);
  if (!rate) rate = std::numeric_limits<double>::infinity();
  return std::make_unique<TokenBucket>(*rate, *burst);
}

std::unique_ptr<StageRuntime> CompileStage(std::string_view api_id, const json::object& stage,
                                           const json::object& snapshot, GatewayMetrics& metrics) {
  auto out = std::make_unique<StageRuntime>();
  out->name = std::string(Str(stage, "stageName"));
  out->deployment_id = std::string(Str(stage, "deploymentId"));
  const json::object& api = Obj(snapshot, "api");
  out->api_key_from_authorizer = Str(api, "apiKeySource") == "AUTHORIZER";
  out->disable_execute_api_endpoint = Bool(api, "disableExecuteApiEndpoint");
  if (const json::value* types = api.if_contains("binaryMediaTypes"); types && types->is_array())
    for (const auto& t : types->as_array())
      if (t.is_string()) out->binary_media_types.push_back(Lower(t.as_string()));
  if (const json::value* list = snapshot.if_contains("authorizers"); list && list->is_array())
    for (const auto& a : list->as_array())
      if (a.is_object()) out->authorizers.push_back(CompileAuthorizer(a.as_object()));

  std::vector<ResourceTree::Resource> tree_input;
  const json::value* resources = snapshot.if_contains("resources");
  if (resources && resources->is_array()) {
    for (const auto& rv : resources->as_array()) {
      if (!rv.is_object()) continue;
      const json::object& r = rv.as_object();
      ResourceTree::Resource node{std::string(Str(r, "id")), std::string(Str(r, "parentId")),
                                  std::string(Str(r, "pathPart")), 0};
      std::array<const RestMethod*, 8> by_bit{};
      for (const auto& [name, mv] : Obj(r, "resourceMethods")) {
        int bit = MethodBit(name);
        if (bit < 0 || !mv.is_object()) continue;
        const json::object& m = mv.as_object();
        auto method = std::make_unique<RestMethod>();
        method->http_method = std::string(name);
        method->resource_id = node.id;
        method->resource_path = std::string(Str(r, "path"));
        method->route = method->http_method + " " + method->resource_path;
        std::string_view auth = Str(m, "authorizationType");
        method->auth = auth == "AWS_IAM"            ? RestMethod::Auth::kIam
                       : auth == "CUSTOM"            ? RestMethod::Auth::kCustom
                       : auth == "COGNITO_USER_POOLS" ? RestMethod::Auth::kCognito
                                                      : RestMethod::Auth::kNone;
        for (const auto& a : out->authorizers)
          if (a->id == Str(m, "authorizerId")) method->authorizer = a.get();
        method->api_key_required = Bool(m, "apiKeyRequired");
        method->integration = CompileIntegration(Obj(m, "methodIntegration"));
        method->bucket = BucketFor(MethodSettingFor(stage, method->resource_path, method->http_method));
        method->metrics = metrics.Series(api_id, out->name, method->route);
        by_bit[bit] = method.get();
        node.methods |= static_cast<uint8_t>(1u << bit);
        out->owned_methods.push_back(std::move(method));
      }
      out->methods.push_back(by_bit);
      tree_input.push_back(std::move(node));
    }
  }
  out->tree.Build(std::move(tree_input));

  CompileStageVariables(Obj(stage, "variables"), &out->variables, &out->variables_json);
  out->access_log = ReadAccessLogSettings(Obj(stage, "accessLogSettings"));
  out->unmatched_metrics = metrics.Series(api_id, out->name, "-");
  return out;
}

}  // namespace

bool MediaTypeMatches(std::string_view pattern, std::string_view media_type) {
  std::string type = Lower(Trim(media_type.substr(0, media_type.find(';'))));
  if (pattern == "*/*") return !type.empty();
  auto ps = pattern.find('/'), ts = type.find('/');
  if (ps == std::string_view::npos || ts == std::string::npos) return pattern == type;
  std::string_view pt = pattern.substr(0, ps), pst = pattern.substr(ps + 1);
  std::string_view tt = std::string_view(type).substr(0, ts), tst = std::string_view(type).substr(ts + 1);
  return (pt == "*" || pt == tt) && (pst == "*" || pst == tst);
}

std::string_view StageRuntime::Variable(std::string_view name) const {
  for (const auto& [k, v] : variables)
    if (k == name) return v;
  return {};
}

bool StageRuntime::IsBinary(std::string_view content_type) const {
  if (binary_media_types.empty() || content_type.empty()) return false;
  // An Accept header may list several types: any of them.
  while (!content_type.empty()) {
    auto comma = content_type.find(',');
    std::string_view one = content_type.substr(0, comma);
    for (const auto& t : binary_media_types)
      if (MediaTypeMatches(t, one)) return true;
    content_type = comma == std::string_view::npos ? std::string_view{} : content_type.substr(comma + 1);
  }
  return false;
}

const StageRuntime* ApiRuntime::Stage(std::string_view name) const {
  for (const auto& s : stages)
    if (s->name == name) return s.get();
  return nullptr;
}

std::string WithStageVariables(std::string_view text, const StageRuntime& stage) {
  return SubstituteStageVariables(text, stage.variables);
}

aws::Result<std::shared_ptr<const ApiRuntime>> BuildApiRuntime(const RestStore& store, std::string_view api_id,
                                                               GatewayMetrics& metrics) {
  auto api = store.GetApi(api_id);
  CLOUDLET_TRY(api);
  if (!*api) return std::shared_ptr<const ApiRuntime>{};
  auto runtime = std::make_shared<ApiRuntime>();
  runtime->api_id = std::string(api_id);
  runtime->region = std::string(Str(**api, "_region"));
  auto stages = store.ListChildren(api_id, Kind::kStage);
  CLOUDLET_TRY(stages);
  for (const auto& s : *stages) {
    auto snapshot = store.GetChild(api_id, Kind::kSnapshot, Str(s.record, "deploymentId"));
    CLOUDLET_TRY(snapshot);
    if (!*snapshot) continue;
    runtime->stages.push_back(CompileStage(api_id, s.record, **snapshot, metrics));
  }
  return std::shared_ptr<const ApiRuntime>(std::move(runtime));
}

}  // namespace cloudlet::apigateway::rest
