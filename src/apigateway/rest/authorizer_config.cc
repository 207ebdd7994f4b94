#include "apigateway/rest/authorizer_config.h"

#include <cctype>

#include "apigateway/common/lambda_uri.h"

namespace cloudlet::apigateway::rest {

std::optional<std::vector<IdentitySource>> ParseIdentitySources(std::string_view text) {
  static constexpr std::pair<std::string_view, IdentitySource::Kind> kPrefixes[] = {
      {"method.request.header.", IdentitySource::kHeader},
      {"method.request.querystring.", IdentitySource::kQuery},
      {"stageVariables.", IdentitySource::kStageVariable},
      {"context.", IdentitySource::kContext},
  };
  std::vector<IdentitySource> out;
  while (true) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    bool matched = false;
    for (auto [prefix, kind] : kPrefixes) {
      if (!item.starts_with(prefix) || item.size() == prefix.size()) continue;
      std::string name(item.substr(prefix.size()));
      if (kind == IdentitySource::kHeader)
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.push_back(IdentitySource{kind, std::move(name)});
      matched = true;
      break;
    }
    if (!matched) return std::nullopt;
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<std::string> AuthorizerFunction(std::string_view uri) {
  if (!uri.starts_with("arn:aws:apigateway:")) return std::nullopt;
  return LambdaFunctionOfUri(uri);
}

}  // namespace cloudlet::apigateway::rest
