// Members every item operation shares: the target table, ReturnValues,
// ReturnConsumedCapacity, ReturnValuesOnConditionCheckFailure — parsed and
// checked in DynamoDB's order (member constraints, then the table lookup).
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "aws/error.h"
#include "dynamodb/capacity.h"
#include "dynamodb/database.h"
#include "dynamodb/operations.h"
#include "dynamodb/request_validation.h"

namespace cloudlet::dynamodb {

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

struct CommonMembers {
  CapacityMode capacity = CapacityMode::kNone;
  ReturnValues return_values = ReturnValues::kNone;
  bool return_old_on_condition_failure = false;
};

// Adds the constraint violations of the shared members to `errors`.
void CheckCommonMembers(const boost::json::object& req, ConstraintErrors& errors, bool allow_return_values);
CommonMembers ReadCommonMembers(const boost::json::object& req);

// The table of a data-plane request, or "Requested resource not found".
aws::Result<TablePtr> FindDataTable(OperationContext& ctx, const boost::json::object& req);

// A ConditionalCheckFailedException, carrying the old item when asked.
aws::AwsError ConditionFailed(const CommonMembers& members, const std::string* old_item_json);

}  // namespace cloudlet::dynamodb
