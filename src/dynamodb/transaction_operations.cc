// SCAFFOLD: replaced by the real operations.
#include "dynamodb/transaction_operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> TransactGetItems(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "TransactGetItems: not implemented");
}
aws::Result<std::string> TransactWriteItems(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "TransactWriteItems: not implemented");
}
}  // namespace cloudlet::dynamodb
