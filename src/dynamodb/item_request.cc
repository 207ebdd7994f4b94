#include "dynamodb/item_request.h"

#include "dynamodb/errors.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

void CheckCommonMembers(const json::object& req, ConstraintErrors& errors, bool allow_return_values) {
  if (allow_return_values)
    CheckEnum(req, "ReturnValues", "returnValues", {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"}, errors);
  CheckEnum(req, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"}, errors);
  CheckEnum(req, "ReturnItemCollectionMetrics", "returnItemCollectionMetrics", {"SIZE", "NONE"}, errors);
  CheckEnum(req, "ReturnValuesOnConditionCheckFailure", "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"},
            errors);
}

CommonMembers ReadCommonMembers(const json::object& req) {
  CommonMembers m;
  auto text = [&](const char* name) -> std::string_view {
    auto* v = req.if_contains(name);
    return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
  };
  auto cap = text("ReturnConsumedCapacity");
  m.capacity = cap == "TOTAL" ? CapacityMode::kTotal : cap == "INDEXES" ? CapacityMode::kIndexes : CapacityMode::kNone;
  auto rv = text("ReturnValues");
  m.return_values = rv == "ALL_OLD"       ? ReturnValues::kAllOld
                    : rv == "UPDATED_OLD" ? ReturnValues::kUpdatedOld
                    : rv == "ALL_NEW"     ? ReturnValues::kAllNew
                    : rv == "UPDATED_NEW" ? ReturnValues::kUpdatedNew
                                          : ReturnValues::kNone;
  m.return_old_on_condition_failure = text("ReturnValuesOnConditionCheckFailure") == "ALL_OLD";
  return m;
}

aws::Result<TablePtr> FindDataTable(OperationContext& ctx, const json::object& req) {
  auto table = ctx.db.Find(ctx.region, TableNameOf(ctx, req.at("TableName").get_string()));
  // A table still being restored from a backup is not found until it is ACTIVE.
  if (!table || table->restoring) return errors::ResourceNotFound();
  return table;
}

aws::AwsError ConditionFailed(const CommonMembers& members, const std::string* old_item_json) {
  auto error = errors::ConditionalCheckFailed();
  if (members.return_old_on_condition_failure && old_item_json != nullptr) error.extra_json = "\"Item\":" + *old_item_json;
  return error;
}

}  // namespace cloudlet::dynamodb
