// Lambda's errors, worded as Lambda words them. Every Lambda error is
// rendered restJson1 (x-amzn-ErrorType header) with a "Type" member ("User"
// for 4xx, "Service" for 5xx); the message member is "Message" for the shapes
// whose botocore model spells it so (ResourceNotFoundException,
// ServiceException) and "message" for the rest. Texts are never reworded:
// SDKs and scripts compare them.
#pragma once

#include <string>
#include <string_view>

#include "aws/error.h"
#include "http/message.h"
#include "http/request_context.h"

namespace cloudlet::lambda::errors {

// 404 "Function not found: arn:aws:lambda:us-east-1:000000000000:function:name"
inline aws::AwsError FunctionNotFound(std::string_view arn) {
  return aws::AwsError::Make(404, "ResourceNotFoundException", "Function not found: " + std::string(arn));
}
// 409 "Function already exist: name" (sic)
inline aws::AwsError FunctionAlreadyExists(std::string_view name) {
  return aws::AwsError::Make(409, "ResourceConflictException", "Function already exist: " + std::string(name));
}
inline aws::AwsError InvalidParameter(std::string message) {
  return aws::AwsError::Make(400, "InvalidParameterValueException", std::move(message));
}
// Constraint of the model broken: "1 validation error detected: Value 'x' at 'memorySize' failed to ..."
inline aws::AwsError Validation(std::string_view value, std::string_view member, std::string_view constraint) {
  return aws::AwsError::Make(400, "ValidationException",
                             "1 validation error detected: Value '" + std::string(value) + "' at '" +
                                 std::string(member) + "' failed to satisfy constraint: " + std::string(constraint));
}
inline aws::AwsError InvalidRequestContent(std::string message) {
  return aws::AwsError::Make(400, "InvalidRequestContentException", std::move(message));
}
inline aws::AwsError PreconditionFailed() {
  return aws::AwsError::Make(412, "PreconditionFailedException",
                             "The Revision Id provided does not match the latest Revision Id. Call the "
                             "GetFunction/GetAlias API to retrieve the latest Revision Id");
}
// 413 for a body over an operation's cap: Invoke says RequestTooLargeException,
// the code uploads RequestEntityTooLargeException.
inline aws::AwsError RequestTooLarge(std::size_t limit, std::string_view operation) {
  return aws::AwsError::Make(413, "RequestTooLargeException",
                             "Request must be smaller than " + std::to_string(limit) + " bytes for the " +
                                 std::string(operation) + " operation");
}
inline aws::AwsError RequestEntityTooLarge(std::size_t limit, std::string_view operation) {
  return aws::AwsError::Make(413, "RequestEntityTooLargeException",
                             "Request must be smaller than " + std::to_string(limit) + " bytes for the " +
                                 std::string(operation) + " operation");
}
inline aws::AwsError Service(std::string message) {
  return aws::AwsError::Make(500, "ServiceException", std::move(message));
}
inline aws::AwsError UnknownOperation(std::string_view method, std::string_view path) {
  return aws::AwsError::Make(404, "UnknownOperationException",
                             "No Lambda operation matches " + std::string(method) + " " + std::string(path));
}

// The restJson1 answer for `error`, with Lambda's "Type" member.
http::Response Render(const http::RequestContext& ctx, const aws::AwsError& error);

}  // namespace cloudlet::lambda::errors
