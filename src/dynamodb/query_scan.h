// Internal: Query and Scan (see operations.h).
#pragma once

#include "dynamodb/operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> Query(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> Scan(OperationContext& ctx, boost::json::object& req);
}  // namespace cloudlet::dynamodb
