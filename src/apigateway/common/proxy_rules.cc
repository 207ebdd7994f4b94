#include "apigateway/common/proxy_rules.h"

#include <boost/beast/core/string.hpp>

namespace cloudlet::apigateway {

std::string SubstituteStageVariables(std::string_view text, const StageVariables& variables) {
  constexpr std::string_view kOpen = "${stageVariables.";
  std::string out;
  while (true) {
    auto at = text.find(kOpen);
    if (at == std::string_view::npos) break;
    auto close = text.find('}', at);
    if (close == std::string_view::npos) break;
    out.append(text.substr(0, at));
    std::string_view name = text.substr(at + kOpen.size(), close - at - kOpen.size());
    for (const auto& [k, v] : variables)
      if (k == name) {
        out.append(v);
        break;
      }
    text.remove_prefix(close + 1);
  }
  out.append(text);
  return out;
}

std::string SubstitutePathParams(std::string text, const PathParams& params) {
  for (const auto& [name, value] : params) {
    std::string greedy = "{", plain = "{";
    greedy.append(name).append("+}");
    plain.append(name).append("}");
    for (const std::string& placeholder : {greedy, plain}) {
      for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
        text.replace(at, placeholder.size(), value);
    }
  }
  return text;
}

bool HopByHop(std::string_view name) {
  for (std::string_view h : {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                             "transfer-encoding", "upgrade", "host", "content-length"})
    if (boost::beast::iequals(name, h)) return true;
  return false;
}

}  // namespace cloudlet::apigateway
