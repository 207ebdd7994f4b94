// SCAFFOLD: replaced by the real operations.
#include "dynamodb/partiql_operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> BatchExecuteStatement(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "BatchExecuteStatement: not implemented");
}
aws::Result<std::string> ExecuteStatement(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "ExecuteStatement: not implemented");
}
aws::Result<std::string> ExecuteTransaction(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "ExecuteTransaction: not implemented");
}
}  // namespace cloudlet::dynamodb
