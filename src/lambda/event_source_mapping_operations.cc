// Event source mappings for DynamoDB streams, over EventSourceMappingStore
// (event_source_mapping_store.h); their pollers are stream_poller.h.
//   POST   /2015-03-31/event-source-mappings          202 CreateEventSourceMapping (State Creating)
//   GET    /2015-03-31/event-source-mappings/{UUID}   GetEventSourceMapping
//   GET    /2015-03-31/event-source-mappings[?FunctionName=&EventSourceArn=&Marker=&MaxItems=]
//   PUT    /2015-03-31/event-source-mappings/{UUID}   202 UpdateEventSourceMapping (Updating, Enabling, Disabling)
//   DELETE /2015-03-31/event-source-mappings/{UUID}   202 DeleteEventSourceMapping (Deleting)
// The transitional State is what the answer reports; the stored mapping has
// its final state at once (Enabled, Disabled), as Lambda's does a moment later.
#include <boost/json.hpp>

#include <chrono>

#include "http/request_context.h"
#include "lambda/event_filter.h"
#include "lambda/event_source_mapping_store.h"
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"
#include "lambda/stream_poller.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

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

aws::AwsError NullMember(std::string_view member) {
  return aws::AwsError::Make(400, "ValidationException",
                             "1 validation error detected: Value null at '" + std::string(member) +
                                 "' failed to satisfy constraint: Member must not be null");
}

aws::AwsError MappingNotFound() {
  return aws::AwsError::Make(404, "ResourceNotFoundException", "The resource you requested does not exist.");
}

aws::Status Pollers(const LambdaState& state) {
  if (!state.stream_pollers) return errors::Service("event source mappings are not available");
  return aws::OkStatus();
}

aws::Result<std::optional<int>> IntMember(const json::object& body, std::string_view key, std::string_view member,
                                          int min, int max) {
  const json::value* v = body.if_contains(key);
  if (!v || v->is_null()) return std::optional<int>{};
  if (!v->is_int64())
    return errors::InvalidRequestContent("Could not parse request body into json: " + std::string(key) +
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

aws::Result<std::optional<bool>> BoolMember(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  if (!v || v->is_null()) return std::optional<bool>{};
  if (!v->is_bool())
    return errors::InvalidRequestContent("Could not parse request body into json: " + std::string(key) +
                                         " is not a boolean");
  return std::optional<bool>(v->get_bool());
}

// The members Create and Update share, applied onto `m`.
aws::Status ApplySettings(const json::object& body, EventSourceMapping& m) {
  auto batch = IntMember(body, "BatchSize", "batchSize", 1, 10000);
  CLOUDLET_TRY(batch);
  auto window = IntMember(body, "MaximumBatchingWindowInSeconds", "maximumBatchingWindowInSeconds", 0, 300);
  CLOUDLET_TRY(window);
  auto parallel = IntMember(body, "ParallelizationFactor", "parallelizationFactor", 1, 10);
  CLOUDLET_TRY(parallel);
  auto retries = IntMember(body, "MaximumRetryAttempts", "maximumRetryAttempts", -1, 10000);
  CLOUDLET_TRY(retries);
  auto age = IntMember(body, "MaximumRecordAgeInSeconds", "maximumRecordAgeInSeconds", -1, 604800);
  CLOUDLET_TRY(age);
  auto tumbling = IntMember(body, "TumblingWindowInSeconds", "tumblingWindowInSeconds", 0, 900);
  CLOUDLET_TRY(tumbling);
  auto bisect = BoolMember(body, "BisectBatchOnFunctionError");
  CLOUDLET_TRY(bisect);
  auto enabled = BoolMember(body, "Enabled");
  CLOUDLET_TRY(enabled);
  if (*age && **age != -1 && **age < 60)
    return errors::InvalidParameter("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800.");
  if (*tumbling && **tumbling > 0)
    return errors::InvalidParameter("TumblingWindowInSeconds is not supported by cloudlet.");
  if (auto* types = body.if_contains("FunctionResponseTypes"); types && !types->is_null()) {
    if (!types->is_array()) return errors::InvalidRequestContent("Could not parse request body into json: FunctionResponseTypes is not a list");
    bool report = false;
    for (const auto& t : types->get_array()) {
      if (!t.is_string() || t.get_string() != "ReportBatchItemFailures")
        return errors::Validation(json::serialize(*types), "functionResponseTypes",
                                  "Member must satisfy constraint: [Member must satisfy enum value set: "
                                  "[ReportBatchItemFailures]]");
      report = true;
    }
    m.report_batch_item_failures = report;
  }
  if (auto* criteria = body.if_contains("FilterCriteria"); criteria && !criteria->is_null()) {
    if (!criteria->is_object()) return errors::InvalidParameter("Invalid filter pattern definition.");
    std::string text = json::serialize(*criteria);
    auto filter = EventFilter::FromCriteria(text);
    CLOUDLET_TRY(filter);
    m.filter_criteria = filter->empty() ? std::string() : text;
  }
  if (auto* destination = body.if_contains("DestinationConfig"); destination && !destination->is_null()) {
    if (!destination->is_object()) return errors::InvalidRequestContent("Could not parse request body into json: DestinationConfig is not an object");
    const auto& d = destination->get_object();
    if (auto* s = d.if_contains("OnSuccess"); s && s->is_object() && !s->get_object().empty())
      return errors::InvalidParameter("Unsupported DestinationConfig parameter for given event source mapping type.");
    m.on_failure.reset();
    if (auto* f = d.if_contains("OnFailure"); f && f->is_object()) {
      if (auto* arn = f->get_object().if_contains("Destination"); arn && arn->is_string() && !arn->get_string().empty()) {
        std::string_view text = arn->get_string();
        if (!(text.starts_with("arn:aws:sqs:") || text.starts_with("arn:aws:sns:") || text.starts_with("arn:aws:s3:")))
          return errors::InvalidParameter("The provided destination config DestinationConfig(onSuccess=null, "
                                          "onFailure=OnFailure(destination=" + std::string(text) + ")) is invalid.");
        m.on_failure = std::string(text);
      }
    }
  }
  if (*batch) m.batch_size = **batch;
  if (*window) m.maximum_batching_window_seconds = **window;
  if (*parallel) m.parallelization_factor = **parallel;
  if (*retries) m.maximum_retry_attempts = **retries;
  if (*age) m.maximum_record_age_seconds = **age;
  if (*tumbling) m.tumbling_window_seconds = **tumbling;
  if (*bisect) m.bisect_batch_on_function_error = **bisect;
  if (*enabled) m.enabled = **enabled;
  return aws::OkStatus();
}

// FunctionName of a request: the function must exist (at its qualifier).
aws::Status SetFunction(LambdaState& state, const OperationRequest& req, std::string_view text,
                        EventSourceMapping& m) {
  auto parsed = ParseFunctionName(text);
  CLOUDLET_TRY(parsed);
  auto found = ResolveFunction(state, req.region, req.account_id, parsed->name, parsed->qualifier);
  if (!found.ok()) {
    if (found.error().code != "ResourceNotFoundException") return found.take_error();
    std::string arn = FunctionArn(req.region, req.account_id, parsed->name);
    if (parsed->qualifier) arn += ":" + *parsed->qualifier;
    return errors::FunctionNotFound(arn);
  }
  m.function_name = parsed->name;
  m.qualifier = parsed->qualifier && *parsed->qualifier != kLatest ? parsed->qualifier : std::nullopt;
  return aws::OkStatus();
}

Reply Answer(const LambdaState& state, EventSourceMapping m, std::string_view shown_state, int status) {
  m.last_processing_result = state.stream_pollers->LastProcessingResult(m);
  m.state = std::string(shown_state);
  return Reply{status, EventSourceMappingJson(m)};
}

aws::Result<EventSourceMapping> RequireMapping(LambdaState& state, const OperationRequest& req) {
  auto it = req.route.labels.find("UUID");
  if (it == req.route.labels.end()) return errors::Service("route without UUID");
  auto found = state.stream_pollers->mappings().Get(it->second);
  CLOUDLET_TRY(found);
  if (!*found || (*found)->region != req.region) return MappingNotFound();
  return std::move(**found);
}

}  // namespace

aws::Result<Reply> CreateEventSourceMapping(LambdaState& state, const OperationRequest& req) {
  CLOUDLET_TRY(Pollers(state));
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  const json::value* function = body->if_contains("FunctionName");
  if (!function || function->is_null()) return NullMember("functionName");
  if (!function->is_string()) return errors::InvalidRequestContent("Could not parse request body into json: FunctionName is not a string");
  EventSourceMapping m;
  m.uuid = http::NewRequestId();
  m.region = req.region;
  m.account_id = req.account_id;
  const json::value* source = body->if_contains("EventSourceArn");
  if (!source || !source->is_string() || !std::string_view(source->get_string()).starts_with("arn:aws:dynamodb:") ||
      std::string_view(source->get_string()).find("/stream/") == std::string_view::npos)
    return errors::InvalidParameter("Unrecognized event source, must be a DynamoDB stream (cloudlet serves no SQS, "
                                    "Kinesis, MSK or MQ event sources).");
  m.event_source_arn = std::string(source->get_string());
  CLOUDLET_TRY(ApplySettings(*body, m));
  const json::value* position = body->if_contains("StartingPosition");
  if (!position || position->is_null())
    return errors::InvalidParameter("1 validation error detected: Value null at 'startingPosition' failed to satisfy "
                                    "constraint: Member must not be null.");
  if (!position->is_string() || (position->get_string() != "TRIM_HORIZON" && position->get_string() != "LATEST")) {
    if (position->is_string() && position->get_string() == "AT_TIMESTAMP")
      return errors::InvalidParameter("Unsupported starting position for this event source: AT_TIMESTAMP");
    return errors::Validation(position->is_string() ? std::string(position->get_string()) : json::serialize(*position),
                              "startingPosition", "Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
  }
  m.starting_position = std::string(position->get_string());
  std::lock_guard lock(state.write_mutex);
  CLOUDLET_TRY(SetFunction(state, req, function->get_string(), m));
  if (state.call_dynamodb_streams) {
    json::object describe{{"StreamArn", m.event_source_arn}};
    auto described = state.call_dynamodb_streams("DescribeStream", json::serialize(describe));
    if (!described.ok()) {
      if (described.error().code == "ResourceNotFoundException" || described.error().code == "ValidationException")
        return errors::InvalidParameter("Stream not found: " + m.event_source_arn);
      return described.take_error();
    }
  }
  auto all = state.stream_pollers->mappings().List();
  CLOUDLET_TRY(all);
  for (const auto& other : *all) {
    if (other.event_source_arn == m.event_source_arn && other.function_name == m.function_name &&
        other.qualifier == m.qualifier && other.region == m.region)
      return aws::AwsError::Make(409, "ResourceConflictException",
                                 "An event source mapping with DynamoDB stream arn (\" " + m.event_source_arn +
                                     " \") and function (\" " + m.function_name +
                                     " \") already exists. Please update or delete the existing mapping with UUID " +
                                     other.uuid);
  }
  m.last_modified = NowEpochSeconds();
  m.state = m.enabled ? "Enabled" : "Disabled";
  m.state_transition_reason = "USER_INITIATED";
  CLOUDLET_TRY(state.stream_pollers->mappings().Put(m));
  state.stream_pollers->Apply(m);
  return Answer(state, m, "Creating", 202);
}

aws::Result<Reply> GetEventSourceMapping(LambdaState& state, const OperationRequest& req) {
  CLOUDLET_TRY(Pollers(state));
  auto m = RequireMapping(state, req);
  CLOUDLET_TRY(m);
  return Answer(state, *m, m->state, 200);
}

aws::Result<Reply> ListEventSourceMappings(LambdaState& state, const OperationRequest& req) {
  CLOUDLET_TRY(Pollers(state));
  std::optional<FunctionName> function;
  if (auto f = QueryParameter(req.route, "FunctionName"); f && !f->empty()) {
    auto parsed = ParseFunctionName(*f);
    CLOUDLET_TRY(parsed);
    function = std::move(*parsed);
  }
  auto source = QueryParameter(req.route, "EventSourceArn");
  int max_items = 100;
  if (auto max = QueryParameter(req.route, "MaxItems"); max && !max->empty()) {
    int n = 0;
    try {
      n = std::stoi(*max);
    } catch (...) {
      return errors::Validation(*max, "maxItems", "Member must have value greater than or equal to 1");
    }
    if (n < 1) return errors::Validation(*max, "maxItems", "Member must have value greater than or equal to 1");
    if (n > 10000) return errors::Validation(*max, "maxItems", "Member must have value less than or equal to 10000");
    max_items = n;
  }
  auto marker = QueryParameter(req.route, "Marker");
  auto all = state.stream_pollers->mappings().List();
  CLOUDLET_TRY(all);
  std::string body = "{\"EventSourceMappings\":[";
  int count = 0;
  std::string last_listed;
  bool more = false;
  for (const auto& m : *all) {
    if (m.region != req.region) continue;
    if (marker && !marker->empty() && m.uuid <= *marker) continue;
    if (source && !source->empty() && m.event_source_arn != *source) continue;
    if (function && (m.function_name != function->name ||
                     (function->qualifier && m.qualifier.value_or(std::string(kLatest)) != *function->qualifier)))
      continue;
    if (count == max_items) {
      more = true;
      break;
    }
    if (count++) body += ',';
    EventSourceMapping shown = m;
    shown.last_processing_result = state.stream_pollers->LastProcessingResult(m);
    body += EventSourceMappingJson(shown);
    last_listed = m.uuid;
  }
  body += ']';
  // The marker is the last UUID listed: the next page starts after it.
  if (more) body += ",\"NextMarker\":" + json::serialize(json::value(last_listed));
  body += '}';
  return Reply{200, std::move(body)};
}

aws::Result<Reply> UpdateEventSourceMapping(LambdaState& state, const OperationRequest& req) {
  CLOUDLET_TRY(Pollers(state));
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  std::lock_guard lock(state.write_mutex);
  auto found = RequireMapping(state, req);
  CLOUDLET_TRY(found);
  EventSourceMapping m = std::move(*found);
  bool was_enabled = m.enabled;
  if (body->contains("StartingPosition"))
    return errors::InvalidParameter("StartingPosition cannot be updated for an existing event source mapping.");
  CLOUDLET_TRY(ApplySettings(*body, m));
  if (auto* function = body->if_contains("FunctionName"); function && function->is_string())
    CLOUDLET_TRY(SetFunction(state, req, function->get_string(), m));
  m.last_modified = NowEpochSeconds();
  m.state = m.enabled ? "Enabled" : "Disabled";
  CLOUDLET_TRY(state.stream_pollers->mappings().Put(m));
  state.stream_pollers->Apply(m);
  std::string_view shown = m.enabled == was_enabled ? "Updating" : m.enabled ? "Enabling" : "Disabling";
  return Answer(state, m, shown, 202);
}

aws::Result<Reply> DeleteEventSourceMapping(LambdaState& state, const OperationRequest& req) {
  CLOUDLET_TRY(Pollers(state));
  std::lock_guard lock(state.write_mutex);
  auto found = RequireMapping(state, req);
  CLOUDLET_TRY(found);
  state.stream_pollers->Remove(found->uuid);
  CLOUDLET_TRY(state.stream_pollers->mappings().Delete(found->uuid));
  return Answer(state, *found, "Deleting", 202);
}

}  // namespace cloudlet::lambda
