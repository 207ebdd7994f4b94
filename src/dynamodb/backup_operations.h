// Internal: CreateBackup, DeleteBackup, DescribeBackup, DescribeContinuousBackups, ListBackups, RestoreTableFromBackup, RestoreTableToPointInTime, UpdateContinuousBackups (see operations.h).
#pragma once

#include "dynamodb/operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> CreateBackup(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> DeleteBackup(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> DescribeBackup(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> DescribeContinuousBackups(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> ListBackups(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> RestoreTableFromBackup(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> RestoreTableToPointInTime(OperationContext& ctx, boost::json::object& req);
aws::Result<std::string> UpdateContinuousBackups(OperationContext& ctx, boost::json::object& req);
}  // namespace cloudlet::dynamodb
