// Internal: DescribeTimeToLive, UpdateTimeToLive (see operations.h).
#pragma once

#include "dynamodb/operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> DescribeTimeToLive(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> UpdateTimeToLive(OperationContext& ctx, boost::json::object& req);
}  // namespace cloudlet::dynamodb
