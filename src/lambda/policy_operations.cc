// SCAFFOLD: replaced by the real operations.
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

aws::Result<Reply> AddPermission(LambdaState&, const OperationRequest&) { return errors::Service("AddPermission: not implemented"); }
aws::Result<Reply> RemovePermission(LambdaState&, const OperationRequest&) { return errors::Service("RemovePermission: not implemented"); }
aws::Result<Reply> GetPolicy(LambdaState&, const OperationRequest&) { return errors::Service("GetPolicy: not implemented"); }

}  // namespace cloudlet::lambda
