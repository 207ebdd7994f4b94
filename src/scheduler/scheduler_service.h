// The Scheduler service's one class, shared by its three files:
// scheduler_service.cc (wire framing and routes), schedule_operations.cc
// (the operations) and schedule_runner.cc (timers and firing).
#pragma once

#include <boost/json/object.hpp>

#include <mutex>
#include <string>

#include "aws/service.h"
#include "schedule/time_zone.h"
#include "schedule/timer_engine.h"
#include "scheduler/schedule_store.h"
#include "scheduler/scheduler.h"

namespace cloudlet::scheduler {

// One decoded request: path segments after the resource ("/schedules/x" -> {"x"}),
// raw query string, parsed JSON body, region.
struct Call {
  http::Verb method;
  std::string resource;  // "schedules", "schedule-groups", "tags"
  std::string id;        // the {Name} or {ResourceArn}, percent-decoded; empty for lists
  std::string query;
  boost::json::object body;
  std::string region;
  double now = 0;  // epoch seconds
};

class SchedulerService final : public aws::Service {
 public:
  SchedulerService(storage::KvStore& store, const aws::ServiceEnvironment& env, SchedulerOptions options);
  ~SchedulerService() override;

  std::string_view name() const override { return "scheduler"; }
  http::ServiceMatchers matchers() const override;
  std::size_t max_body_bytes() const override { return 1 << 20; }
  http::Response BodyTooLarge(const http::Request& header, const http::RequestContext& ctx) const override;
  http::Response AuthFailed(const aws::sigv4::Failure& failure, const http::Request& request,
                            const http::RequestContext& ctx) const override;
  void Handle(http::Request& request, http::RequestContext& ctx, http::Responder respond) override;

 private:
  // ---- operations (schedule_operations.cc) ----
  aws::Result<std::string> Dispatch(Call& call, std::string& operation);
  aws::Result<std::string> CreateSchedule(Call& call);
  aws::Result<std::string> UpdateSchedule(Call& call);
  aws::Result<std::string> GetSchedule(Call& call);
  aws::Result<std::string> DeleteSchedule(Call& call);
  aws::Result<std::string> ListSchedules(Call& call);
  aws::Result<std::string> CreateScheduleGroup(Call& call);
  aws::Result<std::string> GetScheduleGroup(Call& call);
  aws::Result<std::string> DeleteScheduleGroup(Call& call);
  aws::Result<std::string> ListScheduleGroups(Call& call);
  aws::Result<std::string> TagResource(Call& call);
  aws::Result<std::string> UntagResource(Call& call);
  aws::Result<std::string> ListTagsForResource(Call& call);
  // The group document, creating "default" on first use in a region.
  aws::Result<boost::json::object> RequireGroup(const Call& call, std::string_view group);
  aws::Result<std::string> GroupFromArn(const Call& call);
  std::string ScheduleArn(std::string_view region, std::string_view group, std::string_view name) const;
  std::string GroupArn(std::string_view region, std::string_view group) const;

  // ---- timers (schedule_runner.cc) ----
  // Arms (or disarms) the timer of one schedule for its first fire at or
  // after `from` (epoch seconds). Caller holds mutex_.
  void Arm(const std::string& region, const std::string& group, const std::string& name,
           const boost::json::object& doc, int64_t from);
  void Disarm(const std::string& region, const std::string& group, const std::string& name);
  void DisarmGroup(const std::string& region, const std::string& group);
  void ArmAllStored();
  void Fire(const std::string& region, const std::string& group, const std::string& name, int64_t due);
  void Deliver(const std::string& schedule_arn, const boost::json::object& doc);

  ScheduleStore store_;
  aws::ServiceEnvironment env_;
  SchedulerOptions options_;
  schedule::ZoneDatabase zones_;
  std::mutex mutex_;  // serialises every change of schedules, and firing
  schedule::TimerEngine timers_;  // last: stopped (destructor) before the members its callbacks use
};

}  // namespace cloudlet::scheduler
