#include "events/event_input.h"

#include <boost/json/serialize.hpp>

#include <charconv>

#include "schedule/civil_time.h"

namespace cloudlet::events {

namespace json = boost::json;

json::object ScheduledEvent(std::string_view id, std::string_view account, std::string_view region,
                            std::string_view rule_arn, int64_t time_seconds) {
  return json::object{{"version", "0"},
                      {"id", id},
                      {"detail-type", "Scheduled Event"},
                      {"source", "aws.events"},
                      {"account", account},
                      {"time", schedule::FormatIso8601Utc(time_seconds)},
                      {"region", region},
                      {"resources", json::array{json::value(rule_arn)}},
                      {"detail", json::object()}};
}

std::optional<json::value> SelectPath(const json::value& root, std::string_view path) {
  if (!path.starts_with("$")) return std::nullopt;
  path.remove_prefix(1);
  const json::value* at = &root;
  while (!path.empty()) {
    if (path.front() == '.') {
      path.remove_prefix(1);
      auto end = path.find_first_of(".[");
      std::string_view key = path.substr(0, end);
      if (key.empty() || !at->is_object()) return std::nullopt;
      at = at->as_object().if_contains(key);
      if (at == nullptr) return std::nullopt;
      path.remove_prefix(key.size());
    } else if (path.front() == '[') {
      auto close = path.find(']');
      if (close == std::string_view::npos || !at->is_array()) return std::nullopt;
      std::size_t index = 0;
      auto r = std::from_chars(path.data() + 1, path.data() + close, index);
      if (r.ec != std::errc() || r.ptr != path.data() + close || index >= at->as_array().size()) return std::nullopt;
      at = &at->as_array()[index];
      path.remove_prefix(close + 1);
    } else {
      return std::nullopt;
    }
  }
  return *at;
}

std::string TargetPayload(const json::object& target, const json::object& event, std::string_view rule_arn,
                          std::string_view rule_name) {
  json::value event_value = event;
  if (auto* input = target.if_contains("Input"); input != nullptr && input->is_string()) return std::string(input->as_string());
  if (auto* path = target.if_contains("InputPath"); path != nullptr && path->is_string()) {
    auto selected = SelectPath(event_value, path->as_string());
    return selected ? json::serialize(*selected) : "null";
  }
  auto* transformer = target.if_contains("InputTransformer");
  if (transformer == nullptr || !transformer->is_object()) return json::serialize(event);
  const json::object& t = transformer->as_object();
  auto* template_value = t.if_contains("InputTemplate");
  std::string_view tmpl = template_value != nullptr && template_value->is_string() ? template_value->as_string().c_str() : "";
  const json::object* paths = nullptr;
  if (auto* p = t.if_contains("InputPathsMap"); p != nullptr && p->is_object()) paths = &p->as_object();

  auto resolve = [&](std::string_view name) -> std::optional<json::value> {
    if (name == "aws.events.rule-arn") return json::value(rule_arn);
    if (name == "aws.events.rule-name") return json::value(rule_name);
    if (name == "aws.events.event" || name == "aws.events.event.json") return event_value;
    if (name == "aws.events.event.ingestion-time") return event.at("time");
    if (paths == nullptr) return std::nullopt;
    auto* path = paths->if_contains(name);
    if (path == nullptr || !path->is_string()) return std::nullopt;
    return SelectPath(event_value, path->as_string());
  };
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    if (c == '"' && (i == 0 || tmpl[i - 1] != '\\')) in_string = !in_string;
    if (c == '<') {
      auto close = tmpl.find('>', i);
      if (close != std::string_view::npos) {
        std::string_view name = tmpl.substr(i + 1, close - i - 1);
        bool known = name.starts_with("aws.events.") || (paths != nullptr && paths->contains(name));
        if (known) {
          auto value = resolve(name);
          if (in_string) {
            if (value && value->is_string()) {
              std::string text = json::serialize(*value);  // quoted and escaped
              out += text.substr(1, text.size() - 2);
            } else if (value) {
              out += json::serialize(*value);
            }
          } else {
            out += value ? json::serialize(*value) : "null";
          }
          i = close;
          continue;
        }
      }
    }
    out += c;
  }
  return out;
}

}  // namespace cloudlet::events
