// SCAFFOLD: replaced by the real operations.
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

aws::Result<Reply> CreateAlias(LambdaState&, const OperationRequest&) { return errors::Service("CreateAlias: not implemented"); }
aws::Result<Reply> GetAlias(LambdaState&, const OperationRequest&) { return errors::Service("GetAlias: not implemented"); }
aws::Result<Reply> UpdateAlias(LambdaState&, const OperationRequest&) { return errors::Service("UpdateAlias: not implemented"); }
aws::Result<Reply> DeleteAlias(LambdaState&, const OperationRequest&) { return errors::Service("DeleteAlias: not implemented"); }
aws::Result<Reply> ListAliases(LambdaState&, const OperationRequest&) { return errors::Service("ListAliases: not implemented"); }

}  // namespace cloudlet::lambda
