// DynamoDB's error types with the namespaces its wire envelope carries:
//   com.amazonaws.dynamodb.v20120810#  service errors
//   com.amazon.coral.validate#         every ValidationException
//   com.amazon.coral.service#          protocol and authentication errors
// Code elsewhere may return plain AwsError::Validation(...); WithNamespace()
// adds the right prefix when the error is put on the wire.
#pragma once

#include <string>

#include "aws/error.h"

namespace cloudlet::dynamodb::errors {

using aws::AwsError;

inline constexpr const char* kServiceNs = "com.amazonaws.dynamodb.v20120810#";
inline constexpr const char* kValidateNs = "com.amazon.coral.validate#";
inline constexpr const char* kCoralNs = "com.amazon.coral.service#";

inline AwsError Validation(std::string message) { return AwsError::Make(400, "ValidationException", std::move(message), kValidateNs); }
inline AwsError ResourceNotFound(std::string message = "Requested resource not found") {
  return AwsError::Make(400, "ResourceNotFoundException", std::move(message), kServiceNs);
}
inline AwsError TableNotFound(const std::string& table) {
  return ResourceNotFound("Requested resource not found: Table: " + table + " not found");
}
inline AwsError ResourceInUse(std::string message) {
  return AwsError::Make(400, "ResourceInUseException", std::move(message), kServiceNs);
}
inline AwsError ConditionalCheckFailed() {
  return AwsError::Make(400, "ConditionalCheckFailedException", "The conditional request failed", kServiceNs);
}
inline AwsError LimitExceeded(std::string message) {
  return AwsError::Make(400, "LimitExceededException", std::move(message), kServiceNs);
}
inline AwsError Serialization(std::string message = {}) {
  return AwsError::Make(400, "SerializationException", std::move(message), kCoralNs);
}
inline AwsError UnknownOperation() { return AwsError::Make(400, "UnknownOperationException", "", kCoralNs); }
inline AwsError InternalServerError(std::string message) {
  return AwsError::Make(500, "InternalServerError", std::move(message), kServiceNs);
}
inline AwsError AccessDenied(std::string message) {
  return AwsError::Make(400, "AccessDeniedException", std::move(message), kCoralNs);
}

// Adds the namespace DynamoDB uses for `error.code` when none is set.
AwsError WithNamespace(AwsError error);

}  // namespace cloudlet::dynamodb::errors
