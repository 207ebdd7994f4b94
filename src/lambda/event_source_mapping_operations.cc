// SCAFFOLD: replaced by the real operations.
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

aws::Result<Reply> CreateEventSourceMapping(LambdaState&, const OperationRequest&) { return errors::Service("CreateEventSourceMapping: not implemented"); }
aws::Result<Reply> GetEventSourceMapping(LambdaState&, const OperationRequest&) { return errors::Service("GetEventSourceMapping: not implemented"); }
aws::Result<Reply> ListEventSourceMappings(LambdaState&, const OperationRequest&) { return errors::Service("ListEventSourceMappings: not implemented"); }
aws::Result<Reply> UpdateEventSourceMapping(LambdaState&, const OperationRequest&) { return errors::Service("UpdateEventSourceMapping: not implemented"); }
aws::Result<Reply> DeleteEventSourceMapping(LambdaState&, const OperationRequest&) { return errors::Service("DeleteEventSourceMapping: not implemented"); }

}  // namespace cloudlet::lambda
