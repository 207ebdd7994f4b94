// ConditionExpression / FilterExpression evaluation (see evaluator.h).
#include <string>
#include <string_view>

#include "dynamodb/attribute_value.h"
#include "dynamodb/base64.h"
#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/number.h"

namespace cloudlet::dynamodb::expr {
namespace {

namespace json = boost::json;

std::string_view View(const json::value& v) {
  const json::string& s = v.get_string();
  return {s.data(), s.size()};
}

// A value-producing operand once evaluated: the attribute value it denotes
// (borrowed from the item or the request), an owned {"N":...} for size(), or
// nothing (a missing path, or size() of a type without a size).
class Value {
 public:
  Value() = default;
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;

  const json::value* get() const { return ptr_; }
  void Borrow(const json::value* v) { ptr_ = v; }
  void SetNumber(std::size_t n) {
    owned_ = json::object{{"N", std::to_string(n)}};
    ptr_ = &owned_;
  }

 private:
  const json::value* ptr_ = nullptr;
  json::value owned_;
};

// Element count or byte length of a value, as size() reports it; false for
// types without a size (N, BOOL, NULL).
bool SizeOf(const json::value& av, std::size_t* out) {
  const auto type = TypeOf(av);
  if (!type) return false;
  const json::value& p = Payload(av);
  switch (*type) {
    case AttrType::S: *out = p.get_string().size(); return true;
    case AttrType::B: *out = Base64DecodedSize(View(p)); return true;
    case AttrType::M: *out = p.get_object().size(); return true;
    case AttrType::L:
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS: *out = p.get_array().size(); return true;
    default: return false;
  }
}

void EvaluateOperand(const Operand& o, const json::object* item, Value* out) {
  switch (o.kind) {
    case Operand::Kind::kPath: out->Borrow(Resolve(o.path, item)); return;
    case Operand::Kind::kValue: out->Borrow(o.value); return;
    case Operand::Kind::kFunction:
      if (o.function == Function::kSize && o.args.size() == 1) {
        Value arg;
        EvaluateOperand(o.args[0], item, &arg);
        std::size_t n = 0;
        if (arg.get() != nullptr && SizeOf(*arg.get(), &n)) out->SetNumber(n);
      }
      return;  // if_not_exists / list_append never reach a condition
    default: return;  // + / - never reach a condition
  }
}

bool Compare(Comparator op, const json::value* a, const json::value* b) {
  if (op == Comparator::kNe) return a == nullptr || b == nullptr || !Equals(*a, *b);
  if (a == nullptr || b == nullptr) return false;
  if (op == Comparator::kEq) return Equals(*a, *b);
  const auto c = CompareForOrder(*a, *b);
  if (!c) return false;
  switch (op) {
    case Comparator::kLt: return *c < 0;
    case Comparator::kLe: return *c <= 0;
    case Comparator::kGt: return *c > 0;
    case Comparator::kGe: return *c >= 0;
    default: return false;
  }
}

// The bytes of an S value, or the decoded bytes of a B value (into *buf).
bool Bytes(const json::value& av, AttrType type, std::string* buf, std::string_view* out) {
  if (type == AttrType::S) {
    *out = View(Payload(av));
    return true;
  }
  if (!Base64Decode(View(Payload(av)), buf)) return false;
  *out = *buf;
  return true;
}

bool BeginsWith(const json::value* a, const json::value* b) {
  if (a == nullptr || b == nullptr) return false;
  const auto ta = TypeOf(*a);
  if (!ta || ta != TypeOf(*b) || (*ta != AttrType::S && *ta != AttrType::B)) return false;
  std::string abuf, bbuf;
  std::string_view x, y;
  if (!Bytes(*a, *ta, &abuf, &x) || !Bytes(*b, *ta, &bbuf, &y)) return false;
  return x.substr(0, y.size()) == y;
}

// contains(a, b): substring for S and B, element for sets (of b's scalar
// type) and lists (any type, deep equality).
bool Contains(const json::value* a, const json::value* b) {
  if (a == nullptr || b == nullptr) return false;
  const auto ta = TypeOf(*a);
  const auto tb = TypeOf(*b);
  if (!ta || !tb) return false;
  switch (*ta) {
    case AttrType::S:
    case AttrType::B: {
      if (*tb != *ta) return false;
      std::string abuf, bbuf;
      std::string_view x, y;
      if (!Bytes(*a, *ta, &abuf, &x) || !Bytes(*b, *tb, &bbuf, &y)) return false;
      return x.find(y) != std::string_view::npos;
    }
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS: {
      const AttrType element = *ta == AttrType::SS ? AttrType::S
                               : *ta == AttrType::NS ? AttrType::N
                                                     : AttrType::B;
      if (*tb != element) return false;
      const json::value& needle = Payload(*b);
      if (element == AttrType::N) {
        auto want = Decimal::Parse(View(needle));
        if (!want.ok()) return false;
        for (const auto& e : Payload(*a).get_array()) {
          auto d = Decimal::Parse(View(e));
          if (d.ok() && *d == *want) return true;
        }
        return false;
      }
      for (const auto& e : Payload(*a).get_array()) {
        if (e.is_string() && View(e) == View(needle)) return true;
      }
      return false;
    }
    case AttrType::L:
      for (const auto& e : Payload(*a).get_array()) {
        if (Equals(e, *b)) return true;
      }
      return false;
    default:
      return false;
  }
}

aws::Result<bool> EvaluateFunction(const Condition& c, const json::object* item) {
  const auto& ops = c.operands;
  switch (c.function) {
    case Function::kAttributeExists:
      return Resolve(ops.at(0).path, item) != nullptr;
    case Function::kAttributeNotExists:
      return Resolve(ops.at(0).path, item) == nullptr;
    case Function::kAttributeType: {
      Value type;
      EvaluateOperand(ops.at(1), item, &type);
      const json::value* t = type.get();
      const json::value* name = t && t->is_object() ? t->get_object().if_contains("S") : nullptr;
      const std::string_view text = name && name->is_string() ? View(*name) : std::string_view();
      const auto want = TypeFromName(text);
      if (!want) {  // the parser rejects this before evaluation; kept for safety
        return aws::AwsError::Validation("Invalid attribute type name found; type: " +
                                         std::string(text) +
                                         ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
      }
      // The first operand is a path, but DynamoDB also accepts a :value here.
      Value v;
      EvaluateOperand(ops.at(0), item, &v);
      return v.get() != nullptr && TypeOf(*v.get()) == want;
    }
    case Function::kBeginsWith: {
      Value a, b;
      EvaluateOperand(ops.at(0), item, &a);
      EvaluateOperand(ops.at(1), item, &b);
      return BeginsWith(a.get(), b.get());
    }
    case Function::kContains: {
      Value a, b;
      EvaluateOperand(ops.at(0), item, &a);
      EvaluateOperand(ops.at(1), item, &b);
      return Contains(a.get(), b.get());
    }
    default:
      return false;  // size / if_not_exists / list_append are not conditions
  }
}

}  // namespace

const json::value* Resolve(const Path& path, const json::object* item) {
  if (item == nullptr || path.elements.empty()) return nullptr;
  const json::value* v = item->if_contains(path.elements.front().name);
  for (std::size_t i = 1; v != nullptr && i < path.elements.size(); ++i) {
    const PathElement& e = path.elements[i];
    const json::object* av = v->if_object();
    if (av == nullptr || av->size() != 1) return nullptr;
    const auto& [tag, payload] = *av->begin();
    if (e.is_name()) {
      if (tag != "M" || !payload.is_object()) return nullptr;
      v = payload.get_object().if_contains(e.name);
    } else {
      if (tag != "L" || !payload.is_array()) return nullptr;
      const json::array& list = payload.get_array();
      v = e.index < list.size() ? &list[e.index] : nullptr;
    }
  }
  return v;
}

aws::Result<bool> EvaluateCondition(const Condition& c, const json::object* item) {
  switch (c.kind) {
    case Condition::Kind::kCompare: {
      Value a, b;
      EvaluateOperand(c.operands.at(0), item, &a);
      EvaluateOperand(c.operands.at(1), item, &b);
      return Compare(c.comparator, a.get(), b.get());
    }
    case Condition::Kind::kBetween: {
      Value v, lo, hi;
      EvaluateOperand(c.operands.at(0), item, &v);
      EvaluateOperand(c.operands.at(1), item, &lo);
      EvaluateOperand(c.operands.at(2), item, &hi);
      if (!v.get() || !lo.get() || !hi.get()) return false;
      const auto l = CompareForOrder(*v.get(), *lo.get());
      const auto h = CompareForOrder(*v.get(), *hi.get());
      return l && h && *l >= 0 && *h <= 0;
    }
    case Condition::Kind::kIn: {
      Value v;
      EvaluateOperand(c.operands.at(0), item, &v);
      if (!v.get()) return false;
      for (std::size_t i = 1; i < c.operands.size(); ++i) {
        Value candidate;
        EvaluateOperand(c.operands[i], item, &candidate);
        if (candidate.get() && Equals(*v.get(), *candidate.get())) return true;
      }
      return false;
    }
    case Condition::Kind::kFunction:
      return EvaluateFunction(c, item);
    case Condition::Kind::kAnd: {
      auto l = EvaluateCondition(c.children.at(0), item);
      if (!l.ok() || !*l) return l;
      return EvaluateCondition(c.children.at(1), item);
    }
    case Condition::Kind::kOr: {
      auto l = EvaluateCondition(c.children.at(0), item);
      if (!l.ok() || *l) return l;
      return EvaluateCondition(c.children.at(1), item);
    }
    case Condition::Kind::kNot: {
      auto r = EvaluateCondition(c.children.at(0), item);
      if (!r.ok()) return r;
      return !*r;
    }
  }
  return false;
}

}  // namespace cloudlet::dynamodb::expr
