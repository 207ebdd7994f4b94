#include "apigateway/common/lambda_uri.h"

namespace cloudlet::apigateway {

std::optional<std::string> LambdaFunctionOfUri(std::string_view uri) {
  if (uri.starts_with("arn:aws:lambda:") && uri.find(":function:") != std::string_view::npos) return std::string(uri);
  if (!uri.starts_with("arn:aws:apigateway:")) return std::nullopt;
  constexpr std::string_view kPath = ":lambda:path/2015-03-31/functions/";
  constexpr std::string_view kTail = "/invocations";
  auto at = uri.find(kPath);
  if (at == std::string_view::npos || !uri.ends_with(kTail)) return std::nullopt;
  std::string_view inner = uri.substr(at + kPath.size(), uri.size() - at - kPath.size() - kTail.size());
  if (!inner.starts_with("arn:aws:lambda:") || inner.find(":function:") == std::string_view::npos) return std::nullopt;
  return std::string(inner);
}

}  // namespace cloudlet::apigateway
