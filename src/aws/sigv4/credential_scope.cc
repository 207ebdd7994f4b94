#include "aws/sigv4/credential_scope.h"

#include <array>

namespace cloudlet::aws::sigv4 {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<CredentialScope> ParseCredential(std::string_view credential) {
  std::array<std::string_view, 5> parts;
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = credential.find('/', start);
    if (count == parts.size()) return std::nullopt;
    parts[count++] = credential.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (count != parts.size()) return std::nullopt;
  return CredentialScope{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                         std::string(parts[3]), std::string(parts[4])};
}

AuthorizationHeader ParseAuthorizationHeader(std::string_view value) {
  AuthorizationHeader out;
  value = Trim(value);
  std::size_t space = value.find_first_of(" \t");
  out.algorithm = value.substr(0, space);
  if (space == std::string_view::npos) return out;
  std::string_view rest = value.substr(space + 1);
  std::size_t start = 0;
  while (start <= rest.size()) {
    std::size_t comma = rest.find(',', start);
    if (comma == std::string_view::npos) comma = rest.size();
    std::string_view item = Trim(rest.substr(start, comma - start));
    start = comma + 1;
    std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = Trim(item.substr(0, eq));
    std::string_view val = Trim(item.substr(eq + 1));
    if (key == "Credential") {
      out.credential = val;
    } else if (key == "SignedHeaders") {
      out.signed_headers = val;
    } else if (key == "Signature") {
      out.signature = val;
    }
  }
  return out;
}

std::optional<CredentialScope> FindCredentialScope(const SignedRequest& request) {
  if (auto header = FindHeader(request, "authorization")) {
    AuthorizationHeader auth = ParseAuthorizationHeader(*header);
    if (auth.algorithm == kAlgorithm && auth.credential) return ParseCredential(*auth.credential);
  }
  std::string_view query = TargetQuery(request.target);
  if (query.empty()) return std::nullopt;
  auto credential = FindQueryParam(query, "X-Amz-Credential");
  if (!credential) return std::nullopt;
  return ParseCredential(*credential);
}

}  // namespace cloudlet::aws::sigv4
