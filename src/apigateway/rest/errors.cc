#include "apigateway/rest/errors.h"

#include <fmt/format.h>

namespace cloudlet::apigateway::rest::errors {

aws::AwsError ApiNotFound(std::string_view account_id, std::string_view api_id) {
  return NotFound(fmt::format("Invalid API identifier specified {}:{}", account_id, api_id));
}

aws::AwsError Serialization(std::string_view given_json_type, std::string_view wanted) {
  return aws::AwsError::Make(400, "SerializationException",
                             fmt::format("class {} can not be converted to an {}", given_json_type, wanted));
}

aws::AwsError InvalidStatusCode(std::string_view value) {
  return Validation(fmt::format("1 validation error detected: Value '{}' at 'statusCode' failed to satisfy "
                                "constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
                                value));
}

}  // namespace cloudlet::apigateway::rest::errors
