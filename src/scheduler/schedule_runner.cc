// Firing: each enabled schedule has one timer in the engine, keyed
// "region\0group\0name". A fire re-reads the schedule (it may have changed
// since the timer was set), invokes the target, then arms the next time (a
// recurring schedule) or marks the schedule fired / deletes it (at()).
#include <spdlog/spdlog.h>

#include <chrono>

#include "scheduler/schedule_definition.h"
#include "scheduler/scheduler_service.h"

namespace cloudlet::scheduler {
namespace {

namespace json = boost::json;

std::string TimerKey(std::string_view region, std::string_view group, std::string_view name) {
  std::string key(region);
  key += '\0';
  key += group;
  key += '\0';
  key += name;
  return key;
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsLambdaFunctionArn(std::string_view arn) {
  return arn.starts_with("arn:aws") && arn.find(":lambda:") != std::string_view::npos &&
         arn.find(":function:") != std::string_view::npos;
}

}  // namespace

void SchedulerService::Disarm(const std::string& region, const std::string& group, const std::string& name) {
  timers_.Cancel(TimerKey(region, group, name));
}

void SchedulerService::DisarmGroup(const std::string& region, const std::string& group) {
  std::string prefix(region);
  prefix += '\0';
  prefix += group;
  prefix += '\0';
  timers_.CancelPrefix(prefix);
}

void SchedulerService::Arm(const std::string& region, const std::string& group, const std::string& name,
                           const json::object& doc, int64_t from) {
  std::string key = TimerKey(region, group, name);
  auto* state = doc.if_contains("State");
  bool fired = doc.contains("cloudlet:Fired");
  if (state == nullptr || *state != "ENABLED" || (IsOneTime(doc) && fired)) {
    timers_.Cancel(key);
    return;
  }
  auto next = NextFire(doc, zones_, from);
  if (!next) {
    timers_.Cancel(key);
    return;
  }
  int64_t due = *next;
  timers_.Set(key, due * 1000, [this, region, group, name, due] { Fire(region, group, name, due); });
}

void SchedulerService::ArmAllStored() {
  auto all = store_.AllSchedules();
  if (!all.ok()) {
    spdlog::error("scheduler: cannot read stored schedules: {}", all.error().message);
    return;
  }
  std::lock_guard lock(mutex_);
  int64_t now = NowSeconds();
  // Recurring schedules resume at their next time; an unfired at() whose
  // time passed fires now (the engine runs past-due timers at once).
  for (auto& s : *all) Arm(s.region, s.group, s.name, s.doc, now);
  if (!all->empty()) spdlog::info("scheduler: {} schedule(s) loaded, {} armed", all->size(), timers_.pending());
}

void SchedulerService::Fire(const std::string& region, const std::string& group, const std::string& name,
                            int64_t due) {
  std::lock_guard lock(mutex_);
  auto stored = store_.GetSchedule(region, group, name);
  if (!stored.ok() || !*stored) return;
  json::object& doc = **stored;
  if (auto* state = doc.if_contains("State"); state == nullptr || *state != "ENABLED") return;
  Deliver(ScheduleArn(region, group, name), doc);
  if (!IsOneTime(doc)) {
    Arm(region, group, name, doc, due + 1);
    return;
  }
  aws::Status written = aws::OkStatus();
  if (doc.if_contains("ActionAfterCompletion") && doc.at("ActionAfterCompletion") == "DELETE") {
    written = store_.DeleteSchedule(region, group, name);
  } else {
    doc["cloudlet:Fired"] = true;
    written = store_.PutSchedule(region, group, name, doc);
  }
  if (!written.ok()) spdlog::error("scheduler: schedule {} fired but was not updated: {}", name, written.error().message);
}

void SchedulerService::Deliver(const std::string& schedule_arn, const json::object& doc) {
  const json::object& target = doc.at("Target").as_object();
  std::string arn(target.at("Arn").as_string());
  if (!IsLambdaFunctionArn(arn)) {
    spdlog::info("scheduler: {} fired; its target {} is kept but not run by cloudlet (only Lambda functions are)",
                 schedule_arn, arn);
    return;
  }
  // Without Input, Scheduler's templated Lambda target sends an empty object.
  std::string payload = "{}";
  if (auto* input = target.if_contains("Input"); input != nullptr && input->is_string()) payload = input->as_string();
  auto status = options_.invoke(arn, std::move(payload));
  if (!status.ok())
    spdlog::warn("scheduler: {} could not invoke {}: {} {}", schedule_arn, arn, status.error().code,
                 status.error().message);
  else
    spdlog::debug("scheduler: {} invoked {}", schedule_arn, arn);
}

}  // namespace cloudlet::scheduler
