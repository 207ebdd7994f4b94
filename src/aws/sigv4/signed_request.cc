#include "aws/sigv4/signed_request.h"

#include "aws/sigv4/canonical_request.h"

namespace cloudlet::aws::sigv4 {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Drops "scheme://authority" from an absolute-form target.
std::string_view OriginForm(std::string_view target) {
  std::size_t scheme_end = target.find("://");
  if (target.empty() || target.front() == '/' || scheme_end == std::string_view::npos) return target;
  std::size_t path_start = target.find_first_of("/?", scheme_end + 3);
  return path_start == std::string_view::npos ? std::string_view{} : target.substr(path_start);
}

}  // namespace

std::optional<std::string_view> FindHeader(const SignedRequest& request, std::string_view name) {
  for (const HeaderView& header : request.headers) {
    if (EqualsIgnoreCase(header.name, name)) return header.value;
  }
  return std::nullopt;
}

std::string_view TargetPath(std::string_view target) {
  std::string_view origin = OriginForm(target);
  return origin.substr(0, origin.find('?'));
}

std::string_view TargetQuery(std::string_view target) {
  std::string_view origin = OriginForm(target);
  std::size_t q = origin.find('?');
  return q == std::string_view::npos ? std::string_view{} : origin.substr(q + 1);
}

std::optional<std::string> FindQueryParam(std::string_view query, std::string_view name) {
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view item = query.substr(start, amp - start);
    start = amp + 1;
    if (item.empty()) continue;
    std::size_t eq = item.find('=');
    if (PercentDecode(item.substr(0, eq), true) != name) continue;
    return eq == std::string_view::npos ? std::string{} : PercentDecode(item.substr(eq + 1), true);
  }
  return std::nullopt;
}

}  // namespace cloudlet::aws::sigv4
