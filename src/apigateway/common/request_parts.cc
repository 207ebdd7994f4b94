#include "apigateway/common/request_parts.h"

#include <cctype>

#include "http/router.h"

namespace cloudlet::apigateway {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void LowerInto(std::string& out, std::string_view s) {
  out.resize(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
}

}  // namespace

const HeaderValues* RequestParts::Header(std::string_view lower_name) const {
  for (const auto& h : headers)
    if (h.name == lower_name) return &h;
  return nullptr;
}

const QueryValues* RequestParts::Query(std::string_view name) const {
  for (const auto& q : query)
    if (q.name == name) return &q;
  return nullptr;
}

void RequestParts::AddHeaderIfAbsent(std::string_view lower_name, std::string_view value, std::string_view raw_name) {
  if (Header(lower_name)) return;
  headers.push_back(HeaderValues{std::string(lower_name), raw_name.empty() ? lower_name : raw_name, {value}});
}

std::vector<QueryValues> ParseQuery(std::string_view raw_query) {
  std::vector<QueryValues> out;
  while (!raw_query.empty()) {
    auto amp = raw_query.find('&');
    std::string_view pair = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view{} : raw_query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string name = http::PercentDecode(pair.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? std::string{} : http::PercentDecode(pair.substr(eq + 1), true);
    QueryValues* slot = nullptr;
    for (auto& q : out)
      if (q.name == name) slot = &q;
    if (!slot) slot = &out.emplace_back(QueryValues{std::move(name), {}});
    slot->values.push_back(std::move(value));
  }
  return out;
}

RequestParts ReadRequestParts(const http::Request& request, std::string_view raw_query, bool keep_cookie_header) {
  RequestParts parts;
  parts.headers.reserve(16);
  std::string lower;
  for (const auto& field : request) {
    LowerInto(lower, field.name_string());
    std::string_view value = field.value();
    if (lower == "cookie") {
      std::string_view rest = value;
      while (!rest.empty()) {
        auto semi = rest.find(';');
        std::string_view cookie = Trim(rest.substr(0, semi));
        if (!cookie.empty()) parts.cookies.push_back(cookie);
        rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      }
      if (!keep_cookie_header) continue;
    }
    HeaderValues* slot = nullptr;
    for (auto& h : parts.headers)
      if (h.name == lower) slot = &h;
    if (!slot) slot = &parts.headers.emplace_back(HeaderValues{lower, field.name_string(), {}});
    slot->values.push_back(value);
  }
  parts.query = ParseQuery(raw_query);
  return parts;
}

std::string SourceIp(std::string_view remote) {
  if (remote.starts_with('[')) {
    auto close = remote.find(']');
    return std::string(remote.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  auto colon = remote.rfind(':');
  if (colon != std::string_view::npos && remote.find(':') == colon) return std::string(remote.substr(0, colon));
  return std::string(remote);
}

void ExecuteApiHost(const http::Request& request, std::string_view api_id, std::string* domain, std::string* port) {
  std::string_view host = request[http::Field::host];
  auto colon = host.rfind(':');
  if (host.find(".execute-api.") != std::string_view::npos) LowerInto(*domain, host.substr(0, colon));
  else *domain = std::string(api_id) + ".execute-api.localhost";
  *port = colon == std::string_view::npos ? "80" : std::string(host.substr(colon + 1));
}

bool IsTextContentType(std::string_view content_type) {
  std::string type;
  LowerInto(type, Trim(content_type.substr(0, content_type.find(';'))));
  if (type.empty() || type.starts_with("text/")) return true;
  for (std::string_view word : {"json", "xml", "javascript", "x-www-form-urlencoded"})
    if (type.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace cloudlet::apigateway
