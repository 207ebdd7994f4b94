// Internal: TransactGetItems, TransactWriteItems (see operations.h).
#pragma once

#include <boost/json/object.hpp>

#include <vector>

#include "dynamodb/capacity.h"
#include "dynamodb/operations.h"
#include "dynamodb/transaction_plan.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> TransactGetItems(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> TransactWriteItems(OperationContext& ctx, boost::json::object& req);

struct TransactWriteOptions {
  CapacityMode capacity = CapacityMode::kNone;
  bool item_collection_metrics = false;  // ReturnItemCollectionMetrics SIZE
  boost::json::object response;          // the answer's other members (ExecuteTransaction: "Responses": [])
};
// Runs planned write actions as one transaction: key errors, the request's
// ClientRequestToken (idempotency, fingerprinted over `req`), the item
// locks, every condition and update, then one atomic commit. Shared by
// TransactWriteItems and PartiQL's ExecuteTransaction, so both conflict,
// cancel and replay alike.
aws::Result<std::string> RunTransactWrite(OperationContext& ctx, const boost::json::object& req,
                                          std::vector<TransactionAction>& actions, const TransactWriteOptions& options);
}  // namespace cloudlet::dynamodb
