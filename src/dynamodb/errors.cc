#include "dynamodb/errors.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace cloudlet::dynamodb::errors {

AwsError WithNamespace(AwsError error) {
  if (!error.code_prefix.empty()) return error;
  static constexpr std::array<std::string_view, 8> kCoralCodes = {
      "SerializationException", "UnknownOperationException", "MissingAuthenticationTokenException",
      "IncompleteSignatureException", "InvalidSignatureException", "UnrecognizedClientException",
      "AccessDeniedException", "RequestEntityTooLarge"};
  if (error.code == "ValidationException") {
    error.code_prefix = kValidateNs;
  } else if (std::find(kCoralCodes.begin(), kCoralCodes.end(), error.code) != kCoralCodes.end()) {
    error.code_prefix = kCoralNs;
  } else {
    error.code_prefix = kServiceNs;
  }
  if (error.code == "InternalFailure") error.code = "InternalServerError";
  return error;
}

}  // namespace cloudlet::dynamodb::errors
