// CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases. Rules of
// names and routing are in alias_routing.h; Invoke and the other qualified
// lookups resolve aliases in function_lookup.cc.
#include <boost/json.hpp>

#include "http/request_context.h"
#include "lambda/alias_routing.h"
#include "lambda/base64.h"
#include "lambda/function_lookup.h"
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

constexpr int kListPageLimit = 50;

aws::Result<json::object> ParseBody(const http::Request& request) {
  boost::system::error_code ec;
  json::value v = json::parse(request.body().empty() ? std::string_view("{}") : std::string_view(request.body()), ec);
  if (ec || !v.is_object())
    return errors::InvalidRequestContent("Could not parse request body into json: " +
                                         (ec ? ec.message() : std::string("the body is not a JSON object")));
  return std::move(v.as_object());
}

aws::Result<std::optional<std::string>> OptionalString(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string())
    return errors::InvalidRequestContent("Could not parse request body into json: Unexpected value for " +
                                         std::string(key));
  return std::optional<std::string>(std::string(v->as_string()));
}

aws::AwsError MissingMember(std::string_view member) {
  return aws::AwsError::Make(400, "ValidationException",
                             "1 validation error detected: Value null at '" + std::string(member) +
                                 "' failed to satisfy constraint: Member must not be null");
}

json::object AliasJson(const AliasRecord& alias, std::string_view function_arn) {
  json::object o;
  o["AliasArn"] = QualifiedArn(function_arn, alias.name);
  o["Name"] = alias.name;
  o["FunctionVersion"] = alias.function_version;
  o["Description"] = alias.description;
  if (!alias.additional_version_weights.empty()) {
    json::object weights;
    for (const auto& [version, weight] : alias.additional_version_weights) weights[version] = weight;
    o["RoutingConfig"] = json::object{{"AdditionalVersionWeights", std::move(weights)}};
  }
  o["RevisionId"] = alias.revision_id;
  return o;
}

// The function of the request ($LATEST), refusing nothing about qualifiers:
// Lambda reads the function name only.
aws::Result<QualifiedFunction> AliasFunction(LambdaState& state, const OperationRequest& req) {
  auto requested = RequestedFunctionOf(req);
  CLOUDLET_TRY(requested);
  return LookupFunction(state, req.region, req.account_id, requested->name, std::nullopt, AliasRouting::kPrimary);
}

// Every version the alias runs exists.
aws::Status CheckVersionsExist(LambdaState& state, const OperationRequest& req, const FunctionRecord& latest,
                               const AliasRecord& alias) {
  auto check = [&](const std::string& version) -> aws::Status {
    if (version == kLatest) return aws::OkStatus();
    auto found = LookupFunction(state, req.region, req.account_id, latest.name, version, AliasRouting::kPrimary);
    if (!found.ok()) return found.error();
    return aws::OkStatus();
  };
  CLOUDLET_TRY(check(alias.function_version));
  for (const auto& [version, weight] : alias.additional_version_weights) CLOUDLET_TRY(check(version));
  return aws::OkStatus();
}

aws::Result<std::string> AliasNameLabel(const OperationRequest& req) {
  auto it = req.route.labels.find("Name");
  if (it == req.route.labels.end()) return errors::Service("route without Name");
  CLOUDLET_TRY(ValidateAliasName(it->second));
  return it->second;
}

aws::AwsError AliasNotFound(const FunctionRecord& latest, std::string_view alias) {
  return aws::AwsError::Make(404, "ResourceNotFoundException", "Cannot find alias arn: " + QualifiedArn(latest.arn, alias));
}

}  // namespace

aws::Result<Reply> CreateAlias(LambdaState& state, const OperationRequest& req) {
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  auto name = OptionalString(*body, "Name");
  CLOUDLET_TRY(name);
  if (!*name) return MissingMember("name");
  CLOUDLET_TRY(ValidateAliasName(**name));
  auto version = OptionalString(*body, "FunctionVersion");
  CLOUDLET_TRY(version);
  if (!*version) return MissingMember("functionVersion");
  CLOUDLET_TRY(ValidateAliasVersion(**version));
  auto description = OptionalString(*body, "Description");
  CLOUDLET_TRY(description);
  if (*description && (*description)->size() > 256)
    return errors::Validation(**description, "description", "Member must have length less than or equal to 256");
  AliasRecord alias{.name = **name, .function_version = **version, .description = description->value_or("")};
  if (const json::value* routing = body->if_contains("RoutingConfig")) {
    auto weights = ParseRoutingConfig(*routing, alias.function_version);
    CLOUDLET_TRY(weights);
    alias.additional_version_weights = std::move(weights.value());
  }
  std::lock_guard lock(state.write_mutex);
  auto function = AliasFunction(state, req);
  CLOUDLET_TRY(function);
  CLOUDLET_TRY(CheckVersionsExist(state, req, function->latest, alias));
  auto existing = state.functions.GetAlias(req.region, function->latest.name, alias.name);
  CLOUDLET_TRY(existing);
  if (*existing)
    return aws::AwsError::Make(409, "ResourceConflictException",
                               "Alias already exists: " + QualifiedArn(function->latest.arn, alias.name));
  alias.revision_id = http::NewRequestId();
  CLOUDLET_TRY(state.functions.PutAlias(req.region, function->latest.name, alias));
  return Reply{201, json::serialize(AliasJson(alias, function->latest.arn))};
}

aws::Result<Reply> GetAlias(LambdaState& state, const OperationRequest& req) {
  auto name = AliasNameLabel(req);
  CLOUDLET_TRY(name);
  auto function = AliasFunction(state, req);
  CLOUDLET_TRY(function);
  auto alias = state.functions.GetAlias(req.region, function->latest.name, *name);
  CLOUDLET_TRY(alias);
  if (!*alias) return AliasNotFound(function->latest, *name);
  return Reply{200, json::serialize(AliasJson(**alias, function->latest.arn))};
}

aws::Result<Reply> UpdateAlias(LambdaState& state, const OperationRequest& req) {
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  auto name = AliasNameLabel(req);
  CLOUDLET_TRY(name);
  auto version = OptionalString(*body, "FunctionVersion");
  CLOUDLET_TRY(version);
  if (*version) CLOUDLET_TRY(ValidateAliasVersion(**version));
  auto description = OptionalString(*body, "Description");
  CLOUDLET_TRY(description);
  if (*description && (*description)->size() > 256)
    return errors::Validation(**description, "description", "Member must have length less than or equal to 256");
  auto revision = OptionalString(*body, "RevisionId");
  CLOUDLET_TRY(revision);
  std::lock_guard lock(state.write_mutex);
  auto function = AliasFunction(state, req);
  CLOUDLET_TRY(function);
  auto stored = state.functions.GetAlias(req.region, function->latest.name, *name);
  CLOUDLET_TRY(stored);
  if (!*stored) return AliasNotFound(function->latest, *name);
  AliasRecord alias = std::move(**stored);
  if (*revision && **revision != alias.revision_id) return errors::PreconditionFailed();
  if (*version) alias.function_version = **version;
  if (*description) alias.description = **description;
  if (const json::value* routing = body->if_contains("RoutingConfig")) {
    auto weights = ParseRoutingConfig(*routing, alias.function_version);
    CLOUDLET_TRY(weights);
    alias.additional_version_weights = std::move(weights.value());
  } else if (!alias.additional_version_weights.empty()) {
    // The kept routing must still suit a new primary version.
    json::object weights;
    for (const auto& [v, w] : alias.additional_version_weights) weights[v] = w;
    auto checked = ParseRoutingConfig(json::object{{"AdditionalVersionWeights", std::move(weights)}},
                                      alias.function_version);
    CLOUDLET_TRY(checked);
  }
  CLOUDLET_TRY(CheckVersionsExist(state, req, function->latest, alias));
  alias.revision_id = http::NewRequestId();
  CLOUDLET_TRY(state.functions.PutAlias(req.region, function->latest.name, alias));
  return Reply{200, json::serialize(AliasJson(alias, function->latest.arn))};
}

aws::Result<Reply> DeleteAlias(LambdaState& state, const OperationRequest& req) {
  auto name = AliasNameLabel(req);
  CLOUDLET_TRY(name);
  std::lock_guard lock(state.write_mutex);
  auto function = AliasFunction(state, req);
  CLOUDLET_TRY(function);
  // Deleting an alias that does not exist succeeds, as Lambda's does.
  CLOUDLET_TRY(state.functions.DeleteAlias(req.region, function->latest.name, *name));
  return Reply{204, {}};
}

aws::Result<Reply> ListAliases(LambdaState& state, const OperationRequest& req) {
  int limit = kListPageLimit;
  if (auto max = QueryParameter(req.route, "MaxItems")) {
    char* end = nullptr;
    long n = std::strtol(max->c_str(), &end, 10);
    if (max->empty() || *end != '\0' || n < 1 || n > 10000)
      return errors::Validation(*max, "maxItems", "Member must have value between 1 and 10000");
    limit = static_cast<int>(std::min<long>(n, kListPageLimit));
  }
  auto filter = QueryParameter(req.route, "FunctionVersion");
  if (filter) CLOUDLET_TRY(ValidateAliasVersion(*filter));
  std::string after;
  if (auto m = QueryParameter(req.route, "Marker"); m && !m->empty()) {
    auto decoded = Base64Decode(*m);
    if (!decoded) return errors::InvalidParameter("Invalid marker: " + *m);
    after = *decoded;
  }
  auto function = AliasFunction(state, req);
  CLOUDLET_TRY(function);
  auto aliases = state.functions.ListAliases(req.region, function->latest.name);
  CLOUDLET_TRY(aliases);
  json::array out;
  std::optional<std::string> next;
  for (const auto& alias : *aliases) {
    if (!after.empty() && alias.name <= after) continue;
    if (filter && alias.function_version != *filter) continue;
    if (static_cast<int>(out.size()) == limit) {
      next = Base64Encode(out.back().as_object().at("Name").as_string());
      break;
    }
    out.push_back(AliasJson(alias, function->latest.arn));
  }
  json::object o;
  o["Aliases"] = std::move(out);
  if (next) o["NextMarker"] = *next;
  return Reply{200, json::serialize(o)};
}

}  // namespace cloudlet::lambda
