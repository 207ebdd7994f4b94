#include "lambda/event_invoke_config.h"

#include <boost/json.hpp>

#include "lambda/function_store.h"
#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

std::string FunctionPrefix(std::string_view region, std::string_view name) {
  std::string key;
  key += kLambdaKeyPrefix;
  key += 'E';
  key += region;
  key += '\0';
  key += name;
  key += '\0';
  return key;
}

aws::AwsError StorageError(const storage::Status& status) {
  return errors::Service("storage failure: " + status.ToString());
}

std::optional<int> OptionalInt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_int64()) return std::nullopt;
  return static_cast<int>(v->as_int64());
}

std::optional<std::string> OptionalString(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

}  // namespace

std::string EventInvokeConfigKey(std::string_view region, std::string_view name, std::string_view qualifier) {
  std::string key = FunctionPrefix(region, name);
  key += qualifier;
  return key;
}

std::pair<std::string, std::string> EventInvokeConfigRange(std::string_view region, std::string_view name) {
  std::string begin = FunctionPrefix(region, name);
  std::string end = begin;
  end.back() = '\x01';  // just past every "<name>\0<qualifier>"
  return {std::move(begin), std::move(end)};
}

std::string EncodeEventInvokeConfig(const EventInvokeConfig& c) {
  json::object o;
  o["region"] = c.region;
  o["function"] = c.function_name;
  o["qualifier"] = c.qualifier;
  if (c.maximum_retry_attempts) o["max_retries"] = *c.maximum_retry_attempts;
  if (c.maximum_event_age_seconds) o["max_age"] = *c.maximum_event_age_seconds;
  if (c.on_success) o["on_success"] = *c.on_success;
  if (c.on_failure) o["on_failure"] = *c.on_failure;
  o["last_modified"] = c.last_modified;
  return json::serialize(o);
}

std::optional<EventInvokeConfig> DecodeEventInvokeConfig(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  EventInvokeConfig c;
  c.region = OptionalString(o, "region").value_or("");
  c.function_name = OptionalString(o, "function").value_or("");
  c.qualifier = OptionalString(o, "qualifier").value_or("$LATEST");
  c.maximum_retry_attempts = OptionalInt(o, "max_retries");
  c.maximum_event_age_seconds = OptionalInt(o, "max_age");
  c.on_success = OptionalString(o, "on_success");
  c.on_failure = OptionalString(o, "on_failure");
  if (const json::value* lm = o.if_contains("last_modified"); lm && lm->is_number()) c.last_modified = lm->to_number<double>();
  return c;
}

aws::Result<std::optional<EventInvokeConfig>> EventInvokeConfigStore::Get(std::string_view region,
                                                                          std::string_view name,
                                                                          std::string_view qualifier) const {
  std::string value;
  storage::Status st = store_.Get(EventInvokeConfigKey(region, name, qualifier), &value);
  if (st.IsNotFound()) return std::optional<EventInvokeConfig>{};
  if (!st.ok()) return StorageError(st);
  auto config = DecodeEventInvokeConfig(value);
  if (!config) return errors::Service("corrupt event invoke config record");
  return config;
}

aws::Status EventInvokeConfigStore::Put(const EventInvokeConfig& config) {
  storage::Status st =
      store_.Put(EventInvokeConfigKey(config.region, config.function_name, config.qualifier), EncodeEventInvokeConfig(config));
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Status EventInvokeConfigStore::Delete(std::string_view region, std::string_view name, std::string_view qualifier) {
  storage::Status st = store_.Delete(EventInvokeConfigKey(region, name, qualifier));
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Result<std::vector<EventInvokeConfig>> EventInvokeConfigStore::List(std::string_view region,
                                                                         std::string_view name) const {
  auto [begin, end] = EventInvokeConfigRange(region, name);
  auto it = store_.NewIterator({.lower_bound = begin, .upper_bound = end});
  std::vector<EventInvokeConfig> out;
  for (it->SeekToFirst(); it->Valid(); it->Next())
    if (auto config = DecodeEventInvokeConfig(it->value())) out.push_back(std::move(*config));
  if (!it->status().ok()) return StorageError(it->status());
  return out;
}

}  // namespace cloudlet::lambda
