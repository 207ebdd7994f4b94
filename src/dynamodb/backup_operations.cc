// SCAFFOLD: replaced by the real operations.
#include "dynamodb/backup_operations.h"

namespace cloudlet::dynamodb {
aws::Result<std::string> CreateBackup(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "CreateBackup: not implemented");
}
aws::Result<std::string> DeleteBackup(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "DeleteBackup: not implemented");
}
aws::Result<std::string> DescribeBackup(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "DescribeBackup: not implemented");
}
aws::Result<std::string> DescribeContinuousBackups(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "DescribeContinuousBackups: not implemented");
}
aws::Result<std::string> ListBackups(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "ListBackups: not implemented");
}
aws::Result<std::string> RestoreTableFromBackup(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "RestoreTableFromBackup: not implemented");
}
aws::Result<std::string> RestoreTableToPointInTime(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "RestoreTableToPointInTime: not implemented");
}
aws::Result<std::string> UpdateContinuousBackups(OperationContext&, boost::json::object&) {
  return aws::AwsError::Make(500, "InternalServerError", "UpdateContinuousBackups: not implemented");
}
}  // namespace cloudlet::dynamodb
