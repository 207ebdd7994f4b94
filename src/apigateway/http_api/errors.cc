#include "apigateway/http_api/errors.h"

#include "aws/protocol/protocols.h"

namespace cloudlet::apigateway::http_api::errors {

aws::AwsError NotFound(std::string_view resource_type, std::string message) {
  aws::AwsError e = aws::AwsError::Make(404, "NotFoundException", std::move(message));
  std::string extra = "\"resourceType\":\"";
  aws::AppendJsonEscaped(extra, resource_type);
  extra += '"';
  e.extra_json = std::move(extra);
  return e;
}

aws::AwsError ApiNotFound(std::string_view account_id, std::string_view api_id) {
  return NotFound("Api", "Invalid API identifier specified " + std::string(account_id) + ":" + std::string(api_id));
}

aws::AwsError ChildNotFound(std::string_view what, std::string_view account_id, std::string_view id) {
  return NotFound(what, "Invalid " + std::string(what) + " identifier specified " + std::string(account_id) + ":" +
                            std::string(id));
}

aws::AwsError StageNotFound(std::string_view stage_name) {
  return NotFound("Stage", "Invalid stage identifier specified");
}

}  // namespace cloudlet::apigateway::http_api::errors
