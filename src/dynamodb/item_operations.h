// Internal: the single-item operations (see operations.h).
#pragma once

#include "dynamodb/operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> PutItem(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> GetItem(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> UpdateItem(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> DeleteItem(OperationContext& ctx, boost::json::object& req);
}  // namespace cloudlet::dynamodb
