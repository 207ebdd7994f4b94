#include "scheduler/schedule_definition.h"

#include <cmath>
#include <string>

#include "schedule/next_fire.h"

namespace cloudlet::scheduler {
namespace {

namespace json = boost::json;
using aws::AwsError;

AwsError Constraint(std::string_view value, std::string_view member, std::string_view constraint) {
  return AwsError::Validation("1 validation error detected: Value '" + std::string(value) + "' at '" +
                              std::string(member) + "' failed to satisfy constraint: " + std::string(constraint));
}

AwsError Missing(std::string_view member) {
  return AwsError::Validation("1 validation error detected: Value null at '" + std::string(member) +
                              "' failed to satisfy constraint: Member must not be null");
}

AwsError WrongType(std::string_view member) {
  return AwsError::Validation("Invalid type for member " + std::string(member));
}

// A string member; nullopt when absent; an error when of another type.
aws::Result<std::optional<std::string>> String(const json::object& o, std::string_view key, std::string_view path,
                                               std::size_t min_len, std::size_t max_len) {
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) return WrongType(path);
  std::string s(v->as_string());
  if (s.size() < min_len || s.size() > max_len)
    return Constraint(s, path,
                      "Member must have length " + std::string(s.size() < min_len ? "greater than or equal to " +
                                                                                         std::to_string(min_len)
                                                                                   : "less than or equal to " +
                                                                                         std::to_string(max_len)));
  return std::optional<std::string>{std::move(s)};
}

aws::Result<std::optional<double>> Number(const json::object& o, std::string_view key, std::string_view path) {
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<double>{};
  if (!v->is_number()) return WrongType(path);
  return std::optional<double>{v->to_number<double>()};
}

aws::Result<std::optional<int64_t>> Integer(const json::object& o, std::string_view key, std::string_view path,
                                            int64_t min, int64_t max) {
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<int64_t>{};
  if (!v->is_int64() && !v->is_uint64()) return WrongType(path);
  int64_t n = v->is_int64() ? v->as_int64() : static_cast<int64_t>(v->as_uint64());
  if (n < min) return Constraint(std::to_string(n), path, "Member must have value greater than or equal to " + std::to_string(min));
  if (n > max) return Constraint(std::to_string(n), path, "Member must have value less than or equal to " + std::to_string(max));
  return std::optional<int64_t>{n};
}

aws::Result<std::optional<std::string>> Enum(const json::object& o, std::string_view key, std::string_view path,
                                             std::initializer_list<std::string_view> values) {
  auto s = String(o, key, path, 0, 1u << 20);
  if (!s.ok() || !*s) return s;
  for (auto v : values)
    if (**s == v) return s;
  std::string set;
  for (auto v : values) set += (set.empty() ? "" : ", ") + std::string(v);
  return Constraint(**s, path, "Member must satisfy enum value set: [" + set + "]");
}

#define CLOUDLET_ASSIGN(var, expr)              \
  auto var##_result = (expr);                   \
  if (!var##_result.ok()) return var##_result.take_error(); \
  auto var = std::move(var##_result.value())

aws::Result<json::object> ValidateTarget(const json::value* target) {
  if (target == nullptr || target->is_null()) return Missing("target");
  if (!target->is_object()) return WrongType("Target");
  const json::object& t = target->as_object();
  CLOUDLET_ASSIGN(arn, String(t, "Arn", "target.arn", 1, 1600));
  if (!arn) return Missing("target.arn");
  CLOUDLET_ASSIGN(role, String(t, "RoleArn", "target.roleArn", 1, 1600));
  if (!role) return Missing("target.roleArn");
  if (!role->starts_with("arn:aws") || role->find(":iam::") == std::string::npos ||
      role->find(":role/") == std::string::npos)
    return Constraint(*role, "target.roleArn",
                      "Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$");
  CLOUDLET_ASSIGN(input, String(t, "Input", "target.input", 1, 1u << 20));
  json::object out = t;  // templated-target parameters are kept as given
  json::object retry;
  if (auto* r = t.if_contains("RetryPolicy"); r != nullptr && !r->is_null()) {
    if (!r->is_object()) return WrongType("Target.RetryPolicy");
    CLOUDLET_ASSIGN(age, Integer(r->as_object(), "MaximumEventAgeInSeconds",
                                 "target.retryPolicy.maximumEventAgeInSeconds", 60, 86400));
    CLOUDLET_ASSIGN(attempts, Integer(r->as_object(), "MaximumRetryAttempts",
                                      "target.retryPolicy.maximumRetryAttempts", 0, 185));
    retry["MaximumEventAgeInSeconds"] = age.value_or(86400);
    retry["MaximumRetryAttempts"] = attempts.value_or(185);
  } else {
    retry["MaximumEventAgeInSeconds"] = 86400;
    retry["MaximumRetryAttempts"] = 185;
  }
  out["RetryPolicy"] = std::move(retry);
  if (auto* d = t.if_contains("DeadLetterConfig"); d != nullptr && !d->is_null()) {
    if (!d->is_object()) return WrongType("Target.DeadLetterConfig");
    CLOUDLET_ASSIGN(dlq, String(d->as_object(), "Arn", "target.deadLetterConfig.arn", 1, 1600));
    if (dlq && !(dlq->starts_with("arn:aws") && dlq->find(":sqs:") != std::string::npos))
      return Constraint(*dlq, "target.deadLetterConfig.arn",
                        "Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$");
  }
  return out;
}

}  // namespace

aws::Result<json::object> ValidateDefinition(const json::object& body, schedule::ZoneDatabase& zones, double now) {
  json::object doc;
  CLOUDLET_ASSIGN(expression, String(body, "ScheduleExpression", "scheduleExpression", 1, 256));
  if (!expression) return Missing("scheduleExpression");
  auto parsed = schedule::ParseScheduleExpression(*expression, /*allow_at=*/true);
  if (!parsed.expression) return AwsError::Validation("Invalid Schedule Expression " + *expression + ".");
  doc["ScheduleExpression"] = *expression;

  CLOUDLET_ASSIGN(zone, String(body, "ScheduleExpressionTimezone", "scheduleExpressionTimezone", 1, 50));
  if (zone) {
    if (zones.Find(*zone) == nullptr) return AwsError::Validation("Invalid time zone " + *zone + ".");
    doc["ScheduleExpressionTimezone"] = *zone;
  }

  CLOUDLET_ASSIGN(start, Number(body, "StartDate", "StartDate"));
  CLOUDLET_ASSIGN(end, Number(body, "EndDate", "EndDate"));
  if (end && *end <= now) return AwsError::Validation("The EndDate must be in the future.");
  if (start && end && *start >= *end) return AwsError::Validation("The StartDate must come before the EndDate.");
  if (start) doc["StartDate"] = *start;
  if (end) doc["EndDate"] = *end;

  CLOUDLET_ASSIGN(state, Enum(body, "State", "state", {"ENABLED", "DISABLED"}));
  doc["State"] = state.value_or("ENABLED");
  CLOUDLET_ASSIGN(after, Enum(body, "ActionAfterCompletion", "actionAfterCompletion", {"NONE", "DELETE"}));
  doc["ActionAfterCompletion"] = after.value_or("NONE");
  CLOUDLET_ASSIGN(description, String(body, "Description", "description", 0, 512));
  if (description) doc["Description"] = *description;
  CLOUDLET_ASSIGN(kms, String(body, "KmsKeyArn", "kmsKeyArn", 1, 2048));
  if (kms) doc["KmsKeyArn"] = *kms;

  auto* window = body.if_contains("FlexibleTimeWindow");
  if (window == nullptr || window->is_null()) return Missing("flexibleTimeWindow");
  if (!window->is_object()) return WrongType("FlexibleTimeWindow");
  CLOUDLET_ASSIGN(mode, Enum(window->as_object(), "Mode", "flexibleTimeWindow.mode", {"OFF", "FLEXIBLE"}));
  if (!mode) return Missing("flexibleTimeWindow.mode");
  CLOUDLET_ASSIGN(minutes, Integer(window->as_object(), "MaximumWindowInMinutes",
                                   "flexibleTimeWindow.maximumWindowInMinutes", 1, 1440));
  if (*mode == "FLEXIBLE" && !minutes)
    return AwsError::Validation("MaximumWindowInMinutes must be provided when Mode is FLEXIBLE.");
  if (*mode == "OFF" && minutes)
    return AwsError::Validation("MaximumWindowInMinutes must not be provided when Mode is OFF.");
  json::object flexible{{"Mode", *mode}};
  if (minutes) flexible["MaximumWindowInMinutes"] = *minutes;
  doc["FlexibleTimeWindow"] = std::move(flexible);

  CLOUDLET_ASSIGN(target, ValidateTarget(body.if_contains("Target")));
  doc["Target"] = std::move(target);
  return doc;
}

bool IsOneTime(const json::object& doc) {
  auto* e = doc.if_contains("ScheduleExpression");
  return e != nullptr && e->is_string() && e->as_string().starts_with("at(");
}

std::optional<int64_t> NextFire(const json::object& doc, schedule::ZoneDatabase& zones, int64_t from) {
  auto* expression = doc.if_contains("ScheduleExpression");
  if (expression == nullptr || !expression->is_string()) return std::nullopt;
  auto parsed = schedule::ParseScheduleExpression(expression->as_string(), true);
  if (!parsed.expression) return std::nullopt;
  std::shared_ptr<const schedule::TimeZone> zone;
  if (auto* name = doc.if_contains("ScheduleExpressionTimezone"); name != nullptr && name->is_string())
    zone = zones.Find(name->as_string());
  schedule::TimeZone utc = schedule::TimeZone::Utc();
  const schedule::TimeZone& tz = zone ? *zone : utc;
  if (auto* at = std::get_if<schedule::AtExpression>(&*parsed.expression)) return schedule::AtInstant(*at, tz);

  auto seconds = [&doc](const char* key) -> std::optional<int64_t> {
    auto* v = doc.if_contains(key);
    if (v == nullptr || !v->is_number()) return std::nullopt;
    return static_cast<int64_t>(std::ceil(v->to_number<double>()));
  };
  auto start = seconds("StartDate"), end = seconds("EndDate");
  // A rate counts from StartDate, else from when the schedule was created.
  int64_t anchor = start.value_or(seconds("CreationDate").value_or(from));
  if (start && *start > from) from = *start;
  auto next = schedule::FirstFireAtOrAfter(*parsed.expression, tz, from, anchor);
  if (next && end && *next >= *end) return std::nullopt;
  return next;
}

}  // namespace cloudlet::scheduler
