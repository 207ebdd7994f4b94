// Function URL configuration: Create/Get/Update/Delete/ListFunctionUrlConfigs
// over FunctionStore's URL records (function_url.h).
#include <boost/json.hpp>

#include <charconv>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "lambda/base64.h"
#include "lambda/function_lookup.h"
#include "lambda/function_url.h"
#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

// "2024-05-01T12:00:00.123456Z", as Lambda reports CreationTime and LastModifiedTime.
std::string UrlTimestampNow() {
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:06}Z", buf, us);
}

aws::AwsError UrlNotFound() {
  return aws::AwsError::Make(404, "ResourceNotFoundException", "The resource you requested does not exist.");
}

aws::Result<json::object> ParseBody(const http::Request& request) {
  boost::system::error_code ec;
  json::value v = json::parse(request.body().empty() ? std::string_view("{}") : std::string_view(request.body()), ec);
  if (ec || !v.is_object())
    return errors::InvalidRequestContent("Could not parse request body into json: " +
                                         (ec ? ec.message() : std::string("the body is not a JSON object")));
  return std::move(v.as_object());
}

aws::Status CheckEnum(const json::object& body, std::string_view key, std::string_view member,
                      std::initializer_list<std::string_view> allowed, std::string_view set) {
  const json::value* v = body.if_contains(key);
  if (!v) return aws::OkStatus();
  std::string text = v->is_string() ? std::string(v->as_string()) : json::serialize(*v);
  for (auto a : allowed)
    if (v->is_string() && text == a) return aws::OkStatus();
  return errors::Validation(text, member, "Member must satisfy enum value set: " + std::string(set));
}

// Keeps the Cors members the model knows, checking their types.
aws::Result<std::string> CorsFrom(const json::value& value) {
  if (!value.is_object()) return errors::InvalidRequestContent("Could not parse request body into json: Cors is not an object");
  json::object out;
  for (const auto& [k, v] : value.as_object()) {
    if (k == "AllowCredentials") {
      if (!v.is_bool()) return errors::InvalidParameter("Cors.AllowCredentials must be a boolean");
    } else if (k == "MaxAge") {
      if (!v.is_int64() || v.as_int64() < 0 || v.as_int64() > 86400)
        return errors::Validation(json::serialize(v), "cors.maxAge",
                                  "Member must have value less than or equal to 86400");
    } else if (k == "AllowHeaders" || k == "AllowMethods" || k == "AllowOrigins" || k == "ExposeHeaders") {
      if (!v.is_array()) return errors::InvalidParameter("Cors." + std::string(k) + " must be a list of strings");
      for (const auto& item : v.as_array())
        if (!item.is_string()) return errors::InvalidParameter("Cors." + std::string(k) + " must be a list of strings");
    } else {
      continue;
    }
    out[k] = v;
  }
  return json::serialize(out);
}

json::object ConfigJson(const FunctionUrlRecord& r, bool with_last_modified) {
  json::object o;
  o["FunctionUrl"] = r.function_url;
  o["FunctionArn"] = r.function_arn;
  o["AuthType"] = r.auth_type;
  if (r.cors) {
    boost::system::error_code ec;
    json::value cors = json::parse(*r.cors, ec);
    if (!ec) o["Cors"] = std::move(cors);
  }
  o["CreationTime"] = r.creation_time;
  if (with_last_modified) o["LastModifiedTime"] = r.last_modified_time;
  o["InvokeMode"] = r.invoke_mode;
  return o;
}

constexpr std::string_view kLatestPattern = "((?!^\\d+$)^[0-9a-zA-Z-_]+$)";
constexpr std::string_view kVersionPattern = "(^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))";

// The function the request names, the alias its Qualifier names (nullopt:
// the unqualified function) and the URL there (nullopt when it has none).
// URLs live on the unqualified function or on an alias, never on a version.
struct Found {
  FunctionRecord function;
  std::optional<std::string> qualifier;
  std::optional<FunctionUrlRecord> url;
  std::string arn() const { return QualifiedArn(function.arn, qualifier); }
};
enum class MissingAlias { kFunctionDoesNotExist, kResourceDoesNotExist };
aws::Result<Found> FindWithUrl(LambdaState& state, const OperationRequest& req, MissingAlias missing_alias) {
  auto requested = RequestedFunctionOf(req);
  CLOUDLET_TRY(requested);
  const auto& qualifier = requested->qualifier;
  if (qualifier && *qualifier == kLatest)
    return errors::Validation(*qualifier, "qualifier",
                              "Member must satisfy regular expression pattern: " + std::string(kLatestPattern));
  if (qualifier && IsVersionNumber(*qualifier))
    return errors::Validation(*qualifier, "qualifier",
                              "Member must satisfy regular expression pattern: " + std::string(kVersionPattern));
  auto function = LookupFunction(state, req.region, req.account_id, requested->name, std::nullopt, AliasRouting::kPrimary);
  CLOUDLET_TRY(function);
  Found out{std::move(function->latest), qualifier, std::nullopt};
  if (qualifier) {
    auto alias = state.functions.GetAlias(req.region, out.function.name, *qualifier);
    CLOUDLET_TRY(alias);
    if (!*alias)
      return missing_alias == MissingAlias::kFunctionDoesNotExist
                 ? aws::AwsError::Make(404, "ResourceNotFoundException", "Function does not exist")
                 : UrlNotFound();
  }
  auto url = state.functions.GetUrl(out.function.region, out.function.name,
                                    qualifier ? std::optional<std::string_view>(*qualifier) : std::nullopt);
  CLOUDLET_TRY(url);
  out.url = std::move(url.value());
  return out;
}

// AuthType, InvokeMode and Cors of a Create/Update request; returns the Cors to store.
aws::Result<std::optional<std::string>> CheckConfigMembers(const json::object& body) {
  CLOUDLET_TRY(CheckEnum(body, "AuthType", "authType", {"NONE", "AWS_IAM"}, "[AWS_IAM, NONE]"));
  CLOUDLET_TRY(CheckEnum(body, "InvokeMode", "invokeMode", {"BUFFERED", "RESPONSE_STREAM"},
                         "[BUFFERED, RESPONSE_STREAM]"));
  std::optional<std::string> cors;
  if (const json::value* c = body.if_contains("Cors"); c && !c->is_null()) {
    auto parsed = CorsFrom(*c);
    CLOUDLET_TRY(parsed);
    cors = std::move(parsed.value());
  }
  return cors;
}

}  // namespace

aws::Result<Reply> CreateFunctionUrlConfig(LambdaState& state, const OperationRequest& req, std::string_view port) {
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  const json::value* auth = body->if_contains("AuthType");
  if (!auth || auth->is_null())
    return aws::AwsError::Make(400, "ValidationException",
                               "1 validation error detected: Value null at 'authType' failed to satisfy constraint: "
                               "Member must not be null");
  auto checked_cors = CheckConfigMembers(*body);
  CLOUDLET_TRY(checked_cors);
  std::optional<std::string> cors = std::move(checked_cors.value());

  std::lock_guard lock(state.write_mutex);
  auto found = FindWithUrl(state, req, MissingAlias::kFunctionDoesNotExist);
  CLOUDLET_TRY(found);
  if (found->url)
    return aws::AwsError::Make(409, "ResourceConflictException",
                               "Failed to create function url config for [functionArn = " + found->arn() +
                                   "]. Error message:  FunctionUrlConfig exists for this Lambda function");
  FunctionUrlRecord r;
  // A fresh id; collisions (36^32) are checked all the same.
  for (;;) {
    r.url_id = NewUrlId();
    auto taken = state.functions.FindUrl(r.url_id);
    CLOUDLET_TRY(taken);
    if (!*taken) break;
  }
  r.region = found->function.region;
  r.function_name = found->function.name;
  r.function_arn = found->arn();
  r.qualifier = found->qualifier;
  r.function_url = FunctionUrlFor(r.url_id, r.region, port);
  r.auth_type = std::string(auth->as_string());
  if (const json::value* m = body->if_contains("InvokeMode"); m && m->is_string()) r.invoke_mode = m->as_string();
  r.cors = std::move(cors);
  r.creation_time = r.last_modified_time = UrlTimestampNow();
  CLOUDLET_TRY(state.functions.PutUrl(r));
  return Reply{201, json::serialize(ConfigJson(r, false))};
}

aws::Result<Reply> GetFunctionUrlConfig(LambdaState& state, const OperationRequest& req) {
  auto found = FindWithUrl(state, req, MissingAlias::kResourceDoesNotExist);
  CLOUDLET_TRY(found);
  if (!found->url) return UrlNotFound();
  return Reply{200, json::serialize(ConfigJson(*found->url, true))};
}

aws::Result<Reply> UpdateFunctionUrlConfig(LambdaState& state, const OperationRequest& req) {
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  auto checked_cors = CheckConfigMembers(*body);
  CLOUDLET_TRY(checked_cors);
  std::optional<std::string> cors = std::move(checked_cors.value());
  std::lock_guard lock(state.write_mutex);
  auto found = FindWithUrl(state, req, MissingAlias::kFunctionDoesNotExist);
  CLOUDLET_TRY(found);
  if (!found->url) return UrlNotFound();
  FunctionUrlRecord r = std::move(*found->url);
  if (const json::value* a = body->if_contains("AuthType"); a && a->is_string()) r.auth_type = a->as_string();
  if (const json::value* m = body->if_contains("InvokeMode"); m && m->is_string()) r.invoke_mode = m->as_string();
  if (cors) r.cors = std::move(cors);
  r.last_modified_time = UrlTimestampNow();
  CLOUDLET_TRY(state.functions.PutUrl(r));
  return Reply{200, json::serialize(ConfigJson(r, true))};
}

aws::Result<Reply> DeleteFunctionUrlConfig(LambdaState& state, const OperationRequest& req) {
  std::lock_guard lock(state.write_mutex);
  auto found = FindWithUrl(state, req, MissingAlias::kResourceDoesNotExist);
  CLOUDLET_TRY(found);
  if (!found->url) return UrlNotFound();
  CLOUDLET_TRY(state.functions.DeleteUrl(found->function.region, found->function.name, found->url->qualifier));
  return Reply{204, {}};
}

aws::Result<Reply> ListFunctionUrlConfigs(LambdaState& state, const OperationRequest& req) {
  int limit = 50;
  if (auto max = QueryParameter(req.route, "MaxItems")) {
    int n = 0;
    auto [end, ec] = std::from_chars(max->data(), max->data() + max->size(), n);
    if (ec != std::errc{} || end != max->data() + max->size() || n < 1 || n > 50)
      return errors::Validation(*max, "maxItems", "Member must have value between 1 and 50");
    limit = n;
  }
  // The marker is the base64 of the last URL's qualifier ("$LATEST" or an alias).
  std::string after;
  if (auto m = QueryParameter(req.route, "Marker"); m && !m->empty()) {
    auto decoded = Base64Decode(*m);
    if (!decoded) return errors::InvalidParameter("Invalid marker: " + *m);
    after = *decoded;
  }
  auto requested = RequestedFunctionOf(req);
  CLOUDLET_TRY(requested);
  auto function = LookupFunction(state, req.region, req.account_id, requested->name, std::nullopt, AliasRouting::kPrimary);
  CLOUDLET_TRY(function);
  auto urls = state.functions.ListUrls(function->latest.region, function->latest.name);
  CLOUDLET_TRY(urls);
  json::array configs;
  std::optional<std::string> next;
  std::string last;
  for (const auto& url : *urls) {
    std::string key = url.qualifier.value_or(std::string(kLatest));
    if (!after.empty() && key <= after) continue;
    if (static_cast<int>(configs.size()) == limit) {
      next = Base64Encode(last);
      break;
    }
    configs.push_back(ConfigJson(url, true));
    last = key;
  }
  json::object o;
  o["FunctionUrlConfigs"] = std::move(configs);
  if (next) o["NextMarker"] = *next;
  return Reply{200, json::serialize(o)};
}

}  // namespace cloudlet::lambda
