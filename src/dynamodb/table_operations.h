// Internal: the table-level operations (see operations.h for the registry).
#pragma once

#include "dynamodb/operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> CreateTable(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> DescribeTable(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> DeleteTable(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> ListTables(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> UpdateTable(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> DescribeLimits(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> DescribeEndpoints(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> TagResource(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> UntagResource(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> ListTagsOfResource(OperationContext& ctx, boost::json::object& req);
}  // namespace cloudlet::dynamodb
