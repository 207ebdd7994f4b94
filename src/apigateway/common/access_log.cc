#include "apigateway/common/access_log.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <utility>

#include "apigateway/common/time_format.h"

#include <spdlog/spdlog.h>

namespace cloudlet::apigateway {
namespace {

constexpr std::string_view kPrefix = "$context.";

bool NameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }

void Value(std::string& out, std::string_view v) {
  if (v.empty()) out.push_back('-');
  else out.append(v);
}

void Number(std::string& out, int64_t v, bool present = true) {
  if (!present) out.push_back('-');
  else fmt::format_to(std::back_inserter(out), "{}", v);
}

// A member of a JSON object text, as text ("-" when absent).
void JsonMember(std::string& out, std::string_view object_json, std::string_view key) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(object_json, ec);
  const boost::json::value* m = !ec && v.is_object() ? v.as_object().if_contains(key) : nullptr;
  if (!m || m->is_null()) return out.push_back('-');
  if (m->is_string()) return Value(out, m->as_string());
  out += boost::json::serialize(*m);
}

}  // namespace

std::optional<std::pair<std::string, std::string>> LogGroupOf(std::string_view arn) {
  constexpr std::string_view kArnPrefix = "arn:aws:logs:";
  if (!arn.starts_with(kArnPrefix)) return std::nullopt;
  std::string_view rest = arn.substr(kArnPrefix.size());
  std::string_view region = rest.substr(0, rest.find(':'));
  auto at = rest.find(":log-group:");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view name = rest.substr(at + 11);
  if (name.ends_with(":*")) name.remove_suffix(2);
  if (name.empty()) return std::nullopt;
  return std::pair{std::string(region), std::string(name)};
}

std::optional<AccessLogTarget> ReadAccessLogSettings(const boost::json::object& settings) {
  const boost::json::value* arn = settings.if_contains("destinationArn");
  const boost::json::value* format = settings.if_contains("format");
  if (!arn || !arn->is_string() || !format || !format->is_string() || format->as_string().empty()) return std::nullopt;
  auto group = LogGroupOf(arn->as_string());
  if (!group) return std::nullopt;
  return AccessLogTarget{AccessLogFormat(format->as_string()), std::move(group->first), std::move(group->second)};
}

void ShipAccessLog(const AccessLogTarget& target, const AccessLogRecord& record, Worker& writer,
                   const LogLineFn* log_line) {
  std::string line;
  target.format.Render(record, line);
  spdlog::info("apigateway access {} {}: {}", record.api_id, record.stage, line);
  std::string stream(record.api_id);
  stream.push_back('_');
  stream.append(record.stage);
  writer.Post([log_line, region = target.region, group = target.log_group, stream = std::move(stream),
               line = std::move(line)] {
    if (log_line && *log_line) (*log_line)(region, group, stream, line);
  });
}

AccessLogFormat::AccessLogFormat(std::string_view format) {
  static const std::pair<std::string_view, Var> kNames[] = {
      {"accountId", Var::kAccountId}, {"apiId", Var::kApiId}, {"domainName", Var::kDomainName},
      {"domainPrefix", Var::kDomainPrefix}, {"httpMethod", Var::kHttpMethod}, {"path", Var::kPath},
      {"protocol", Var::kProtocol}, {"requestId", Var::kRequestId}, {"extendedRequestId", Var::kExtendedRequestId},
      {"routeKey", Var::kRouteKey}, {"stage", Var::kStage}, {"status", Var::kStatus},
      {"identity.sourceIp", Var::kSourceIp}, {"identity.userAgent", Var::kUserAgent},
      {"identity.accessKey", Var::kIdentityAccessKey}, {"identity.accountId", Var::kIdentityAccountId},
      {"identity.caller", Var::kIdentityCaller}, {"identity.user", Var::kIdentityUser},
      {"identity.userArn", Var::kIdentityUserArn}, {"requestTime", Var::kRequestTime},
      {"requestTimeEpoch", Var::kRequestTimeEpoch}, {"responseLength", Var::kResponseLength},
      {"responseLatency", Var::kResponseLatency}, {"integrationLatency", Var::kIntegrationLatency},
      {"integration.latency", Var::kIntegrationLatency}, {"integrationStatus", Var::kIntegrationStatus},
      {"integration.integrationStatus", Var::kIntegrationStatus}, {"integration.status", Var::kIntegrationStatus},
      {"integration.error", Var::kIntegrationError}, {"integrationErrorMessage", Var::kIntegrationErrorMessage},
      {"integration.requestId", Var::kIntegrationRequestId}, {"error.message", Var::kErrorMessage},
      {"error.messageString", Var::kErrorMessageString}, {"error.responseType", Var::kErrorResponseType},
      {"authorizer.error", Var::kAuthorizerError}, {"authorizer.principalId", Var::kAuthorizerPrincipalId},
      {"dataProcessed", Var::kDataProcessed}, {"resourcePath", Var::kResourcePath},
      {"resourceId", Var::kResourceId}, {"identity.apiKey", Var::kIdentityApiKey},
      {"identity.apiKeyId", Var::kIdentityApiKeyId}, {"deploymentId", Var::kDeploymentId},
  };
  std::string literal;
  while (!format.empty()) {
    auto at = format.find(kPrefix);
    if (at == std::string_view::npos) {
      literal.append(format);
      break;
    }
    literal.append(format.substr(0, at));
    format.remove_prefix(at + kPrefix.size());
    std::size_t n = 0;
    while (n < format.size() && NameChar(format[n])) ++n;
    std::string_view name = format.substr(0, n);
    while (!name.empty() && (name.back() == '.' || name.back() == '-')) name.remove_suffix(1);
    format.remove_prefix(name.size());
    if (name.empty()) {
      literal.append(kPrefix);
      continue;
    }
    if (!literal.empty()) pieces_.push_back({Var::kLiteral, std::move(literal)}), literal.clear();
    Piece piece{Var::kUnknown, {}};
    for (auto& [known, var] : kNames)
      if (known == name) piece.var = var;
    if (piece.var == Var::kUnknown && name.starts_with("authorizer.claims.")) {
      piece = {Var::kAuthorizerClaim, std::string(name.substr(18))};
    } else if (piece.var == Var::kUnknown && name.starts_with("authorizer.")) {
      piece = {Var::kAuthorizerProperty, std::string(name.substr(11))};
    }
    pieces_.push_back(std::move(piece));
  }
  if (!literal.empty()) pieces_.push_back({Var::kLiteral, std::move(literal)});
}

void AccessLogFormat::Render(const AccessLogRecord& r, std::string& out) const {
  const AuthorizerContext* a = r.authorizer;
  bool iam = a && a->kind == AuthorizerContext::Kind::kIam;
  for (const Piece& p : pieces_) {
    switch (p.var) {
      case Var::kLiteral: out += p.text; break;
      case Var::kAccountId: Value(out, r.account_id); break;
      case Var::kApiId: Value(out, r.api_id); break;
      case Var::kDomainName: Value(out, r.domain_name); break;
      case Var::kDomainPrefix: Value(out, r.domain_prefix); break;
      case Var::kHttpMethod: Value(out, r.http_method); break;
      case Var::kPath: Value(out, r.path); break;
      case Var::kProtocol: Value(out, r.protocol); break;
      case Var::kRequestId:
      case Var::kExtendedRequestId: Value(out, r.request_id); break;
      case Var::kRouteKey: Value(out, r.route_key); break;
      case Var::kStage: Value(out, r.stage); break;
      case Var::kStatus: Number(out, r.status); break;
      case Var::kSourceIp: Value(out, r.source_ip); break;
      case Var::kUserAgent: Value(out, r.user_agent); break;
      case Var::kRequestTime:
        out += ClfTime(std::chrono::system_clock::time_point(std::chrono::milliseconds(r.request_time_epoch_ms)));
        break;
      case Var::kRequestTimeEpoch: Number(out, r.request_time_epoch_ms); break;
      case Var::kResponseLength: Number(out, r.response_length); break;
      case Var::kResponseLatency: Number(out, r.response_latency_ms); break;
      case Var::kIntegrationLatency: Number(out, r.integration_latency_ms, r.integration_latency_ms >= 0); break;
      case Var::kIntegrationStatus: Number(out, r.integration_status, r.integration_status >= 0); break;
      case Var::kIntegrationError:
      case Var::kIntegrationErrorMessage: Value(out, r.integration_error); break;
      case Var::kIntegrationRequestId: Value(out, r.integration_request_id); break;
      case Var::kErrorMessage: Value(out, r.error_message); break;
      case Var::kErrorMessageString:
        if (r.error_message.empty()) out.push_back('-');
        else out += '"', out += r.error_message, out += '"';
        break;
      case Var::kErrorResponseType: Value(out, r.error_response_type); break;
      case Var::kAuthorizerError: Value(out, r.authorizer_error); break;
      case Var::kAuthorizerPrincipalId: Value(out, a ? std::string_view(a->principal_id) : std::string_view{}); break;
      case Var::kAuthorizerClaim:
        if (a && a->kind == AuthorizerContext::Kind::kJwt) JsonMember(out, a->claims_json, p.text);
        else out.push_back('-');
        break;
      case Var::kAuthorizerProperty:
        if (a && a->kind == AuthorizerContext::Kind::kLambda) JsonMember(out, a->context_json, p.text);
        else out.push_back('-');
        break;
      case Var::kIdentityAccessKey: Value(out, iam ? std::string_view(a->access_key) : std::string_view{}); break;
      case Var::kIdentityAccountId: Value(out, iam ? std::string_view(a->caller_account_id) : std::string_view{}); break;
      case Var::kIdentityCaller:
      case Var::kIdentityUser: Value(out, iam ? std::string_view(a->user_id) : std::string_view{}); break;
      case Var::kIdentityUserArn: Value(out, iam ? std::string_view(a->user_arn) : std::string_view{}); break;
      case Var::kDataProcessed: Number(out, r.data_processed); break;
      case Var::kResourcePath: Value(out, r.resource_path); break;
      case Var::kResourceId: Value(out, r.resource_id); break;
      case Var::kIdentityApiKey: Value(out, r.api_key); break;
      case Var::kIdentityApiKeyId: Value(out, r.api_key_id); break;
      case Var::kDeploymentId: Value(out, r.deployment_id); break;
      case Var::kUnknown: out.push_back('-'); break;
    }
  }
}

}  // namespace cloudlet::apigateway
