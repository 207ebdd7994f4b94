#include "apigateway/rest/resource_tree.h"

#include <cctype>
#include <unordered_map>

#include "apigateway/rest/errors.h"

namespace cloudlet::apigateway::rest {
namespace {

bool LiteralChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; }

}  // namespace

PathPart PathPartKind(std::string_view part) {
  if (part.size() >= 2 && part.front() == '{' && part.back() == '}')
    return part.size() >= 3 && part[part.size() - 2] == '+' ? PathPart::kGreedy : PathPart::kVariable;
  return PathPart::kLiteral;
}

aws::Status CheckPathPart(std::string_view part) {
  std::string_view inner = part;
  if (PathPartKind(part) == PathPart::kGreedy) inner = part.substr(1, part.size() - 3);
  else if (PathPartKind(part) == PathPart::kVariable) inner = part.substr(1, part.size() - 2);
  bool ok = !inner.empty();
  for (char c : inner) ok = ok && LiteralChar(c);
  if (!ok)
    return errors::BadRequest(
        "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional "
        "plus sign before the closing brace.");
  return aws::OkStatus();
}

int MethodBit(std::string_view method) {
  static constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"};
  for (int i = 0; i < 8; ++i)
    if (kMethods[i] == method) return i;
  return -1;
}

void ResourceTree::Build(std::vector<Resource> resources) {
  nodes_.clear();
  std::unordered_map<std::string_view, int> node_of;  // resource id → node
  int root = -1;
  for (std::size_t i = 0; i < resources.size(); ++i)
    if (resources[i].parent_id.empty()) root = static_cast<int>(i);
  if (root < 0) return;
  nodes_.push_back(Node{.resource = root, .methods = resources[root].methods});
  node_of[resources[root].id] = 0;
  // Parents before children: repeat until no resource finds its parent.
  std::vector<bool> placed(resources.size(), false);
  placed[root] = true;
  for (bool progress = true; progress;) {
    progress = false;
    for (std::size_t i = 0; i < resources.size(); ++i) {
      if (placed[i]) continue;
      auto parent = node_of.find(resources[i].parent_id);
      if (parent == node_of.end()) continue;
      placed[i] = progress = true;
      Node n;
      n.resource = static_cast<int>(i);
      n.methods = resources[i].methods;
      std::string_view part = resources[i].path_part;
      n.kind = PathPartKind(part);
      if (n.kind == PathPart::kLiteral) n.literal = std::string(part);
      else n.name = std::string(part.substr(1, part.size() - (n.kind == PathPart::kGreedy ? 3 : 2)));
      int index = static_cast<int>(nodes_.size());
      int parent_node = parent->second;
      PathPart kind = n.kind;
      nodes_.push_back(std::move(n));
      node_of[resources[i].id] = index;
      Node& p = nodes_[parent_node];
      if (kind == PathPart::kLiteral) p.literals.push_back(index);
      else if (kind == PathPart::kVariable) p.variable = index;
      else p.greedy = index;
    }
  }
}

bool ResourceTree::Accept(int node, int bit, Match* out) const {
  uint8_t m = nodes_[node].methods;
  if (m & (1u << bit)) {
    *out = Match{nodes_[node].resource, false};
    return true;
  }
  if (m & (1u << kAnyBit)) {
    *out = Match{nodes_[node].resource, true};
    return true;
  }
  return false;
}

bool ResourceTree::Walk(int node, std::string_view rest, int bit, PathParams* params, Match* out) const {
  // `rest` is what follows this node's segment: "" or "/seg/...".
  if (rest.empty()) return Accept(node, bit, out);
  std::string_view after = rest.substr(1);
  auto slash = after.find('/');
  std::string_view segment = after.substr(0, slash);
  std::string_view tail = slash == std::string_view::npos ? std::string_view{} : after.substr(slash);
  const Node& n = nodes_[node];
  if (!segment.empty()) {
    for (int child : n.literals)
      if (nodes_[child].literal == segment && Walk(child, tail, bit, params, out)) return true;
    if (n.variable >= 0) {
      params->emplace_back(nodes_[n.variable].name, segment);
      if (Walk(n.variable, tail, bit, params, out)) return true;
      params->pop_back();
    }
  }
  if (n.greedy >= 0 && !after.empty() && Accept(n.greedy, bit, out)) {
    params->emplace_back(nodes_[n.greedy].name, after);
    return true;
  }
  return false;
}

ResourceTree::Match ResourceTree::Find(std::string_view method, std::string_view path, PathParams* params) const {
  Match out;
  int bit = MethodBit(method);
  if (nodes_.empty() || bit < 0 || bit == kAnyBit) return out;
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (path == "/") path = {};
  params->clear();
  if (!Walk(0, path, bit, params, &out)) {
    params->clear();
    return Match{};
  }
  return out;
}

}  // namespace cloudlet::apigateway::rest
