// Asynchronous invocation settings — Put/Get/Update/Delete/
// ListFunctionEventInvokeConfigs over EventInvokeConfigStore
// (event_invoke_config.h) — and the legacy InvokeAsync, which queues an event
// like Invoke's Event type (async_queue.h).
//   PUT    /2019-09-25/functions/{FunctionName}/event-invoke-config[?Qualifier=]  replaces
//   POST   /2019-09-25/functions/{FunctionName}/event-invoke-config[?Qualifier=]  merges into an existing one
//   GET    /2019-09-25/functions/{FunctionName}/event-invoke-config[?Qualifier=]
//   DELETE /2019-09-25/functions/{FunctionName}/event-invoke-config[?Qualifier=]  204
//   GET    /2019-09-25/functions/{FunctionName}/event-invoke-config/list[?Marker=&MaxItems=]
//   POST   /2014-11-13/functions/{FunctionName}/invoke-async/                    202 {"Status":202}
// Error texts follow Lambda's (as recorded by LocalStack's AWS-validated snapshots).
#include <boost/json.hpp>

#include <chrono>
#include <regex>

#include "lambda/async_queue.h"
#include "lambda/base64.h"
#include "lambda/event_invoke_config.h"
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

constexpr std::string_view kDestinationPattern =
    R"($|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*))";
constexpr std::size_t kMaxDestinationLength = 350;
constexpr int kMaxListItems = 50;
constexpr std::size_t kMaxInvokeAsyncPayload = 262144;

aws::Result<json::object> ParseBody(const http::Request& request) {
  boost::system::error_code ec;
  json::value v = json::parse(request.body().empty() ? std::string_view("{}") : std::string_view(request.body()), ec);
  if (ec || !v.is_object())
    return errors::InvalidRequestContent("Could not parse request body into json: " +
                                         (ec ? ec.message() : std::string("the body is not a JSON object")));
  return std::move(v.as_object());
}

double NowEpochSeconds() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  return static_cast<double>(ms.count()) / 1000.0;
}

// The function and qualifier a request names: FunctionName (which may carry
// ":qualifier") and the Qualifier query parameter, which must agree.
struct Target {
  std::string name;
  std::string qualifier;  // "$LATEST" when none was given
};

aws::Result<Target> TargetOf(const OperationRequest& req) {
  auto it = req.route.labels.find("FunctionName");
  if (it == req.route.labels.end()) return errors::Service("route without FunctionName");
  auto parsed = ParseFunctionName(it->second);
  CLOUDLET_TRY(parsed);
  auto query = QueryParameter(req.route, "Qualifier");
  if (query && query->empty()) query.reset();
  if (parsed->qualifier && query && *parsed->qualifier != *query)
    return errors::InvalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
  std::optional<std::string> qualifier = query ? query : parsed->qualifier;
  return Target{parsed->name, qualifier.value_or("$LATEST")};
}

std::string QualifiedArn(const OperationRequest& req, const Target& target) {
  return FunctionArn(req.region, req.account_id, target.name) + ":" + target.qualifier;
}

// The queue holds the configs' store; it lives as long as the service.
aws::Status QueueRunning(const LambdaState& state) {
  if (!state.async_queue) return errors::Service("the asynchronous invocation queue is not running");
  return aws::OkStatus();
}

aws::AwsError FunctionDoesNotExist() {
  return aws::AwsError::Make(404, "ResourceNotFoundException", "The function doesn't exist.");
}

aws::AwsError NoConfig(const OperationRequest& req, const Target& target) {
  return aws::AwsError::Make(404, "ResourceNotFoundException",
                             "The function " + QualifiedArn(req, target) + " doesn't have an EventInvokeConfig");
}

// The function must exist at the qualifier (a version or alias included).
aws::Status CheckFunctionExists(LambdaState& state, const OperationRequest& req, const Target& target) {
  auto found = ResolveFunction(state, req.region, req.account_id, target.name, target.qualifier);
  if (found.ok()) return aws::OkStatus();
  if (found.error().code == "ResourceNotFoundException") return FunctionDoesNotExist();
  return found.take_error();
}

// The members of a Put or Update body, checked against the model.
struct Settings {
  std::optional<int> maximum_retry_attempts;
  std::optional<int> maximum_event_age_seconds;
  bool has_destination_config = false;
  std::optional<std::string> on_success;
  std::optional<std::string> on_failure;
};

aws::Result<std::optional<int>> IntMember(const json::object& body, std::string_view key, std::string_view member,
                                          int min, int max) {
  const json::value* v = body.if_contains(key);
  if (!v || v->is_null()) return std::optional<int>{};
  if (!v->is_int64()) return errors::InvalidRequestContent("Could not parse request body into json: " + std::string(key) +
                                                           " is not an integer");
  int64_t n = v->as_int64();
  if (n < min)
    return errors::Validation(std::to_string(n), member,
                              "Member must have value greater than or equal to " + std::to_string(min));
  if (n > max)
    return errors::Validation(std::to_string(n), member,
                              "Member must have value less than or equal to " + std::to_string(max));
  return std::optional<int>(static_cast<int>(n));
}

aws::Result<std::optional<std::string>> DestinationMember(const json::object& config, std::string_view side,
                                                          std::string_view member) {
  const json::value* v = config.if_contains(side);
  if (!v || v->is_null()) return std::optional<std::string>{};
  if (!v->is_object())
    return errors::InvalidRequestContent("Could not parse request body into json: " + std::string(side) +
                                         " is not an object");
  const json::value* d = v->as_object().if_contains("Destination");
  if (!d || d->is_null()) return std::optional<std::string>{};
  if (!d->is_string())
    return errors::InvalidRequestContent("Could not parse request body into json: Destination is not a string");
  std::string arn(d->as_string());
  static const std::regex kPattern{std::string(kDestinationPattern)};
  if (arn.size() > kMaxDestinationLength)
    return errors::Validation(arn, member, "Member must have length less than or equal to 350");
  if (!std::regex_match(arn, kPattern))
    return errors::Validation(arn, member,
                              "Member must satisfy regular expression pattern: " + std::string(kDestinationPattern));
  if (arn.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(std::move(arn));
}

aws::Result<Settings> SettingsFrom(const json::object& body) {
  Settings s;
  auto retries = IntMember(body, "MaximumRetryAttempts", "maximumRetryAttempts", 0, 2);
  CLOUDLET_TRY(retries);
  s.maximum_retry_attempts = *retries;
  auto age = IntMember(body, "MaximumEventAgeInSeconds", "maximumEventAgeInSeconds", 60, 21600);
  CLOUDLET_TRY(age);
  s.maximum_event_age_seconds = *age;
  if (const json::value* dc = body.if_contains("DestinationConfig"); dc && !dc->is_null()) {
    if (!dc->is_object())
      return errors::InvalidRequestContent("Could not parse request body into json: DestinationConfig is not an object");
    s.has_destination_config = true;
    auto success = DestinationMember(dc->as_object(), "OnSuccess", "destinationConfig.onSuccess.destination");
    CLOUDLET_TRY(success);
    s.on_success = *success;
    auto failure = DestinationMember(dc->as_object(), "OnFailure", "destinationConfig.onFailure.destination");
    CLOUDLET_TRY(failure);
    s.on_failure = *failure;
  }
  if (!s.maximum_retry_attempts && !s.maximum_event_age_seconds && !s.has_destination_config)
    return errors::InvalidParameter("You must specify at least one of error handling or destination setting.");
  return s;
}

std::string DestinationText(const char* side, const std::optional<std::string>& arn) {
  return arn ? std::string(side) + "(destination=" + *arn + ")" : std::string("null");
}

// Destinations must be SQS, SNS, EventBridge or another existing function.
aws::Status CheckDestinations(LambdaState& state, const OperationRequest& req, const Target& target,
                              const Settings& s) {
  bool invalid = false;
  for (const auto* arn : {&s.on_success, &s.on_failure}) {
    if (!*arn || (*arn)->starts_with("kafka://")) continue;
    std::string_view text = **arn;
    std::size_t service_at = text.find(':', text.find(':') + 1) + 1;
    std::string_view service = text.substr(service_at, text.find(':', service_at) - service_at);
    if (service == "sqs" || service == "sns" || service == "events") continue;
    if (service != "lambda") {
      invalid = true;
      continue;
    }
    auto parsed = ParseFunctionName(text);
    std::size_t region_at = service_at + service.size() + 1;
    std::string region(text.substr(region_at, text.find(':', region_at) - region_at));
    if (region.empty()) region = req.region;
    if (!parsed.ok() || !ResolveFunction(state, region, req.account_id, parsed->name,
                                         parsed->qualifier ? std::optional<std::string_view>(*parsed->qualifier)
                                                           : std::nullopt)
                             .ok())
      return errors::InvalidParameter("The destination ARN " + std::string(text) + " is invalid.");
    if (parsed->name == target.name && region == req.region)
      return errors::InvalidParameter("You can't specify the function as a destination for itself.");
  }
  if (invalid)
    return errors::InvalidParameter("The provided destination config DestinationConfig(onSuccess=" +
                                    DestinationText("OnSuccess", s.on_success) +
                                    ", onFailure=" + DestinationText("OnFailure", s.on_failure) + ") is invalid.");
  return aws::OkStatus();
}

json::object ConfigJson(const OperationRequest& req, const EventInvokeConfig& c) {
  json::object out;
  out["LastModified"] = c.last_modified;
  out["FunctionArn"] = FunctionArn(req.region, req.account_id, c.function_name) + ":" + c.qualifier;
  if (c.maximum_retry_attempts) out["MaximumRetryAttempts"] = *c.maximum_retry_attempts;
  if (c.maximum_event_age_seconds) out["MaximumEventAgeInSeconds"] = *c.maximum_event_age_seconds;
  json::object success, failure;
  if (c.on_success) success["Destination"] = *c.on_success;
  if (c.on_failure) failure["Destination"] = *c.on_failure;
  out["DestinationConfig"] = json::object{{"OnSuccess", std::move(success)}, {"OnFailure", std::move(failure)}};
  return out;
}

// Put (replace) and Update (merge into an existing config).
aws::Result<Reply> WriteConfig(LambdaState& state, const OperationRequest& req, bool merge) {
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  auto target = TargetOf(req);
  CLOUDLET_TRY(target);
  auto settings = SettingsFrom(*body);
  CLOUDLET_TRY(settings);
  CLOUDLET_TRY(CheckFunctionExists(state, req, *target));
  if (settings->has_destination_config) CLOUDLET_TRY(CheckDestinations(state, req, *target, *settings));
  CLOUDLET_TRY(QueueRunning(state));
  EventInvokeConfigStore& configs = state.async_queue->configs();
  std::lock_guard lock(state.write_mutex);
  EventInvokeConfig config{.region = req.region, .function_name = target->name, .qualifier = target->qualifier};
  if (merge) {
    auto existing = configs.Get(req.region, target->name, target->qualifier);
    CLOUDLET_TRY(existing);
    if (!*existing) return NoConfig(req, *target);
    config = std::move(**existing);
  }
  if (!merge || settings->maximum_retry_attempts) config.maximum_retry_attempts = settings->maximum_retry_attempts;
  if (!merge || settings->maximum_event_age_seconds)
    config.maximum_event_age_seconds = settings->maximum_event_age_seconds;
  if (!merge || settings->has_destination_config) {
    config.on_success = settings->on_success;
    config.on_failure = settings->on_failure;
  }
  config.last_modified = NowEpochSeconds();
  CLOUDLET_TRY(configs.Put(config));
  return Reply{200, json::serialize(ConfigJson(req, config))};
}

}  // namespace

aws::Result<Reply> PutFunctionEventInvokeConfig(LambdaState& state, const OperationRequest& req) {
  return WriteConfig(state, req, /*merge=*/false);
}

aws::Result<Reply> UpdateFunctionEventInvokeConfig(LambdaState& state, const OperationRequest& req) {
  return WriteConfig(state, req, /*merge=*/true);
}

aws::Result<Reply> GetFunctionEventInvokeConfig(LambdaState& state, const OperationRequest& req) {
  auto target = TargetOf(req);
  CLOUDLET_TRY(target);
  CLOUDLET_TRY(QueueRunning(state));
  auto config = state.async_queue->configs().Get(req.region, target->name, target->qualifier);
  CLOUDLET_TRY(config);
  if (!*config) return NoConfig(req, *target);
  return Reply{200, json::serialize(ConfigJson(req, **config))};
}

aws::Result<Reply> DeleteFunctionEventInvokeConfig(LambdaState& state, const OperationRequest& req) {
  auto target = TargetOf(req);
  CLOUDLET_TRY(target);
  CLOUDLET_TRY(QueueRunning(state));
  EventInvokeConfigStore& configs = state.async_queue->configs();
  std::lock_guard lock(state.write_mutex);
  auto config = configs.Get(req.region, target->name, target->qualifier);
  CLOUDLET_TRY(config);
  if (!*config) return NoConfig(req, *target);
  CLOUDLET_TRY(configs.Delete(req.region, target->name, target->qualifier));
  return Reply{204, {}};
}

aws::Result<Reply> ListFunctionEventInvokeConfigs(LambdaState& state, const OperationRequest& req) {
  auto target = TargetOf(req);
  CLOUDLET_TRY(target);
  int limit = kMaxListItems;
  if (auto max = QueryParameter(req.route, "MaxItems")) {
    char* end = nullptr;
    long n = std::strtol(max->c_str(), &end, 10);
    if (max->empty() || *end != '\0')
      return errors::Validation(*max, "maxItems", "Member must have value between 1 and 50");
    if (n < 1) return errors::Validation(*max, "maxItems", "Member must have value greater than or equal to 1");
    if (n > kMaxListItems)
      return errors::Validation(*max, "maxItems", "Member must have value less than or equal to 50");
    limit = static_cast<int>(n);
  }
  std::string after;
  if (auto marker = QueryParameter(req.route, "Marker"); marker && !marker->empty()) {
    auto decoded = Base64Decode(*marker);
    if (!decoded) return errors::InvalidParameter("Invalid marker: " + *marker);
    after = *decoded;
  }
  CLOUDLET_TRY(CheckFunctionExists(state, req, Target{target->name, "$LATEST"}));
  CLOUDLET_TRY(QueueRunning(state));
  auto all = state.async_queue->configs().List(req.region, target->name);
  CLOUDLET_TRY(all);
  json::array page;
  std::optional<std::string> next;
  std::string_view last;
  for (const auto& config : *all) {
    if (!after.empty() && config.qualifier <= after) continue;
    if (static_cast<int>(page.size()) == limit) {
      next = Base64Encode(last);  // the page ends at this qualifier
      break;
    }
    page.push_back(ConfigJson(req, config));
    last = config.qualifier;
  }
  json::object out;
  out["FunctionEventInvokeConfigs"] = std::move(page);
  if (next) out["NextMarker"] = *next;
  return Reply{200, json::serialize(out)};
}

aws::Result<Reply> InvokeAsync(LambdaState& state, const OperationRequest& req) {
  const std::string& payload = req.request.body();
  if (payload.size() > kMaxInvokeAsyncPayload) return errors::RequestTooLarge(kMaxInvokeAsyncPayload, "InvokeAsync");
  auto it = req.route.labels.find("FunctionName");
  if (it == req.route.labels.end()) return errors::Service("route without FunctionName");
  auto parsed = ParseFunctionName(it->second);
  CLOUDLET_TRY(parsed);
  auto record = ResolveFunction(state, req.region, req.account_id, parsed->name,
                                parsed->qualifier ? std::optional<std::string_view>(*parsed->qualifier) : std::nullopt);
  CLOUDLET_TRY(record);
  if (!payload.empty()) {
    boost::system::error_code ec;
    json::parse(payload, ec);
    if (ec)
      return errors::InvalidRequestContent("Could not parse request body into json: Could not parse payload into json: " +
                                           ec.message());
  }
  CLOUDLET_TRY(QueueRunning(state));
  CLOUDLET_TRY(state.async_queue->Enqueue(QueuedEvent{.request_id = req.ctx.request_id,
                                                      .region = req.region,
                                                      .account_id = req.account_id,
                                                      .function_name = record->name,
                                                      .qualifier = parsed->qualifier,
                                                      .payload = payload.empty() ? std::string("{}") : payload}));
  return Reply{202, R"({"Status":202})"};
}

}  // namespace cloudlet::lambda
