// SCAFFOLD: replaced by the real operations.
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

aws::Result<Reply> TagResource(LambdaState&, const OperationRequest&) { return errors::Service("TagResource: not implemented"); }
aws::Result<Reply> UntagResource(LambdaState&, const OperationRequest&) { return errors::Service("UntagResource: not implemented"); }
aws::Result<Reply> ListTags(LambdaState&, const OperationRequest&) { return errors::Service("ListTags: not implemented"); }

}  // namespace cloudlet::lambda
