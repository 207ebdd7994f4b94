// SCAFFOLD: replaced by the real operations.
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

aws::Result<Reply> PutFunctionConcurrency(LambdaState&, const OperationRequest&) { return errors::Service("PutFunctionConcurrency: not implemented"); }
aws::Result<Reply> GetFunctionConcurrency(LambdaState&, const OperationRequest&) { return errors::Service("GetFunctionConcurrency: not implemented"); }
aws::Result<Reply> DeleteFunctionConcurrency(LambdaState&, const OperationRequest&) { return errors::Service("DeleteFunctionConcurrency: not implemented"); }

}  // namespace cloudlet::lambda
