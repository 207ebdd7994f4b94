// Runs a plan (planner.h) against the store, through the same paths the
// item operations and Query/Scan take: reads through ReadRange
// (range_read.h), single-item writes under the item's lock through
// Database::WriteItem, so index entries, item collections and stream
// records follow as for PutItem/UpdateItem/DeleteItem.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "aws/error.h"
#include "dynamodb/capacity.h"
#include "dynamodb/operations.h"
#include "dynamodb/partiql/next_token.h"
#include "dynamodb/partiql/planner.h"
#include "dynamodb/secondary_index.h"

namespace cloudlet::dynamodb::partiql {

struct SelectOptions {
  std::optional<std::size_t> limit;
  bool consistent = false;
  CapacityMode capacity = CapacityMode::kNone;
  std::optional<Continuation> start;
  uint64_t request_hash = 0;
};

// A Query or Scan plan: the ExecuteStatement response body
// ({"Items":[...], "NextToken"?, "ConsumedCapacity"?}).
aws::Result<std::string> RunSelect(OperationContext& ctx, const Plan& plan, const SelectOptions& options);

// A Get plan: the item if it exists and the WHERE clause holds, projected.
struct GetResult {
  std::optional<boost::json::object> item;
  std::size_t size = 0;  // the stored item's size, for capacity
};
aws::Result<GetResult> RunGet(OperationContext& ctx, const Plan& plan);

struct WriteResult {
  std::optional<boost::json::object> returned;  // RETURNING ...
  std::size_t size = 0;                         // max(old, new) item size, for capacity
  IndexWriteCounts counts;
};
// An Insert, Update or Delete plan. Errors: DuplicateItemException,
// ConditionalCheckFailedException (with "Item" when `return_old_on_failure`
// and the item exists), ValidationException.
aws::Result<WriteResult> RunWrite(OperationContext& ctx, const Plan& plan, bool return_old_on_failure);

// A transaction of Get plans: every item read from one store snapshot (a
// transaction commits in one batch, so a snapshot never shows half of one);
// the ExecuteTransaction response body, {"Responses":[{"Item":..} or {}, ..]}.
aws::Result<std::string> RunTransactGet(OperationContext& ctx, const std::vector<Plan>& plans, CapacityMode capacity);

// The ConsumedCapacity of one write, as PutItem reports it.
boost::json::object WriteCapacity(const Table& table, const WriteResult& result, CapacityMode mode);

}  // namespace cloudlet::dynamodb::partiql
