#include "apigateway/common/iam_caller.h"

#include <fmt/format.h>

namespace cloudlet::apigateway {

bool ReadIamCaller(const http::Request& request, const http::RequestContext& ctx, AuthorizerContext* out) {
  std::string_view auth = request[http::Field::authorization];
  bool signed_request =
      auth.starts_with("AWS4-HMAC-SHA256") || request.target().find("X-Amz-Signature=") != std::string_view::npos;
  if (!signed_request) return false;
  std::string key;
  if (auto at = auth.find("Credential="); at != std::string_view::npos) {
    std::string_view rest = auth.substr(at + 11);
    key = std::string(rest.substr(0, rest.find('/')));
  }
  out->kind = AuthorizerContext::Kind::kIam;
  out->access_key = key.empty() ? ctx.access_key : key;
  out->caller_account_id = ctx.account_id;
  out->user_id = out->access_key;
  out->user_arn = fmt::format("arn:aws:iam::{}:root", ctx.account_id);
  return true;
}

}  // namespace cloudlet::apigateway
