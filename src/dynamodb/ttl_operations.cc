// SCAFFOLD: replaced by the real operations.
#include "dynamodb/ttl_operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> DescribeTimeToLive(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "DescribeTimeToLive: not implemented");
}
aws::Result<std::string> UpdateTimeToLive(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "UpdateTimeToLive: not implemented");
}
}  // namespace cloudlet::dynamodb
