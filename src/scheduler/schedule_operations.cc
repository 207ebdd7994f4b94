// The Scheduler operations. Error texts are AWS's where known:
//   ResourceNotFoundException  "Schedule <name> does not exist."
//                              "Schedule group <name> does not exist."
//   ConflictException          "Schedule <name> already exists."
//                              "Schedule group <name> already exists."
// ClientToken is accepted and not used for idempotency. Deleting a group
// deletes its schedules at once (AWS shows the group DELETING for a while).
// Paging tokens are the hex of the last position returned.
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "http/router.h"
#include "scheduler/schedule_definition.h"
#include "scheduler/scheduler_service.h"

namespace cloudlet::scheduler {
namespace {

namespace json = boost::json;
using aws::AwsError;
using aws::Result;

AwsError NotFound(std::string message) { return AwsError::Make(404, "ResourceNotFoundException", std::move(message)); }
AwsError Conflict(std::string message) { return AwsError::Make(409, "ConflictException", std::move(message)); }

bool ValidName(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
           c == '.';
  });
}

aws::Status CheckName(std::string_view name, std::string_view member) {
  if (ValidName(name)) return aws::OkStatus();
  return AwsError::Validation("1 validation error detected: Value '" + std::string(name) + "' at '" +
                              std::string(member) +
                              "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                              "^[0-9a-zA-Z-_.]+$");
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
  if (hex.size() % 2) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::optional<std::string> Query(const Call& call, std::string_view name) {
  return http::FormParameter(call.query, name);
}

// Every value of a repeated query parameter (TagKeys=a&TagKeys=b).
std::vector<std::string> QueryAll(const Call& call, std::string_view name) {
  std::vector<std::string> values;
  std::string_view q = call.query;
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    auto eq = pair.find('=');
    if (http::PercentDecode(pair.substr(0, eq), true) == name && eq != std::string_view::npos)
      values.push_back(http::PercentDecode(pair.substr(eq + 1), true));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return values;
}

Result<std::size_t> MaxResults(const Call& call) {
  auto text = Query(call, "MaxResults");
  if (!text) return std::size_t{100};
  int64_t v = 0;
  bool digits = !text->empty() && text->size() < 10 &&
                std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) v = std::stoll(*text);
  if (!digits || v < 1 || v > 100)
    return AwsError::Validation("1 validation error detected: Value '" + *text +
                                "' at 'maxResults' failed to satisfy constraint: Member must have value " +
                                (digits && v > 100 ? "less than or equal to 100" : "greater than or equal to 1"));
  return static_cast<std::size_t>(v);
}

// The document as clients see it: cloudlet's own members removed.
json::object Public(json::object doc) {
  for (auto it = doc.begin(); it != doc.end();) {
    if (it->key().starts_with("cloudlet:")) it = doc.erase(it);
    else ++it;
  }
  return doc;
}

std::string GroupName(const Call& call, bool from_query) {
  if (from_query) return Query(call, "groupName").value_or("default");
  auto* g = call.body.if_contains("GroupName");
  return g != nullptr && g->is_string() ? std::string(g->as_string()) : "default";
}

}  // namespace

std::string SchedulerService::ScheduleArn(std::string_view region, std::string_view group,
                                          std::string_view name) const {
  return "arn:aws:scheduler:" + std::string(region) + ":" + env_.account_id + ":schedule/" + std::string(group) + "/" +
         std::string(name);
}

std::string SchedulerService::GroupArn(std::string_view region, std::string_view group) const {
  return "arn:aws:scheduler:" + std::string(region) + ":" + env_.account_id + ":schedule-group/" + std::string(group);
}

Result<std::string> SchedulerService::Dispatch(Call& call, std::string& operation) {
  using V = http::Verb;
  struct Route {
    std::string_view resource;
    bool has_id;
    V method;
    std::string_view name;
    Result<std::string> (SchedulerService::*handler)(Call&);
  };
  static const Route kRoutes[] = {
      {"schedules", true, V::post, "CreateSchedule", &SchedulerService::CreateSchedule},
      {"schedules", true, V::get, "GetSchedule", &SchedulerService::GetSchedule},
      {"schedules", true, V::put, "UpdateSchedule", &SchedulerService::UpdateSchedule},
      {"schedules", true, V::delete_, "DeleteSchedule", &SchedulerService::DeleteSchedule},
      {"schedules", false, V::get, "ListSchedules", &SchedulerService::ListSchedules},
      {"schedule-groups", true, V::post, "CreateScheduleGroup", &SchedulerService::CreateScheduleGroup},
      {"schedule-groups", true, V::get, "GetScheduleGroup", &SchedulerService::GetScheduleGroup},
      {"schedule-groups", true, V::delete_, "DeleteScheduleGroup", &SchedulerService::DeleteScheduleGroup},
      {"schedule-groups", false, V::get, "ListScheduleGroups", &SchedulerService::ListScheduleGroups},
      {"tags", true, V::post, "TagResource", &SchedulerService::TagResource},
      {"tags", true, V::get, "ListTagsForResource", &SchedulerService::ListTagsForResource},
      {"tags", true, V::delete_, "UntagResource", &SchedulerService::UntagResource},
  };
  for (const auto& route : kRoutes) {
    if (route.resource != call.resource || route.has_id != !call.id.empty() || route.method != call.method) continue;
    operation = route.name;
    std::lock_guard lock(mutex_);
    return (this->*route.handler)(call);
  }
  return AwsError::Make(404, "UnknownOperationException", "cloudlet does not implement this Scheduler operation");
}

Result<json::object> SchedulerService::RequireGroup(const Call& call, std::string_view group) {
  CLOUDLET_TRY(CheckName(group, "groupName"));
  auto stored = store_.GetGroup(call.region, group);
  if (!stored.ok()) return stored.take_error();
  if (*stored) return std::move(**stored);
  if (group != "default") return NotFound("Schedule group " + std::string(group) + " does not exist.");
  json::object doc{{"Name", "default"},
                   {"Arn", GroupArn(call.region, "default")},
                   {"CreationDate", call.now},
                   {"LastModificationDate", call.now},
                   {"State", "ACTIVE"},
                   {"cloudlet:Tags", json::array()}};
  CLOUDLET_TRY(store_.PutGroup(call.region, "default", doc));
  return doc;
}

// ---- schedules ----

Result<std::string> SchedulerService::CreateSchedule(Call& call) {
  CLOUDLET_TRY(CheckName(call.id, "name"));
  std::string group = GroupName(call, false);
  auto group_doc = RequireGroup(call, group);
  if (!group_doc.ok()) return group_doc.take_error();
  auto existing = store_.GetSchedule(call.region, group, call.id);
  if (!existing.ok()) return existing.take_error();
  if (*existing) return Conflict("Schedule " + call.id + " already exists.");
  auto doc = ValidateDefinition(call.body, zones_, call.now);
  if (!doc.ok()) return doc.take_error();
  std::string arn = ScheduleArn(call.region, group, call.id);
  (*doc)["Name"] = call.id;
  (*doc)["GroupName"] = group;
  (*doc)["Arn"] = arn;
  (*doc)["CreationDate"] = call.now;
  (*doc)["LastModificationDate"] = call.now;
  CLOUDLET_TRY(store_.PutSchedule(call.region, group, call.id, *doc));
  Arm(call.region, group, call.id, *doc, static_cast<int64_t>(call.now));
  return json::serialize(json::object{{"ScheduleArn", arn}});
}

Result<std::string> SchedulerService::UpdateSchedule(Call& call) {
  CLOUDLET_TRY(CheckName(call.id, "name"));
  std::string group = GroupName(call, false);
  auto group_doc = RequireGroup(call, group);
  if (!group_doc.ok()) return group_doc.take_error();
  auto existing = store_.GetSchedule(call.region, group, call.id);
  if (!existing.ok()) return existing.take_error();
  if (!*existing) return NotFound("Schedule " + call.id + " does not exist.");
  auto doc = ValidateDefinition(call.body, zones_, call.now);
  if (!doc.ok()) return doc.take_error();
  std::string arn = ScheduleArn(call.region, group, call.id);
  (*doc)["Name"] = call.id;
  (*doc)["GroupName"] = group;
  (*doc)["Arn"] = arn;
  (*doc)["CreationDate"] = (**existing).at("CreationDate");
  (*doc)["LastModificationDate"] = call.now;
  CLOUDLET_TRY(store_.PutSchedule(call.region, group, call.id, *doc));
  Arm(call.region, group, call.id, *doc, static_cast<int64_t>(call.now));
  return json::serialize(json::object{{"ScheduleArn", arn}});
}

Result<std::string> SchedulerService::GetSchedule(Call& call) {
  CLOUDLET_TRY(CheckName(call.id, "name"));
  std::string group = GroupName(call, true);
  auto group_doc = RequireGroup(call, group);
  if (!group_doc.ok()) return group_doc.take_error();
  auto existing = store_.GetSchedule(call.region, group, call.id);
  if (!existing.ok()) return existing.take_error();
  if (!*existing) return NotFound("Schedule " + call.id + " does not exist.");
  return json::serialize(Public(std::move(**existing)));
}

Result<std::string> SchedulerService::DeleteSchedule(Call& call) {
  CLOUDLET_TRY(CheckName(call.id, "name"));
  std::string group = GroupName(call, true);
  auto group_doc = RequireGroup(call, group);
  if (!group_doc.ok()) return group_doc.take_error();
  auto existing = store_.GetSchedule(call.region, group, call.id);
  if (!existing.ok()) return existing.take_error();
  if (!*existing) return NotFound("Schedule " + call.id + " does not exist.");
  CLOUDLET_TRY(store_.DeleteSchedule(call.region, group, call.id));
  Disarm(call.region, group, call.id);
  return std::string("{}");
}

Result<std::string> SchedulerService::ListSchedules(Call& call) {
  auto limit = MaxResults(call);
  if (!limit.ok()) return limit.take_error();
  std::optional<std::string> group = Query(call, "ScheduleGroup");
  if (group) {
    auto group_doc = RequireGroup(call, *group);
    if (!group_doc.ok()) return group_doc.take_error();
  }
  std::string prefix = Query(call, "NamePrefix").value_or("");
  std::optional<std::string> state = Query(call, "State");
  if (state && *state != "ENABLED" && *state != "DISABLED")
    return AwsError::Validation("1 validation error detected: Value '" + *state +
                                "' at 'state' failed to satisfy constraint: Member must satisfy enum value set: "
                                "[ENABLED, DISABLED]");
  std::string after;
  if (auto token = Query(call, "NextToken")) {
    auto decoded = Unhex(*token);
    if (!decoded || decoded->empty()) return AwsError::Validation("Invalid NextToken.");
    after = std::move(*decoded);
  }
  auto all = store_.ListSchedules(call.region, group, after);
  if (!all.ok()) return all.take_error();
  json::array out;
  std::string last;
  bool more = false;
  for (auto& s : *all) {
    if (!s.name.starts_with(prefix)) continue;
    if (state && s.doc.at("State") != state->c_str()) continue;
    if (out.size() == *limit) {
      more = true;
      break;
    }
    json::object summary{{"Arn", s.doc.at("Arn")},
                         {"CreationDate", s.doc.at("CreationDate")},
                         {"GroupName", s.group},
                         {"LastModificationDate", s.doc.at("LastModificationDate")},
                         {"Name", s.name},
                         {"State", s.doc.at("State")},
                         {"Target", json::object{{"Arn", s.doc.at("Target").at("Arn")}}}};
    out.push_back(std::move(summary));
    last = s.group + '\0' + s.name;
  }
  json::object response{{"Schedules", std::move(out)}};
  if (more) response["NextToken"] = Hex(last);
  return json::serialize(response);
}

// ---- groups ----

Result<std::string> SchedulerService::CreateScheduleGroup(Call& call) {
  CLOUDLET_TRY(CheckName(call.id, "name"));
  (void)RequireGroup(call, "default");
  auto existing = store_.GetGroup(call.region, call.id);
  if (!existing.ok()) return existing.take_error();
  if (*existing) return Conflict("Schedule group " + call.id + " already exists.");
  json::array tags;
  if (auto* t = call.body.if_contains("Tags"); t != nullptr && t->is_array()) tags = t->as_array();
  json::object doc{{"Name", call.id},
                   {"Arn", GroupArn(call.region, call.id)},
                   {"CreationDate", call.now},
                   {"LastModificationDate", call.now},
                   {"State", "ACTIVE"},
                   {"cloudlet:Tags", std::move(tags)}};
  CLOUDLET_TRY(store_.PutGroup(call.region, call.id, doc));
  return json::serialize(json::object{{"ScheduleGroupArn", doc.at("Arn")}});
}

Result<std::string> SchedulerService::GetScheduleGroup(Call& call) {
  auto doc = RequireGroup(call, call.id);
  if (!doc.ok()) return doc.take_error();
  return json::serialize(Public(std::move(*doc)));
}

Result<std::string> SchedulerService::DeleteScheduleGroup(Call& call) {
  CLOUDLET_TRY(CheckName(call.id, "name"));
  if (call.id == "default") return AwsError::Validation("You cannot delete the default schedule group.");
  auto doc = RequireGroup(call, call.id);
  if (!doc.ok()) return doc.take_error();
  CLOUDLET_TRY(store_.DeleteGroup(call.region, call.id));
  DisarmGroup(call.region, call.id);
  return std::string("{}");
}

Result<std::string> SchedulerService::ListScheduleGroups(Call& call) {
  auto limit = MaxResults(call);
  if (!limit.ok()) return limit.take_error();
  (void)RequireGroup(call, "default");
  std::string prefix = Query(call, "NamePrefix").value_or("");
  std::string after;
  if (auto token = Query(call, "NextToken")) {
    auto decoded = Unhex(*token);
    if (!decoded || decoded->empty()) return AwsError::Validation("Invalid NextToken.");
    after = std::move(*decoded);
  }
  auto groups = store_.ListGroups(call.region, after, SIZE_MAX);
  if (!groups.ok()) return groups.take_error();
  json::array out;
  std::string last;
  bool more = false;
  for (auto& g : *groups) {
    std::string name(g.at("Name").as_string());
    if (!name.starts_with(prefix)) continue;
    if (out.size() == *limit) {
      more = true;
      break;
    }
    out.push_back(Public(std::move(g)));
    last = name;
  }
  json::object response{{"ScheduleGroups", std::move(out)}};
  if (more) response["NextToken"] = Hex(last);
  return json::serialize(response);
}

// ---- tags (schedule groups only, as in AWS) ----

Result<std::string> SchedulerService::GroupFromArn(const Call& call) {
  std::string prefix = "arn:aws:scheduler:" + call.region + ":" + env_.account_id + ":schedule-group/";
  if (!call.id.starts_with(prefix) || !ValidName(std::string_view(call.id).substr(prefix.size())))
    return AwsError::Validation("1 validation error detected: Value '" + call.id +
                                "' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular "
                                "expression pattern: ^arn:aws(-[a-z]+)?:scheduler:[a-z0-9\\-]+:\\d{12}:schedule-group\\/[0-9a-zA-Z-_.]+$");
  return call.id.substr(prefix.size());
}

Result<std::string> SchedulerService::TagResource(Call& call) {
  auto group = GroupFromArn(call);
  if (!group.ok()) return group.take_error();
  auto doc = RequireGroup(call, *group);
  if (!doc.ok()) return doc.take_error();
  auto* incoming = call.body.if_contains("Tags");
  if (incoming == nullptr || !incoming->is_array()) return AwsError::Validation("Tags must be a list.");
  json::array& tags = (*doc)["cloudlet:Tags"].is_array() ? (*doc)["cloudlet:Tags"].as_array()
                                                         : (*doc)["cloudlet:Tags"].emplace_array();
  for (const auto& tag : incoming->as_array()) {
    if (!tag.is_object() || !tag.as_object().contains("Key") || !tag.as_object().contains("Value"))
      return AwsError::Validation("Each tag needs a Key and a Value.");
    auto same = std::find_if(tags.begin(), tags.end(), [&](const json::value& t) { return t.at("Key") == tag.at("Key"); });
    if (same != tags.end()) *same = tag;
    else tags.push_back(tag);
  }
  CLOUDLET_TRY(store_.PutGroup(call.region, *group, *doc));
  return std::string("{}");
}

Result<std::string> SchedulerService::UntagResource(Call& call) {
  auto group = GroupFromArn(call);
  if (!group.ok()) return group.take_error();
  auto doc = RequireGroup(call, *group);
  if (!doc.ok()) return doc.take_error();
  auto keys = QueryAll(call, "TagKeys");
  json::array kept;
  if (auto* tags = doc->if_contains("cloudlet:Tags"); tags != nullptr && tags->is_array())
    for (const auto& t : tags->as_array())
      if (std::find(keys.begin(), keys.end(), std::string_view(t.at("Key").as_string())) == keys.end())
        kept.push_back(t);
  (*doc)["cloudlet:Tags"] = std::move(kept);
  CLOUDLET_TRY(store_.PutGroup(call.region, *group, *doc));
  return std::string("{}");
}

Result<std::string> SchedulerService::ListTagsForResource(Call& call) {
  auto group = GroupFromArn(call);
  if (!group.ok()) return group.take_error();
  auto doc = RequireGroup(call, *group);
  if (!doc.ok()) return doc.take_error();
  json::value tags = json::array();
  if (auto* t = doc->if_contains("cloudlet:Tags"); t != nullptr && t->is_array()) tags = *t;
  return json::serialize(json::object{{"Tags", std::move(tags)}});
}

}  // namespace cloudlet::scheduler
