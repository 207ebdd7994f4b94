// DescribeTimeToLive and UpdateTimeToLive.
//
// The setting takes effect at once: DescribeTimeToLive answers ENABLED or
// DISABLED, never ENABLING/DISABLING, and DynamoDB's one change per hour is
// not enforced. Enabling publishes the attribute to writers (every write
// from then on keeps the TTL index, ttl_index.h) and indexes the existing
// items in the background; disabling removes the index with one range delete.
#include <boost/json/serialize.hpp>

#include "dynamodb/database.h"
#include "dynamodb/errors.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/ttl_operations.h"
#include "dynamodb/ttl_sweeper.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

Result<TablePtr> RequireTable(OperationContext& ctx, const json::object& req) {
  auto name = req.at("TableName").get_string();
  auto table = ctx.db.Find(ctx.region, TableNameOf(ctx, name));
  if (!table) return errors::TableNotFound(std::string(name));
  return table;
}

}  // namespace

Result<std::string> DescribeTimeToLive(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(StringMember(req, "TableName"));
  ConstraintErrors errors;
  CheckTableName(req, errors);
  if (auto e = errors.Error()) return *e;
  auto table = RequireTable(ctx, req);
  if (!table.ok()) return table.take_error();
  json::object description;
  if ((*table)->ttl_attribute) {
    description["TimeToLiveStatus"] = "ENABLED";
    description["AttributeName"] = *(*table)->ttl_attribute;
  } else {
    description["TimeToLiveStatus"] = "DISABLED";
  }
  json::object out;
  out["TimeToLiveDescription"] = std::move(description);
  return json::serialize(out);
}

Result<std::string> UpdateTimeToLive(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(StringMember(req, "TableName"));
  auto spec_member = ObjectMember(req, "TimeToLiveSpecification");
  if (!spec_member.ok()) return spec_member.take_error();
  const json::object* spec = *spec_member;
  ConstraintErrors errors;
  CheckTableName(req, errors);
  if (spec == nullptr) {
    errors.Add(nullptr, "timeToLiveSpecification", "Member must not be null");
  } else {
    auto attr = StringMember(*spec, "AttributeName");
    if (!attr.ok()) return attr.take_error();
    auto enabled = BoolMember(*spec, "Enabled");
    if (!enabled.ok()) return enabled.take_error();
    if (!*attr) {
      errors.Add(nullptr, "timeToLiveSpecification.attributeName", "Member must not be null");
    } else {
      const json::value* v = spec->if_contains("AttributeName");
      if ((*attr)->empty())
        errors.Add(v, "timeToLiveSpecification.attributeName", "Member must have length greater than or equal to 1");
      if ((*attr)->size() > 255)
        errors.Add(v, "timeToLiveSpecification.attributeName", "Member must have length less than or equal to 255");
    }
    if (!*enabled) errors.Add(nullptr, "timeToLiveSpecification.enabled", "Member must not be null");
  }
  if (auto e = errors.Error()) return *e;
  auto found = RequireTable(ctx, req);
  if (!found.ok()) return found.take_error();
  std::string attribute(spec->at("AttributeName").get_string());
  bool enable = spec->at("Enabled").get_bool();
  Table table = **found;
  if (enable && table.ttl_attribute) return errors::Validation("TimeToLive is already enabled");
  if (!enable && !table.ttl_attribute) return errors::Validation("TimeToLive is already disabled");
  if (enable) {
    table.ttl_attribute = attribute;
  } else {
    table.ttl_attribute.reset();
  }
  CLOUDLET_TRY(ctx.db.Replace(table));
  if (enable) {
    StartTimeToLiveBackfill(ctx.db, table);
  } else {
    CLOUDLET_TRY(DropTimeToLiveIndex(ctx.db, table));
  }
  json::object out;
  out["TimeToLiveSpecification"] = json::object{{"AttributeName", attribute}, {"Enabled", enable}};
  return json::serialize(out);
}

}  // namespace cloudlet::dynamodb
