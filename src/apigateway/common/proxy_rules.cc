#include "apigateway/common/proxy_rules.h"

#include <boost/beast/core/string.hpp>
#include <boost/json.hpp>

#include "apigateway/common/json_writer.h"

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

void CompileStageVariables(const boost::json::object& map, StageVariables* list, std::string* json) {
  if (map.empty()) return;
  JsonWriter w(*json);
  w.BeginObject();
  for (const auto& [k, val] : map) {
    if (!val.is_string()) continue;
    list->emplace_back(std::string(k), std::string(val.as_string()));
    w.Member(k, val.as_string());
  }
  w.EndObject();
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

std::vector<std::pair<std::string, std::string>> ForwardedHeaders(const http::Request& request,
                                                                  std::string_view trace_id) {
  std::vector<std::pair<std::string, std::string>> out;
  bool has_trace = false;
  for (const auto& field : request) {
    if (HopByHop(field.name_string())) continue;
    has_trace = has_trace || boost::beast::iequals(field.name_string(), "x-amzn-trace-id");
    out.emplace_back(field.name_string(), field.value());
  }
  if (!has_trace) out.emplace_back("X-Amzn-Trace-Id", trace_id);
  return out;
}

http::Response ProxiedResponse(http::Response&& backend) {
  http::Response res{backend.result(), 11};
  for (const auto& field : backend)
    if (!HopByHop(field.name_string())) res.insert(field.name_string(), field.value());
  res.body() = std::move(backend.body());
  return res;
}

bool HopByHop(std::string_view name) {
  for (std::string_view h : {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                             "transfer-encoding", "upgrade", "host", "content-length"})
    if (boost::beast::iequals(name, h)) return true;
  return false;
}

}  // namespace cloudlet::apigateway
