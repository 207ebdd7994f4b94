#include "lambda/event_source_mapping_store.h"

#include <boost/json.hpp>

#include "lambda/function_store.h"
#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

std::string Key(char letter, std::string_view uuid) {
  std::string key;
  key += kLambdaKeyPrefix;
  key += letter;
  key += uuid;
  return key;
}

aws::AwsError StorageError(const storage::Status& status) {
  return errors::Service("storage failure: " + status.ToString());
}

std::string Str(const json::object& o, std::string_view key, std::string_view fallback = {}) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string(fallback);
}
std::optional<std::string> OptStr(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}
int Int(const json::object& o, std::string_view key, int fallback) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? static_cast<int>(v->get_int64()) : fallback;
}
bool Bool(const json::object& o, std::string_view key, bool fallback) {
  const json::value* v = o.if_contains(key);
  return v && v->is_bool() ? v->get_bool() : fallback;
}

}  // namespace

std::string EventSourceMapping::FunctionArn() const {
  std::string arn = "arn:aws:lambda:" + region + ":" + account_id + ":function:" + function_name;
  if (qualifier) arn += ":" + *qualifier;
  return arn;
}

std::string EventSourceMapping::MappingArn() const {
  return "arn:aws:lambda:" + region + ":" + account_id + ":event-source-mapping:" + uuid;
}

std::string EncodeEventSourceMapping(const EventSourceMapping& m) {
  json::object o;
  o["uuid"] = m.uuid;
  o["region"] = m.region;
  o["account"] = m.account_id;
  o["function"] = m.function_name;
  if (m.qualifier) o["qualifier"] = *m.qualifier;
  o["source"] = m.event_source_arn;
  o["batch_size"] = m.batch_size;
  o["window"] = m.maximum_batching_window_seconds;
  o["parallelization"] = m.parallelization_factor;
  o["starting_position"] = m.starting_position;
  o["filter_criteria"] = m.filter_criteria;
  o["max_retries"] = m.maximum_retry_attempts;
  o["max_age"] = m.maximum_record_age_seconds;
  o["bisect"] = m.bisect_batch_on_function_error;
  o["tumbling"] = m.tumbling_window_seconds;
  o["report_failures"] = m.report_batch_item_failures;
  if (m.on_failure) o["on_failure"] = *m.on_failure;
  o["enabled"] = m.enabled;
  o["state"] = m.state;
  o["reason"] = m.state_transition_reason;
  o["last_result"] = m.last_processing_result;
  o["last_modified"] = m.last_modified;
  return json::serialize(o);
}

std::optional<EventSourceMapping> DecodeEventSourceMapping(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.get_object();
  EventSourceMapping m;
  m.uuid = Str(o, "uuid");
  m.region = Str(o, "region");
  m.account_id = Str(o, "account");
  m.function_name = Str(o, "function");
  m.qualifier = OptStr(o, "qualifier");
  m.event_source_arn = Str(o, "source");
  m.batch_size = Int(o, "batch_size", 100);
  m.maximum_batching_window_seconds = Int(o, "window", 0);
  m.parallelization_factor = Int(o, "parallelization", 1);
  m.starting_position = Str(o, "starting_position", "LATEST");
  m.filter_criteria = Str(o, "filter_criteria");
  m.maximum_retry_attempts = Int(o, "max_retries", -1);
  m.maximum_record_age_seconds = Int(o, "max_age", -1);
  m.bisect_batch_on_function_error = Bool(o, "bisect", false);
  m.tumbling_window_seconds = Int(o, "tumbling", 0);
  m.report_batch_item_failures = Bool(o, "report_failures", false);
  m.on_failure = OptStr(o, "on_failure");
  m.enabled = Bool(o, "enabled", true);
  m.state = Str(o, "state", "Enabled");
  m.state_transition_reason = Str(o, "reason", "USER_INITIATED");
  m.last_processing_result = Str(o, "last_result", "No records processed");
  if (auto* lm = o.if_contains("last_modified"); lm && lm->is_number()) m.last_modified = lm->to_number<double>();
  return m;
}

std::string EventSourceMappingJson(const EventSourceMapping& m) {
  json::object o;
  o["UUID"] = m.uuid;
  o["StartingPosition"] = m.starting_position;
  o["BatchSize"] = m.batch_size;
  o["MaximumBatchingWindowInSeconds"] = m.maximum_batching_window_seconds;
  o["ParallelizationFactor"] = m.parallelization_factor;
  o["EventSourceArn"] = m.event_source_arn;
  if (!m.filter_criteria.empty()) {
    boost::system::error_code ec;
    json::value criteria = json::parse(m.filter_criteria, ec);
    if (!ec) o["FilterCriteria"] = std::move(criteria);
  }
  o["FunctionArn"] = m.FunctionArn();
  o["LastModified"] = m.last_modified;
  o["LastProcessingResult"] = m.last_processing_result;
  o["State"] = m.state;
  o["StateTransitionReason"] = m.state_transition_reason;
  json::object on_failure;
  if (m.on_failure) on_failure["Destination"] = *m.on_failure;
  o["DestinationConfig"] = json::object{{"OnFailure", std::move(on_failure)}};
  o["MaximumRecordAgeInSeconds"] = m.maximum_record_age_seconds;
  o["BisectBatchOnFunctionError"] = m.bisect_batch_on_function_error;
  o["MaximumRetryAttempts"] = m.maximum_retry_attempts;
  o["TumblingWindowInSeconds"] = m.tumbling_window_seconds;
  json::array types;
  if (m.report_batch_item_failures) types.emplace_back("ReportBatchItemFailures");
  o["FunctionResponseTypes"] = std::move(types);
  o["EventSourceMappingArn"] = m.MappingArn();
  return json::serialize(o);
}

aws::Result<std::optional<EventSourceMapping>> EventSourceMappingStore::Get(std::string_view uuid) const {
  std::string value;
  auto st = store_.Get(Key('M', uuid), &value);
  if (st.IsNotFound()) return std::optional<EventSourceMapping>{};
  if (!st.ok()) return StorageError(st);
  return DecodeEventSourceMapping(value);
}

aws::Status EventSourceMappingStore::Put(const EventSourceMapping& mapping) {
  auto st = store_.Put(Key('M', mapping.uuid), EncodeEventSourceMapping(mapping));
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Status EventSourceMappingStore::Delete(std::string_view uuid) {
  storage::WriteBatch batch;
  batch.Delete(Key('M', uuid));
  batch.Delete(Key('C', uuid));
  auto st = store_.Write(batch);
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Result<std::vector<EventSourceMapping>> EventSourceMappingStore::List() const {
  std::string lower = Key('M', ""), upper = Key('M' + 1, "");
  auto it = store_.NewIterator(storage::IteratorOptions{.lower_bound = lower, .upper_bound = upper});
  std::vector<EventSourceMapping> out;
  for (it->Seek(lower); it->Valid(); it->Next())
    if (auto m = DecodeEventSourceMapping(it->value())) out.push_back(std::move(*m));
  if (!it->status().ok()) return StorageError(it->status());
  return out;
}

aws::Result<std::optional<StreamCheckpoint>> EventSourceMappingStore::GetCheckpoint(std::string_view uuid) const {
  std::string value;
  auto st = store_.Get(Key('C', uuid), &value);
  if (st.IsNotFound()) return std::optional<StreamCheckpoint>{};
  if (!st.ok()) return StorageError(st);
  boost::system::error_code ec;
  json::value v = json::parse(value, ec);
  if (ec || !v.is_object()) return std::optional<StreamCheckpoint>{};
  const json::object& o = v.get_object();
  StreamCheckpoint c;
  c.shard_id = Str(o, "shard");
  c.after_sequence = OptStr(o, "after");
  c.iterator = OptStr(o, "iterator");
  if (auto* saved = o.if_contains("saved_ms"); saved && saved->is_int64()) c.saved_ms = saved->get_int64();
  return std::optional<StreamCheckpoint>(std::move(c));
}

aws::Status EventSourceMappingStore::PutCheckpoint(std::string_view uuid, const StreamCheckpoint& c) {
  json::object o;
  o["shard"] = c.shard_id;
  if (c.after_sequence) o["after"] = *c.after_sequence;
  if (c.iterator) o["iterator"] = *c.iterator;
  o["saved_ms"] = c.saved_ms;
  auto st = store_.Put(Key('C', uuid), json::serialize(o));
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Status EventSourceMappingStore::DeleteCheckpoint(std::string_view uuid) {
  auto st = store_.Delete(Key('C', uuid));
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

}  // namespace cloudlet::lambda
