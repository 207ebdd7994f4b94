// SCAFFOLD: replaced by the real operations.
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

aws::Result<Reply> PublishVersion(LambdaState&, const OperationRequest&) { return errors::Service("PublishVersion: not implemented"); }
aws::Result<Reply> ListVersionsByFunction(LambdaState&, const OperationRequest&) { return errors::Service("ListVersionsByFunction: not implemented"); }

}  // namespace cloudlet::lambda
