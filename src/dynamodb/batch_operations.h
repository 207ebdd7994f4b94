// Internal: BatchGetItem and BatchWriteItem (see operations.h).
#pragma once

#include "dynamodb/operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> BatchGetItem(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> BatchWriteItem(OperationContext& ctx, boost::json::object& req);
}  // namespace cloudlet::dynamodb
