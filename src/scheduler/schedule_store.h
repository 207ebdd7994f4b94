// Where EventBridge Scheduler keeps its resources in the shared KvStore:
//
//   0x40 region 0x00 'g' group              -> group document (JSON)
//   0x40 region 0x00 's' group 0x00 name    -> schedule document (JSON)
//
// Documents are GetScheduleGroup / GetSchedule's output objects (dates as
// epoch seconds) with cloudlet's own members prefixed "cloudlet:" (never
// sent to clients): "cloudlet:Fired" marks an at() schedule that has fired.
// Names are [0-9a-zA-Z-_.]+, so 0x00 never occurs inside one.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::scheduler {

struct StoredSchedule {
  std::string region;
  std::string group;
  std::string name;
  boost::json::object doc;
};

class ScheduleStore {
 public:
  explicit ScheduleStore(storage::KvStore& kv) : kv_(kv) {}

  aws::Result<std::optional<boost::json::object>> GetGroup(std::string_view region, std::string_view group);
  aws::Status PutGroup(std::string_view region, std::string_view group, const boost::json::object& doc);
  // Removes the group and every schedule in it, atomically.
  aws::Status DeleteGroup(std::string_view region, std::string_view group);
  // Groups of a region in name order, names > `after`, at most `limit`.
  aws::Result<std::vector<boost::json::object>> ListGroups(std::string_view region, std::string_view after,
                                                           std::size_t limit);

  aws::Result<std::optional<boost::json::object>> GetSchedule(std::string_view region, std::string_view group,
                                                              std::string_view name);
  aws::Status PutSchedule(std::string_view region, std::string_view group, std::string_view name,
                          const boost::json::object& doc);
  aws::Status DeleteSchedule(std::string_view region, std::string_view group, std::string_view name);
  // Schedules of a region (of one group when `group` is set), in (group,
  // name) order, after the position `after` ("group\0name"; empty: from the start).
  aws::Result<std::vector<StoredSchedule>> ListSchedules(std::string_view region,
                                                         const std::optional<std::string>& group,
                                                         std::string_view after);
  // Every schedule of every region, for arming timers at start.
  aws::Result<std::vector<StoredSchedule>> AllSchedules();

 private:
  storage::KvStore& kv_;
};

}  // namespace cloudlet::scheduler
