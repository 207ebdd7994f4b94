#include "apigateway/common/path_template.h"

#include "http/router.h"

namespace cloudlet::apigateway {
namespace {

std::string_view NextSegment(std::string_view& path) {
  auto slash = path.find('/');
  std::string_view seg = path.substr(0, slash);
  path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  return seg;
}

}  // namespace

bool MatchPathTemplate(std::string_view templ, std::string_view path, PathLabels& labels) {
  if (templ.empty() || path.empty() || path[0] != '/') return false;
  templ.remove_prefix(1);
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  while (!templ.empty()) {
    if (path.empty()) return false;
    std::string_view t = NextSegment(templ);
    if (t.starts_with('{') && t.ends_with("+}")) {
      labels.emplace(std::string(t.substr(1, t.size() - 3)), http::PercentDecode(path, false));
      return true;
    }
    std::string_view p = NextSegment(path);
    if (t.starts_with('{')) {
      if (p.empty()) return false;
      labels.emplace(std::string(t.substr(1, t.size() - 2)), http::PercentDecode(p, false));
    } else if (t != p) {
      return false;
    }
  }
  return path.empty();
}

}  // namespace cloudlet::apigateway
