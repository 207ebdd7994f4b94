// The EventBridge wire front (awsJson 1.1, "AWSEvents.<Operation>"), the
// rule and target operations on the default bus, and the timers of
// scheduled rules. Error texts are AWS's:
//   ResourceNotFoundException  "Rule <name> does not exist on EventBus default."
//   ValidationException        "Parameter ScheduleExpression is not valid."
//                              "Rule can't be deleted since it has targets."
//   LimitExceededException     more than 5 targets on a rule
// Paging tokens are the hex of the last rule name / target index returned.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <mutex>

#include "aws/protocol/protocols.h"
#include "aws/sigv4/failure.h"
#include "events/event_input.h"
#include "events/events.h"
#include "http/request_context.h"
#include "schedule/expression.h"
#include "schedule/next_fire.h"
#include "schedule/timer_engine.h"
#include "storage/kv_store.h"

namespace cloudlet::events {
namespace {

namespace json = boost::json;
using aws::AwsError;
using aws::Result;

constexpr std::string_view kTargetPrefix = "AWSEvents.";
const aws::JsonRpcStyle kStyle{.content_type = "application/x-amz-json-1.1"};
constexpr std::size_t kMaxTargetsPerRule = 5;

AwsError NotFound(std::string_view rule) {
  return AwsError::Make(400, "ResourceNotFoundException",
                        "Rule " + std::string(rule) + " does not exist on EventBus default.");
}

AwsError Constraint(std::string_view value, std::string_view member, std::string_view constraint) {
  return AwsError::Validation("1 validation error detected: Value '" + std::string(value) + "' at '" +
                              std::string(member) + "' failed to satisfy constraint: " + std::string(constraint));
}

bool ValidName(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
           c == '.';
  });
}

Result<std::optional<std::string>> OptString(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) return AwsError::Make(400, "SerializationException", "Unexpected type for member " + std::string(key));
  return std::optional<std::string>{std::string(v->as_string())};
}

Result<std::string> RuleName(const json::object& o, std::string_view key, std::string_view member) {
  auto name = OptString(o, key);
  if (!name.ok()) return name.take_error();
  if (!*name)
    return AwsError::Validation("1 validation error detected: Value null at '" + std::string(member) +
                                "' failed to satisfy constraint: Member must not be null");
  if (!ValidName(**name))
    return Constraint(**name, member,
                      (*name)->size() > 64 ? "Member must have length less than or equal to 64"
                                           : "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
  return std::move(**name);
}

aws::Status CheckBus(const json::object& o) {
  auto bus = OptString(o, "EventBusName");
  if (!bus.ok()) return bus.take_error();
  if (!*bus || **bus == "default" || ((*bus)->starts_with("arn:") && (*bus)->ends_with(":event-bus/default")))
    return aws::OkStatus();
  return AwsError::Make(400, "ResourceNotFoundException", "Event bus " + **bus + " does not exist.");
}

bool IsLambdaFunctionArn(std::string_view arn) {
  return arn.starts_with("arn:aws") && arn.find(":lambda:") != std::string_view::npos &&
         arn.find(":function:") != std::string_view::npos;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view hex) {
  if (hex.empty() || hex.size() % 2) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

Result<std::size_t> Limit(const json::object& o) {
  auto* v = o.if_contains("Limit");
  if (v == nullptr || v->is_null()) return std::size_t{100};
  if (!v->is_int64() && !v->is_uint64()) return AwsError::Make(400, "SerializationException", "Unexpected type for member Limit");
  int64_t n = v->is_int64() ? v->as_int64() : 101;
  if (n < 1 || n > 100)
    return Constraint(std::to_string(n), "limit",
                      n < 1 ? "Member must have value greater than or equal to 1"
                            : "Member must have value less than or equal to 100");
  return static_cast<std::size_t>(n);
}

json::object PublicRule(const json::object& doc) {
  json::object out;
  for (const auto& [k, v] : doc)
    if (!k.starts_with("cloudlet:")) out[k] = v;
  return out;
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class EventsService final : public aws::Service {
 public:
  EventsService(storage::KvStore& store, const aws::ServiceEnvironment& env, EventsOptions options)
      : store_(store), env_(env), options_(std::move(options)) {
    ArmAllStored();
  }
  ~EventsService() override { timers_.Stop(); }

  std::string_view name() const override { return "events"; }
  http::ServiceMatchers matchers() const override {
    http::ServiceMatchers m;
    m.signing_names = {"events"};
    m.target_prefixes = {std::string(kTargetPrefix)};
    return m;
  }
  std::size_t max_body_bytes() const override { return 1 << 20; }
  http::Response BodyTooLarge(const http::Request&, const http::RequestContext& ctx) const override {
    return aws::JsonRpcError(ctx, AwsError::Make(413, "RequestEntityTooLargeException", "Request entity too large"), kStyle);
  }
  http::Response AuthFailed(const aws::sigv4::Failure& failure, const http::Request&,
                            const http::RequestContext& ctx) const override {
    return aws::JsonRpcError(ctx, AwsError::Make(400, aws::sigv4::JsonServiceErrorCode(failure.kind), failure.message),
                             kStyle);
  }

  void Handle(http::Request& request, http::RequestContext& ctx, http::Responder respond) override {
    std::string_view op = aws::JsonRpcOperation(request);
    using Op = Result<std::string> (EventsService::*)(const std::string&, const json::object&);
    static const std::pair<std::string_view, Op> kOps[] = {
        {"PutRule", &EventsService::PutRule},           {"DescribeRule", &EventsService::DescribeRule},
        {"ListRules", &EventsService::ListRules},       {"DeleteRule", &EventsService::DeleteRule},
        {"EnableRule", &EventsService::EnableRule},     {"DisableRule", &EventsService::DisableRule},
        {"PutTargets", &EventsService::PutTargets},     {"RemoveTargets", &EventsService::RemoveTargets},
        {"ListTargetsByRule", &EventsService::ListTargetsByRule},
    };
    Op handler = nullptr;
    for (auto& [name, fn] : kOps)
      if (name == op) handler = fn;
    if (request.method() != http::Verb::post || handler == nullptr) {
      respond(aws::JsonRpcError(
          ctx, AwsError::Make(400, "UnknownOperationException",
                              "cloudlet does not implement the EventBridge operation " + std::string(op)),
          kStyle));
      return;
    }
    ctx.operation = op;
    boost::system::error_code ec;
    std::string_view body = request.body();
    json::value parsed = json::parse(body.empty() ? std::string_view("{}") : body, ec);
    if (ec || !parsed.is_object()) {
      respond(aws::JsonRpcError(ctx, AwsError::Make(400, "SerializationException", "Malformed JSON request body"), kStyle));
      return;
    }
    std::string region = ctx.region.empty() ? env_.region : ctx.region;
    Result<std::string> result = [&] {
      std::lock_guard lock(mutex_);
      return (this->*handler)(region, parsed.as_object());
    }();
    if (!result.ok()) {
      respond(aws::JsonRpcError(ctx, result.error(), kStyle));
      return;
    }
    respond(aws::JsonRpcSuccess(ctx, std::move(result.value()), kStyle));
  }

 private:
  // ---- store ----
  static std::string Key(std::string_view region, std::string_view rule) {
    std::string key(1, '\x41');
    key += region;
    key += '\0';
    key += rule;
    return key;
  }
  Result<std::optional<json::object>> Load(std::string_view region, std::string_view rule) {
    std::string value;
    auto status = store_.Get(Key(region, rule), &value);
    if (status.IsNotFound()) return std::optional<json::object>{};
    if (!status.ok()) return AwsError::Make(500, "InternalException", status.ToString());
    boost::system::error_code ec;
    json::value v = json::parse(value, ec);
    if (ec || !v.is_object()) return AwsError::Make(500, "InternalException", "corrupt rule document");
    return std::optional<json::object>{std::move(v.as_object())};
  }
  aws::Status Save(std::string_view region, std::string_view rule, const json::object& doc) {
    auto status = store_.Put(Key(region, rule), json::serialize(doc));
    if (!status.ok()) return AwsError::Make(500, "InternalException", status.ToString());
    return aws::OkStatus();
  }
  Result<json::object> Require(std::string_view region, std::string_view rule) {
    auto doc = Load(region, rule);
    if (!doc.ok()) return doc.take_error();
    if (!*doc) return NotFound(rule);
    return std::move(**doc);
  }
  std::string RuleArn(std::string_view region, std::string_view rule) const {
    return "arn:aws:events:" + std::string(region) + ":" + env_.account_id + ":rule/" + std::string(rule);
  }

  // ---- operations ----
  Result<std::string> PutRule(const std::string& region, const json::object& req) {
    auto name = RuleName(req, "Name", "name");
    if (!name.ok()) return name.take_error();
    CLOUDLET_TRY(CheckBus(req));
    auto expression = OptString(req, "ScheduleExpression");
    auto pattern = OptString(req, "EventPattern");
    auto state = OptString(req, "State");
    auto description = OptString(req, "Description");
    auto role = OptString(req, "RoleArn");
    for (auto* r : {&expression, &pattern, &state, &description, &role})
      if (!r->ok()) return r->take_error();
    if (expression->value_or("").empty() && !*pattern)
      return AwsError::Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
    if (!expression->value_or("").empty() &&
        !schedule::ParseScheduleExpression(**expression, /*allow_at=*/false).expression)
      return AwsError::Validation("Parameter ScheduleExpression is not valid.");
    if (*pattern) {
      boost::system::error_code ec;
      json::value p = json::parse(**pattern, ec);
      if (ec || !p.is_object())
        return AwsError::Make(400, "InvalidEventPatternException",
                              "Event pattern is not valid. Reason: Filter is not an object");
    }
    if (*state && **state != "ENABLED" && **state != "DISABLED" && **state != "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
      return Constraint(**state, "state",
                        "Member must satisfy enum value set: [ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, DISABLED, ENABLED]");
    if (description->value_or("").size() > 512)
      return Constraint(**description, "description", "Member must have length less than or equal to 512");
    auto existing = Load(region, *name);
    if (!existing.ok()) return existing.take_error();
    json::object doc{{"Name", *name}, {"Arn", RuleArn(region, *name)}};
    if (*pattern) doc["EventPattern"] = **pattern;
    if (!expression->value_or("").empty()) doc["ScheduleExpression"] = **expression;
    doc["State"] = state->value_or("ENABLED");
    if (*description) doc["Description"] = **description;
    if (*role) doc["RoleArn"] = **role;
    doc["EventBusName"] = "default";
    doc["CreatedBy"] = env_.account_id;
    doc["cloudlet:Targets"] = *existing ? (**existing).at("cloudlet:Targets") : json::array();
    doc["cloudlet:Created"] = *existing ? (**existing).at("cloudlet:Created") : json::value(NowSeconds());
    CLOUDLET_TRY(Save(region, *name, doc));
    Arm(region, *name, doc, NowSeconds());
    return json::serialize(json::object{{"RuleArn", doc.at("Arn")}});
  }

  Result<std::string> DescribeRule(const std::string& region, const json::object& req) {
    auto name = RuleName(req, "Name", "name");
    if (!name.ok()) return name.take_error();
    CLOUDLET_TRY(CheckBus(req));
    auto doc = Require(region, *name);
    if (!doc.ok()) return doc.take_error();
    return json::serialize(PublicRule(*doc));
  }

  Result<std::string> ListRules(const std::string& region, const json::object& req) {
    CLOUDLET_TRY(CheckBus(req));
    auto prefix = OptString(req, "NamePrefix");
    auto token = OptString(req, "NextToken");
    auto limit = Limit(req);
    if (!prefix.ok()) return prefix.take_error();
    if (!token.ok()) return token.take_error();
    if (!limit.ok()) return limit.take_error();
    std::string start = Key(region, prefix->value_or(""));
    std::string after;
    if (*token) {
      auto decoded = Unhex(**token);
      if (!decoded) return AwsError::Validation("The NextToken provided is invalid.");
      after = Key(region, *decoded);
      start = std::max(start, after);
    }
    std::string region_prefix = Key(region, "");
    std::string upper = region_prefix;
    upper.back() = '\x01';
    auto it = store_.NewIterator({.lower_bound = region_prefix, .upper_bound = upper});
    json::array rules;
    std::string last;
    bool more = false;
    for (it->Seek(start); it->Valid(); it->Next()) {
      if (it->key() == after) continue;
      std::string name(it->key().substr(region_prefix.size()));
      if (!name.starts_with(prefix->value_or(""))) break;
      if (rules.size() == *limit) {
        more = true;
        break;
      }
      boost::system::error_code ec;
      json::value v = json::parse(it->value(), ec);
      if (ec || !v.is_object()) continue;
      json::object rule = PublicRule(v.as_object());
      rule.erase("CreatedBy");
      rules.push_back(std::move(rule));
      last = name;
    }
    json::object response{{"Rules", std::move(rules)}};
    if (more) response["NextToken"] = Hex(last);
    return json::serialize(response);
  }

  Result<std::string> DeleteRule(const std::string& region, const json::object& req) {
    auto name = RuleName(req, "Name", "name");
    if (!name.ok()) return name.take_error();
    CLOUDLET_TRY(CheckBus(req));
    auto doc = Load(region, *name);
    if (!doc.ok()) return doc.take_error();
    if (!*doc) return std::string("{}");  // deleting a missing rule succeeds, as in AWS
    if (!(**doc).at("cloudlet:Targets").as_array().empty())
      return AwsError::Validation("Rule can't be deleted since it has targets.");
    auto status = store_.Delete(Key(region, *name));
    if (!status.ok()) return AwsError::Make(500, "InternalException", status.ToString());
    timers_.Cancel(Key(region, *name));
    return std::string("{}");
  }

  Result<std::string> SetState(const std::string& region, const json::object& req, const char* state) {
    auto name = RuleName(req, "Name", "name");
    if (!name.ok()) return name.take_error();
    CLOUDLET_TRY(CheckBus(req));
    auto doc = Require(region, *name);
    if (!doc.ok()) return doc.take_error();
    (*doc)["State"] = state;
    CLOUDLET_TRY(Save(region, *name, *doc));
    Arm(region, *name, *doc, NowSeconds());
    return std::string("{}");
  }
  Result<std::string> EnableRule(const std::string& region, const json::object& req) {
    return SetState(region, req, "ENABLED");
  }
  Result<std::string> DisableRule(const std::string& region, const json::object& req) {
    return SetState(region, req, "DISABLED");
  }

  Result<std::string> PutTargets(const std::string& region, const json::object& req) {
    auto name = RuleName(req, "Rule", "rule");
    if (!name.ok()) return name.take_error();
    CLOUDLET_TRY(CheckBus(req));
    auto* targets = req.if_contains("Targets");
    if (targets == nullptr || !targets->is_array() || targets->as_array().empty())
      return AwsError::Validation("1 validation error detected: Value null at 'targets' failed to satisfy "
                                  "constraint: Member must not be null");
    auto doc = Require(region, *name);
    if (!doc.ok()) return doc.take_error();
    json::array& stored = (*doc)["cloudlet:Targets"].as_array();
    json::array failed;
    for (const auto& t : targets->as_array()) {
      if (!t.is_object()) return AwsError::Make(400, "SerializationException", "Unexpected type for member Targets");
      const json::object& target = t.as_object();
      auto id = OptString(target, "Id");
      auto arn = OptString(target, "Arn");
      if (!id.ok()) return id.take_error();
      if (!arn.ok()) return arn.take_error();
      if (!*id || !ValidName(**id))
        return Constraint(id->value_or("null"), "targets.member.id",
                          "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
      if (!*arn || (*arn)->empty())
        return AwsError::Validation("1 validation error detected: Value null at 'targets.member.arn' failed to "
                                    "satisfy constraint: Member must not be null");
      int shapers = target.contains("Input") + target.contains("InputPath") + target.contains("InputTransformer");
      if (shapers > 1)
        return AwsError::Validation("Only one of Input, InputPath, or InputTransformer must be provided.");
      if (auto* input = target.if_contains("Input"); input != nullptr && input->is_string()) {
        boost::system::error_code ec;
        (void)json::parse(input->as_string(), ec);
        if (ec) return AwsError::Validation("Input is not a valid JSON text.");
      }
      auto same = std::find_if(stored.begin(), stored.end(), [&](const json::value& s) { return s.at("Id") == json::value(**id); });
      if (same != stored.end()) {
        *same = target;
      } else if (stored.size() >= kMaxTargetsPerRule) {
        return AwsError::Make(400, "LimitExceededException",
                              "The requested resource exceeds the maximum number allowed.");
      } else {
        stored.push_back(target);
      }
    }
    CLOUDLET_TRY(Save(region, *name, *doc));
    return json::serialize(json::object{{"FailedEntryCount", failed.size()}, {"FailedEntries", std::move(failed)}});
  }

  Result<std::string> RemoveTargets(const std::string& region, const json::object& req) {
    auto name = RuleName(req, "Rule", "rule");
    if (!name.ok()) return name.take_error();
    CLOUDLET_TRY(CheckBus(req));
    auto* ids = req.if_contains("Ids");
    if (ids == nullptr || !ids->is_array() || ids->as_array().empty())
      return AwsError::Validation("1 validation error detected: Value null at 'ids' failed to satisfy constraint: "
                                  "Member must not be null");
    auto doc = Require(region, *name);
    if (!doc.ok()) return doc.take_error();
    json::array kept;
    for (const auto& t : (*doc)["cloudlet:Targets"].as_array())
      if (std::find(ids->as_array().begin(), ids->as_array().end(), t.at("Id")) == ids->as_array().end())
        kept.push_back(t);
    (*doc)["cloudlet:Targets"] = std::move(kept);
    CLOUDLET_TRY(Save(region, *name, *doc));
    return std::string("{\"FailedEntryCount\":0,\"FailedEntries\":[]}");
  }

  Result<std::string> ListTargetsByRule(const std::string& region, const json::object& req) {
    auto name = RuleName(req, "Rule", "rule");
    if (!name.ok()) return name.take_error();
    CLOUDLET_TRY(CheckBus(req));
    auto limit = Limit(req);
    if (!limit.ok()) return limit.take_error();
    auto token = OptString(req, "NextToken");
    if (!token.ok()) return token.take_error();
    auto doc = Require(region, *name);
    if (!doc.ok()) return doc.take_error();
    std::size_t start = 0;
    if (*token) {
      auto decoded = Unhex(**token);
      if (!decoded || decoded->empty() || !std::all_of(decoded->begin(), decoded->end(), ::isdigit))
        return AwsError::Validation("The NextToken provided is invalid.");
      start = std::stoul(*decoded);
    }
    const json::array& all = doc->at("cloudlet:Targets").as_array();
    json::array page;
    for (std::size_t i = start; i < all.size() && page.size() < *limit; ++i) page.push_back(all[i]);
    json::object response{{"Targets", std::move(page)}};
    if (start + *limit < all.size()) response["NextToken"] = Hex(std::to_string(start + *limit));
    return json::serialize(response);
  }

  // ---- timers ----
  // Rule schedules are UTC. A rate counts from the rule's creation and
  // first fires one period after it.
  void Arm(const std::string& region, const std::string& rule, const json::object& doc, int64_t from) {
    std::string key = Key(region, rule);
    auto* expression = doc.if_contains("ScheduleExpression");
    if (doc.at("State") == "DISABLED" || expression == nullptr || !expression->is_string()) {
      timers_.Cancel(key);
      return;
    }
    auto parsed = schedule::ParseScheduleExpression(expression->as_string(), false);
    if (!parsed.expression) {
      timers_.Cancel(key);
      return;
    }
    int64_t created = doc.at("cloudlet:Created").to_number<int64_t>();
    auto next = schedule::FirstFireAtOrAfter(*parsed.expression, utc_, std::max(from, created + 1), created);
    if (!next) {
      timers_.Cancel(key);
      return;
    }
    int64_t due = *next;
    timers_.Set(key, due * 1000, [this, region, rule, due] { Fire(region, rule, due); });
  }

  void ArmAllStored() {
    std::string lower(1, '\x41'), upper(1, '\x42');
    auto it = store_.NewIterator({.lower_bound = lower, .upper_bound = upper});
    std::lock_guard lock(mutex_);
    int64_t now = NowSeconds();
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view key = it->key();
      auto sep = key.find('\0', 1);
      if (sep == std::string_view::npos) continue;
      boost::system::error_code ec;
      json::value v = json::parse(it->value(), ec);
      if (ec || !v.is_object()) continue;
      Arm(std::string(key.substr(1, sep - 1)), std::string(key.substr(sep + 1)), v.as_object(), now);
    }
  }

  void Fire(const std::string& region, const std::string& rule, int64_t due) {
    std::lock_guard lock(mutex_);
    auto doc = Load(region, rule);
    if (!doc.ok() || !*doc || (**doc).at("State") == "DISABLED") return;
    std::string arn = RuleArn(region, rule);
    json::object event = ScheduledEvent(http::NewRequestId(), env_.account_id, region, arn, due);
    for (const auto& t : (**doc).at("cloudlet:Targets").as_array()) {
      const json::object& target = t.as_object();
      std::string target_arn(target.at("Arn").as_string());
      if (!IsLambdaFunctionArn(target_arn)) {
        spdlog::info("events: rule {} fired; target {} is kept but not run by cloudlet (only Lambda functions are)",
                     arn, target_arn);
        continue;
      }
      auto status = options_.invoke(target_arn, TargetPayload(target, event, arn, rule));
      if (!status.ok())
        spdlog::warn("events: rule {} could not invoke {}: {} {}", arn, target_arn, status.error().code,
                     status.error().message);
    }
    Arm(region, rule, **doc, due + 1);
  }

  storage::KvStore& store_;
  aws::ServiceEnvironment env_;
  EventsOptions options_;
  schedule::TimeZone utc_ = schedule::TimeZone::Utc();
  std::mutex mutex_;
  schedule::TimerEngine timers_;  // last: stopped before the members its callbacks use
};

}  // namespace

std::unique_ptr<aws::Service> MakeEventsService(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                                EventsOptions options) {
  return std::make_unique<EventsService>(store, env, std::move(options));
}

}  // namespace cloudlet::events
