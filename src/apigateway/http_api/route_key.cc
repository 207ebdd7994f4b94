#include "apigateway/http_api/route_key.h"

#include <algorithm>
#include <array>

namespace cloudlet::apigateway::http_api {
namespace {

constexpr std::array<std::string_view, 8> kMethods = {"ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (c == '{' || c == '}' || c == '/' || c == '+' || c == ' ') return false;
  return true;
}

// 2 literal, 1 {param}, 0 {greedy+}: compared left to right.
int Weight(RouteSegment::Type t) {
  switch (t) {
    case RouteSegment::Type::kLiteral: return 2;
    case RouteSegment::Type::kParam: return 1;
    case RouteSegment::Type::kGreedy: return 0;
  }
  return 0;
}

bool HasGreedy(const RouteKey& k) {
  return !k.segments.empty() && k.segments.back().type == RouteSegment::Type::kGreedy;
}

}  // namespace

std::optional<RouteKey> ParseRouteKey(std::string_view key) {
  RouteKey out;
  if (key == "$default") {
    out.is_default = true;
    return out;
  }
  auto space = key.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view method = key.substr(0, space);
  std::string_view path = key.substr(space + 1);
  if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end()) return std::nullopt;
  if (path.empty() || path[0] != '/') return std::nullopt;
  out.method = std::string(method);
  out.path = std::string(path);
  if (path == "/") return out;
  std::string_view rest = path.substr(1);
  while (true) {
    auto slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    if (seg.empty()) return std::nullopt;
    if (!out.segments.empty() && out.segments.back().type == RouteSegment::Type::kGreedy) return std::nullopt;
    if (seg.front() == '{') {
      if (seg.back() != '}') return std::nullopt;
      std::string_view name = seg.substr(1, seg.size() - 2);
      bool greedy = !name.empty() && name.back() == '+';
      if (greedy) name.remove_suffix(1);
      if (!ValidName(name)) return std::nullopt;
      out.segments.push_back({greedy ? RouteSegment::Type::kGreedy : RouteSegment::Type::kParam, std::string(name)});
    } else {
      if (seg.find_first_of("{}") != std::string_view::npos) return std::nullopt;
      out.segments.push_back({RouteSegment::Type::kLiteral, std::string(seg)});
    }
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return out;
}

bool MoreSpecific(const RouteKey& a, const RouteKey& b) {
  if (a.is_default != b.is_default) return b.is_default;
  if (a.is_default) return false;
  bool ga = HasGreedy(a), gb = HasGreedy(b);
  if (ga != gb) return gb;
  std::size_t n = std::min(a.segments.size(), b.segments.size());
  for (std::size_t i = 0; i < n; ++i) {
    int wa = Weight(a.segments[i].type), wb = Weight(b.segments[i].type);
    if (wa != wb) return wa > wb;
  }
  // Same kinds on the common part: the longer greedy prefix is more specific.
  if (a.segments.size() != b.segments.size()) return a.segments.size() > b.segments.size();
  bool any_a = a.method == "ANY", any_b = b.method == "ANY";
  if (any_a != any_b) return any_b;
  return false;
}

bool Matches(const RouteKey& route, std::string_view method, std::string_view path, PathParams* params) {
  if (route.is_default) return true;
  if (route.method != "ANY" && route.method != method) return false;
  if (path.empty() || path[0] != '/') return false;
  params->clear();
  if (route.segments.empty()) return path == "/";
  std::string_view rest = path.substr(1);
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    const RouteSegment& seg = route.segments[i];
    if (seg.type == RouteSegment::Type::kGreedy) {
      if (rest.empty()) return false;
      params->emplace_back(seg.text, rest);
      return true;
    }
    auto slash = rest.find('/');
    bool last_in_path = slash == std::string_view::npos;
    std::string_view part = rest.substr(0, slash);
    if (part.empty()) return false;
    if (seg.type == RouteSegment::Type::kLiteral) {
      if (part != seg.text) return false;
    } else {
      params->emplace_back(seg.text, part);
    }
    bool last_in_route = i + 1 == route.segments.size();
    if (last_in_route) return last_in_path;
    if (last_in_path) return false;
    rest = rest.substr(slash + 1);
  }
  return false;
}

std::optional<std::size_t> MatchFirst(const std::vector<const RouteKey*>& routes, std::string_view method,
                                      std::string_view path, PathParams* params) {
  for (std::size_t i = 0; i < routes.size(); ++i)
    if (Matches(*routes[i], method, path, params)) return i;
  params->clear();
  return std::nullopt;
}

}  // namespace cloudlet::apigateway::http_api
