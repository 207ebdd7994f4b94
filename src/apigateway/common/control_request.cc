#include "apigateway/common/control_request.h"

#include "aws/protocol/protocols.h"

namespace cloudlet::apigateway {

aws::Result<boost::json::object> ReadControlBody(const http::Request& request, std::string_view error_code) {
  if (request.body().empty()) return boost::json::object{};
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(request.body(), ec);
  if (ec || !v.is_object()) return aws::AwsError::Make(400, std::string(error_code), "The request body is not a JSON object");
  return std::move(v.as_object());
}

aws::AwsError UnsupportedControlRequest(const http::Request& request, std::string_view path) {
  return aws::AwsError::Make(404, "NotFoundException",
                             "cloudlet does not support " + std::string(request.method_string()) + " " +
                                 std::string(path) + " yet");
}

http::Response ControlErrorResponse(const http::RequestContext& ctx, const aws::AwsError& error) {
  http::Response res = aws::RestJsonError(ctx, error, error.extra_json);
  res.prepare_payload();
  return res;
}

http::Response ControlReplyResponse(const http::RequestContext& ctx, int status, std::string body) {
  bool empty = body.empty();
  http::Response res = aws::RestJsonSuccess(ctx, status, std::move(body));
  if (empty) res.erase(http::Field::content_type);
  res.prepare_payload();
  return res;
}

}  // namespace cloudlet::apigateway
