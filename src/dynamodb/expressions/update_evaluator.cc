// UpdateExpression evaluation (see evaluator.h).
//
// Order of work: every SET right-hand side is computed from the old item
// first; then the old item is copied once and SET, REMOVE, ADD and DELETE are
// applied to the copy. Target paths never overlap (the parser rejects it), so
// actions are independent except for several indexes of one list:
//   * SET actions run sorted by path, so `SET l[9] = :a, l[7] = :b` on a
//     short list appends :b then :a (DynamoDB applies them in index order);
//   * REMOVE actions run sorted by path in *descending* order, so the highest
//     index of a list goes first and every index means its original position.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "dynamodb/attribute_value.h"
#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/number.h"

namespace cloudlet::dynamodb::expr {
namespace {

namespace json = boost::json;

aws::AwsError IncorrectType() {
  return aws::AwsError::Validation(std::string(kIncorrectOperandTypeMessage));
}
aws::AwsError InvalidPath() {
  return aws::AwsError::Validation(std::string(kInvalidUpdatePathMessage));
}

std::string_view View(const json::value& v) {
  const json::string& s = v.get_string();
  return {s.data(), s.size()};
}

// The payload of `av` (json::value, const or not) if its single tag is
// `tag`, else nullptr.
template <typename Value>
Value* PayloadIf(Value& av, std::string_view tag) {
  auto* o = av.if_object();
  if (o == nullptr || o->size() != 1 || o->begin()->key() != tag) return nullptr;
  return &o->begin()->value();
}

// ------------------------------------------------------- right-hand sides --

aws::Result<Decimal> NumberOf(const json::value& av) {
  const json::value* n = PayloadIf(av, "N");
  if (n == nullptr || !n->is_string()) return IncorrectType();
  return Decimal::Parse(View(*n));
}

aws::Result<json::value> EvaluateSetValue(const Operand& o, const json::object* old) {
  switch (o.kind) {
    case Operand::Kind::kPath: {
      const json::value* v = Resolve(o.path, old);
      if (v == nullptr) return aws::AwsError::Validation(std::string(kMissingAttributeMessage));
      return *v;
    }
    case Operand::Kind::kValue:
      return *o.value;
    case Operand::Kind::kFunction:
      if (o.function == Function::kIfNotExists) {
        if (const json::value* v = Resolve(o.args.at(0).path, old)) return *v;
        return EvaluateSetValue(o.args.at(1), old);
      }
      if (o.function == Function::kListAppend) {
        auto a = EvaluateSetValue(o.args.at(0), old);
        if (!a.ok()) return a;
        auto b = EvaluateSetValue(o.args.at(1), old);
        if (!b.ok()) return b;
        json::value* la = PayloadIf(*a, "L");
        json::value* lb = PayloadIf(*b, "L");
        if (la == nullptr || lb == nullptr || !la->is_array() || !lb->is_array()) {
          return IncorrectType();
        }
        json::array& out = la->get_array();
        for (auto& e : lb->get_array()) out.push_back(std::move(e));
        return std::move(a).value();
      }
      return IncorrectType();  // size() is not an update operand
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      auto a = EvaluateSetValue(o.args.at(0), old);
      if (!a.ok()) return a;
      auto b = EvaluateSetValue(o.args.at(1), old);
      if (!b.ok()) return b;
      auto x = NumberOf(*a);
      if (!x.ok()) return x.take_error();
      auto y = NumberOf(*b);
      if (!y.ok()) return y.take_error();
      auto r = o.kind == Operand::Kind::kPlus ? Decimal::Add(*x, *y) : Decimal::Subtract(*x, *y);
      if (!r.ok()) return r.take_error();
      return json::value(json::object{{"N", r->ToString()}});
    }
  }
  return IncorrectType();
}

// ------------------------------------------------------------ navigation --

// One step down from attribute value `av`: its map entry or list element, or
// nullptr when `av` is not a container of the right kind or lacks the entry.
json::value* Step(json::value& av, const PathElement& e) {
  if (e.is_name()) {
    json::value* m = PayloadIf(av, "M");
    return m != nullptr && m->is_object() ? m->get_object().if_contains(e.name) : nullptr;
  }
  json::value* l = PayloadIf(av, "L");
  if (l == nullptr || !l->is_array() || e.index >= l->get_array().size()) return nullptr;
  return &l->get_array()[e.index];
}

// The attribute value holding the last element of `path` (nullptr when some
// step is missing). Only for paths of two or more elements.
json::value* Parent(json::object& item, const Path& path) {
  json::value* v = item.if_contains(path.top_level());
  for (std::size_t i = 1; v != nullptr && i + 1 < path.elements.size(); ++i) {
    v = Step(*v, path.elements[i]);
  }
  return v;
}

// The value at `path` in `item`, or nullptr.
json::value* Target(json::object& item, const Path& path) {
  if (path.elements.size() == 1) return item.if_contains(path.top_level());
  json::value* parent = Parent(item, path);
  return parent != nullptr ? Step(*parent, path.elements.back()) : nullptr;
}

// Stores `value` at `path`: a map key is created or replaced; a list index
// past the end appends. The parent must exist and be a map (resp. list).
aws::Status Store(json::object& item, const Path& path, json::value value) {
  if (path.elements.size() == 1) {
    item[path.top_level()] = std::move(value);
    return aws::OkStatus();
  }
  json::value* parent = Parent(item, path);
  if (parent == nullptr) return InvalidPath();
  const PathElement& last = path.elements.back();
  if (last.is_name()) {
    json::value* m = PayloadIf(*parent, "M");
    if (m == nullptr || !m->is_object()) return InvalidPath();
    m->get_object()[last.name] = std::move(value);
    return aws::OkStatus();
  }
  json::value* l = PayloadIf(*parent, "L");
  if (l == nullptr || !l->is_array()) return InvalidPath();
  json::array& list = l->get_array();
  if (last.index < list.size()) {
    list[last.index] = std::move(value);
  } else {
    list.push_back(std::move(value));
  }
  return aws::OkStatus();
}

// Orders paths element by element: names by bytes, indexes numerically, a
// name before an index, a prefix first.
bool PathLess(const Path& a, const Path& b) {
  const std::size_t n = std::min(a.elements.size(), b.elements.size());
  for (std::size_t i = 0; i < n; ++i) {
    const PathElement& x = a.elements[i];
    const PathElement& y = b.elements[i];
    if (x.kind != y.kind) return x.is_name();
    if (x.is_name()) {
      if (x.name != y.name) return x.name < y.name;
    } else if (x.index != y.index) {
      return x.index < y.index;
    }
  }
  return a.elements.size() < b.elements.size();
}

// REMOVE one path. A missing attribute, map key or list index is a no-op; a
// missing or non-container parent is an error unless the item did not exist.
aws::Status Remove(json::object& item, const Path& path, bool had_item) {
  if (path.elements.size() == 1) {
    item.erase(path.top_level());
    return aws::OkStatus();
  }
  json::value* parent = Parent(item, path);
  const PathElement& last = path.elements.back();
  json::value* container = parent == nullptr ? nullptr : PayloadIf(*parent, last.is_name() ? "M" : "L");
  if (container == nullptr) return had_item ? InvalidPath() : aws::OkStatus();
  if (last.is_name()) {
    if (json::object* m = container->if_object()) m->erase(last.name);
  } else if (json::array* l = container->if_array()) {
    if (last.index < l->size()) l->erase(l->begin() + last.index);
  }
  return aws::OkStatus();
}

// The set type tag of `av` ("SS", "NS", "BS") or empty.
std::string_view SetTag(const json::value& av) {
  const json::object* o = av.if_object();
  if (o == nullptr || o->size() != 1) return {};
  const std::string_view tag = o->begin()->key();
  return tag == "SS" || tag == "NS" || tag == "BS" ? tag : std::string_view();
}

bool HasElement(const json::array& set, const json::value& e) {
  for (const auto& x : set) {
    if (x.is_string() && e.is_string() && View(x) == View(e)) return true;
  }
  return false;
}

// ADD path :value. Missing target: the value (its parent must exist).
aws::Status Add(json::object& item, const AddAction& a) {
  const json::value& value = *a.value.value;
  json::value* target = Target(item, a.path);
  if (target == nullptr) return Store(item, a.path, value);
  if (PayloadIf(value, "N") != nullptr) {
    auto x = NumberOf(*target);
    if (!x.ok()) return IncorrectType();
    auto y = NumberOf(value);
    if (!y.ok()) return y.take_error();
    auto sum = Decimal::Add(*x, *y);
    if (!sum.ok()) return sum.take_error();
    *target = json::object{{"N", sum->ToString()}};
    return aws::OkStatus();
  }
  const std::string_view tag = SetTag(value);
  if (tag.empty() || SetTag(*target) != tag) return IncorrectType();
  json::array& have = PayloadIf(*target, tag)->get_array();
  for (const auto& e : PayloadIf(value, tag)->get_array()) {
    if (!HasElement(have, e)) have.push_back(e);
  }
  return aws::OkStatus();
}

// DELETE path :set. Missing target: nothing; an emptied set is removed.
aws::Status Delete(json::object& item, const DeleteAction& d, bool had_item) {
  const json::value& value = *d.value.value;
  json::value* target = Target(item, d.path);
  if (target == nullptr) {
    // Like REMOVE: nothing to do, unless the parent is missing or not a container.
    if (d.path.elements.size() > 1 && had_item) {
      json::value* parent = Parent(item, d.path);
      if (parent == nullptr || PayloadIf(*parent, d.path.elements.back().is_name() ? "M" : "L") == nullptr) {
        return InvalidPath();
      }
    }
    return aws::OkStatus();
  }
  const std::string_view tag = SetTag(value);
  if (tag.empty() || SetTag(*target) != tag) return IncorrectType();
  json::array& have = PayloadIf(*target, tag)->get_array();
  const json::array& drop = PayloadIf(value, tag)->get_array();
  have.erase(std::remove_if(have.begin(), have.end(),
                            [&](const json::value& e) { return HasElement(drop, e); }),
             have.end());
  if (have.empty()) return Remove(item, d.path, had_item);
  return aws::OkStatus();
}

}  // namespace

aws::Result<UpdateResult> ApplyUpdate(const Update& u, const json::object* old_item,
                                      const json::object& key_attributes) {
  // 1. Right-hand sides, from the item as it was.
  std::vector<json::value> values;
  values.reserve(u.set.size());
  for (const SetAction& s : u.set) {
    auto v = EvaluateSetValue(s.value, old_item);
    if (!v.ok()) return v.take_error();
    values.push_back(std::move(v).value());
  }

  UpdateResult result;
  result.item = old_item != nullptr ? *old_item : key_attributes;
  json::object& item = result.item;
  const bool had_item = old_item != nullptr;

  // 2. SET, in path order (appends to one list in index order).
  std::vector<std::size_t> order(u.set.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return PathLess(u.set[a].path, u.set[b].path);
  });
  for (std::size_t i : order) CLOUDLET_TRY(Store(item, u.set[i].path, std::move(values[i])));

  // 3. REMOVE, in descending path order (original list indexes).
  std::vector<const Path*> removes;
  removes.reserve(u.remove.size());
  for (const Path& p : u.remove) removes.push_back(&p);
  std::stable_sort(removes.begin(), removes.end(),
                   [](const Path* a, const Path* b) { return PathLess(*b, *a); });
  for (const Path* p : removes) CLOUDLET_TRY(Remove(item, *p, had_item));

  // 4. ADD, 5. DELETE.
  for (const AddAction& a : u.add) CLOUDLET_TRY(Add(item, a));
  for (const DeleteAction& d : u.del) CLOUDLET_TRY(Delete(item, d, had_item));

  result.updated_attributes = u.TopLevelAttributes();
  result.updated_paths.reserve(u.set.size() + u.remove.size() + u.add.size() + u.del.size());
  for (const SetAction& s : u.set) result.updated_paths.push_back(s.path);
  for (const Path& p : u.remove) result.updated_paths.push_back(p);
  for (const AddAction& a : u.add) result.updated_paths.push_back(a.path);
  for (const DeleteAction& d : u.del) result.updated_paths.push_back(d.path);
  result.creates_item = !u.set.empty() || !u.add.empty();
  return result;
}

}  // namespace cloudlet::dynamodb::expr
