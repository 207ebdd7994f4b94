// ProjectionExpression evaluation (see evaluator.h). The selected paths are
// merged into a small trie, which is then walked alongside the item: a leaf
// copies the value found, an inner node rebuilds a map with only the selected
// keys or a list with only the selected elements (ascending, compacted).
#include <map>
#include <memory>
#include <string>

#include "dynamodb/expressions/evaluator.h"

namespace cloudlet::dynamodb::expr {
namespace {

namespace json = boost::json;

struct Node {
  bool leaf = false;
  std::map<std::string, Node, std::less<>> keys;
  std::map<std::uint32_t, Node> indexes;
};

// The payload of a one-key attribute value if its tag is `tag`.
const json::value* PayloadIf(const json::value& av, std::string_view tag) {
  const json::object* o = av.if_object();
  if (o == nullptr || o->size() != 1 || o->begin()->key() != tag) return nullptr;
  return &o->begin()->value();
}

// Renders the selected parts of `av` per `node`; false when nothing is selected.
bool Render(const Node& node, const json::value& av, json::value* out) {
  if (node.leaf) {
    *out = av;
    return true;
  }
  if (!node.keys.empty()) {
    const json::value* m = PayloadIf(av, "M");
    if (m == nullptr || !m->is_object()) return false;
    json::object picked;
    for (const auto& [name, child] : node.keys) {
      const json::value* v = m->get_object().if_contains(name);
      json::value r;
      if (v != nullptr && Render(child, *v, &r)) picked[name] = std::move(r);
    }
    if (picked.empty()) return false;
    *out = json::object{{"M", std::move(picked)}};
    return true;
  }
  if (!node.indexes.empty()) {
    const json::value* l = PayloadIf(av, "L");
    if (l == nullptr || !l->is_array()) return false;
    const json::array& list = l->get_array();
    json::array picked;
    for (const auto& [index, child] : node.indexes) {
      if (index >= list.size()) break;
      json::value r;
      if (Render(child, list[index], &r)) picked.push_back(std::move(r));
    }
    if (picked.empty()) return false;
    *out = json::object{{"L", std::move(picked)}};
    return true;
  }
  return false;
}

}  // namespace

json::object ProjectPaths(const std::vector<Path>& paths, const json::object& item) {
  json::object out;
  bool nested = false;
  for (const Path& p : paths) nested = nested || p.elements.size() > 1;
  if (!nested) {  // the common case: top-level attributes only
    for (const Path& p : paths) {
      if (p.elements.empty()) continue;
      const std::string& name = p.top_level();
      if (const json::value* v = item.if_contains(name)) out[name] = *v;
    }
    return out;
  }
  // Top-level names in first-seen order, each with its trie.
  std::vector<std::pair<std::string, Node>> roots;
  for (const Path& p : paths) {
    if (p.elements.empty()) continue;
    Node* node = nullptr;
    for (auto& [name, root] : roots) {
      if (name == p.top_level()) node = &root;
    }
    if (node == nullptr) node = &roots.emplace_back(p.top_level(), Node{}).second;
    for (std::size_t i = 1; i < p.elements.size(); ++i) {
      const PathElement& e = p.elements[i];
      node = e.is_name() ? &node->keys[e.name] : &node->indexes[e.index];
    }
    node->leaf = true;
  }
  for (const auto& [name, root] : roots) {
    const json::value* v = item.if_contains(name);
    json::value r;
    if (v != nullptr && Render(root, *v, &r)) out[name] = std::move(r);
  }
  return out;
}

json::object Project(const Projection& projection, const json::object& item) {
  return ProjectPaths(projection.paths, item);
}

}  // namespace cloudlet::dynamodb::expr
