// Internal: TransactGetItems, TransactWriteItems (see operations.h).
#pragma once

#include "dynamodb/operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> TransactGetItems(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> TransactWriteItems(OperationContext& ctx, boost::json::object& req);
}  // namespace cloudlet::dynamodb
