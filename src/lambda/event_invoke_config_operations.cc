// SCAFFOLD: replaced by the real operations.
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

aws::Result<Reply> PutFunctionEventInvokeConfig(LambdaState&, const OperationRequest&) { return errors::Service("PutFunctionEventInvokeConfig: not implemented"); }
aws::Result<Reply> GetFunctionEventInvokeConfig(LambdaState&, const OperationRequest&) { return errors::Service("GetFunctionEventInvokeConfig: not implemented"); }
aws::Result<Reply> UpdateFunctionEventInvokeConfig(LambdaState&, const OperationRequest&) { return errors::Service("UpdateFunctionEventInvokeConfig: not implemented"); }
aws::Result<Reply> DeleteFunctionEventInvokeConfig(LambdaState&, const OperationRequest&) { return errors::Service("DeleteFunctionEventInvokeConfig: not implemented"); }
aws::Result<Reply> ListFunctionEventInvokeConfigs(LambdaState&, const OperationRequest&) { return errors::Service("ListFunctionEventInvokeConfigs: not implemented"); }
aws::Result<Reply> InvokeAsync(LambdaState&, const OperationRequest&) { return errors::Service("InvokeAsync: not implemented"); }

}  // namespace cloudlet::lambda
