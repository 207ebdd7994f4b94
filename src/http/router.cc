#include "http/router.h"

#include <boost/beast/core/string.hpp>

namespace cloudlet::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view PathOf(std::string_view target) {
  auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

std::string_view QueryOf(std::string_view target) {
  auto q = target.find('?');
  return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

// "<AKID>/<date>/<region>/<service>/aws4_request" -> region, service.
std::optional<ScopeHint> ParseCredential(std::string_view credential) {
  std::string_view parts[5];
  int n = 0;
  while (n < 5) {
    auto slash = credential.find('/');
    parts[n++] = credential.substr(0, slash);
    if (slash == std::string_view::npos) break;
    credential.remove_prefix(slash + 1);
  }
  if (n < 5 || parts[3].empty()) return std::nullopt;
  return ScopeHint{std::string(parts[2]), std::string(parts[3])};
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (std::size_t i = 1; i <= text.size(); ++i)
      if (GlobMatch(pattern.substr(1), text.substr(i))) return true;
    return false;
  }
  return !text.empty() && boost::beast::iequals(pattern.substr(0, 1), text.substr(0, 1)) &&
         GlobMatch(pattern.substr(1), text.substr(1));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::optional<std::string> FormParameter(std::string_view encoded, std::string_view name) {
  while (!encoded.empty()) {
    auto amp = encoded.find('&');
    auto pair = encoded.substr(0, amp);
    auto eq = pair.find('=');
    auto key = pair.substr(0, eq);
    if (PercentDecode(key, true) == name)
      return eq == std::string_view::npos ? std::string{} : PercentDecode(pair.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    encoded.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::optional<ScopeHint> Router::FindScope(const Request& header) {
  auto auth = header[Field::authorization];
  if (!auth.empty()) {
    auto pos = auth.find("Credential=");
    if (pos == std::string_view::npos) return std::nullopt;
    auto credential = auth.substr(pos + 11);
    credential = credential.substr(0, credential.find_first_of(", "));
    return ParseCredential(credential);
  }
  auto query = QueryOf(header.target());
  if (query.find("X-Amz-Credential=") == std::string_view::npos) return std::nullopt;
  auto credential = FormParameter(query, "X-Amz-Credential");
  if (!credential) return std::nullopt;
  return ParseCredential(*credential);
}

bool Router::HostMatches(std::string_view pattern, std::string_view host) {
  // Strip the port; IPv6 literals ("[::1]:4566") never match a name pattern anyway.
  auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']') == std::string_view::npos) host = host.substr(0, colon);
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return GlobMatch(pattern, host);
}

int Router::Add(ServiceMatchers matchers) {
  services_.push_back(std::move(matchers));
  return static_cast<int>(services_.size()) - 1;
}

int Router::MatchAction(std::string_view action) const {
  for (std::size_t i = 0; i < services_.size(); ++i)
    for (const auto& a : services_[i].query_actions)
      if (a == action) return static_cast<int>(i);
  return -1;
}

RouteDecision Router::Route(const Request& header) const {
  RouteDecision d;
  d.scope = FindScope(header);
  const int n = static_cast<int>(services_.size());
  if (d.scope) {
    for (int i = 0; i < n; ++i)
      for (const auto& s : services_[i].signing_names)
        if (s == d.scope->service) return d.service = i, d;
  }
  if (auto target = Trim(header["X-Amz-Target"]); !target.empty()) {
    for (int i = 0; i < n; ++i)
      for (const auto& p : services_[i].target_prefixes)
        if (target.starts_with(p)) return d.service = i, d;
  }
  if (auto host = header[Field::host]; !host.empty()) {
    for (int i = 0; i < n; ++i)
      for (const auto& p : services_[i].host_patterns)
        if (HostMatches(p, host)) return d.service = i, d;
  }
  auto path = PathOf(header.target());
  std::size_t best = 0;
  for (int i = 0; i < n; ++i)
    for (const auto& p : services_[i].path_prefixes)
      if (p.size() > best && path.starts_with(p)) best = p.size(), d.service = i;
  if (d.service >= 0) return d;
  auto query = QueryOf(header.target());
  if (query.find("Action=") != std::string_view::npos) {
    if (auto action = FormParameter(query, "Action")) {
      if ((d.service = MatchAction(*action)) >= 0) return d;
    }
  }
  auto content_type = header[Field::content_type];
  d.needs_form_body = header.method() == Verb::post &&
                      content_type.find("application/x-www-form-urlencoded") != std::string_view::npos;
  return d;
}

int Router::RouteByFormBody(std::string_view body) const {
  auto action = FormParameter(body, "Action");
  return action ? MatchAction(*action) : -1;
}

std::string Router::DescribeUnrouted(const Request& request, const std::optional<ScopeHint>& scope) {
  std::string out = "cloudlet does not recognise the service of this request";
  if (scope) out += " (credential scope names service '" + scope->service + "', which cloudlet does not serve)";
  auto target = request["X-Amz-Target"];
  out += ": X-Amz-Target '" + std::string(target) + "', Host '" + std::string(request[Field::host]) +
         "', path '" + std::string(PathOf(request.target())) + "'";
  return out;
}

}  // namespace cloudlet::http
