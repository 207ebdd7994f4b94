// Internal: BatchExecuteStatement, ExecuteStatement, ExecuteTransaction (see operations.h).
#pragma once

#include "dynamodb/operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> BatchExecuteStatement(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> ExecuteStatement(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> ExecuteTransaction(OperationContext& ctx, boost::json::object& req);
}  // namespace cloudlet::dynamodb
