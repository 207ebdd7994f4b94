// The KeyConditionExpression shape: an AND of terms `key op :v`,
// `key BETWEEN :a AND :b` or `begins_with(key, :p)`. Messages as DynamoDB
// sends them (without the "Invalid KeyConditionExpression: " prefix).
#include "dynamodb/expressions/validation.h"

namespace cloudlet::dynamodb::expr::internal {
namespace {


std::string KeyTerm(const Condition& c, KeyCondition& out) {
  using K = KeyConditionTerm::Op;
  for (const Operand& o : c.operands) {
    if (o.kind == Operand::Kind::kFunction) {
      return "KeyConditionExpressions cannot contain nested operations";
    }
  }
  KeyConditionTerm term;
  if (c.kind == Condition::Kind::kBetween || c.kind == Condition::Kind::kFunction) {
    std::string name = c.kind == Condition::Kind::kBetween ? "BETWEEN" : "begins_with";
    if (c.operands[0].kind != Operand::Kind::kPath) {
      return "Invalid condition in KeyConditionExpression: " + name +
             " operator must have the key attribute as its first operand";
    }
  }
  const Path* key = nullptr;
  std::size_t key_index = 0;
  for (std::size_t i = 0; i < c.operands.size(); ++i) {
    const Operand& o = c.operands[i];
    if (o.kind != Operand::Kind::kPath) continue;
    if (key != nullptr) {
      return "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
             "condition";
    }
    if (o.path.elements.size() > 1) {
      return "KeyConditionExpressions cannot have conditions on nested attributes";
    }
    key = &o.path;
    key_index = i;
  }
  if (key == nullptr) return "Invalid condition in KeyConditionExpression: No key attribute specified";
  for (const KeyConditionTerm& t : out.terms) {
    if (t.attribute == key->top_level()) {
      return "KeyConditionExpressions must only contain one condition per key";
    }
  }
  term.attribute = key->top_level();
  if (c.kind == Condition::Kind::kBetween) {
    term.op = K::kBetween;
    term.values = {c.operands[1].value, c.operands[2].value};
    term.placeholders = {c.operands[1].placeholder, c.operands[2].placeholder};
  } else if (c.kind == Condition::Kind::kFunction) {
    term.op = K::kBeginsWith;
    term.values = {c.operands[1].value};
    term.placeholders = {c.operands[1].placeholder};
  } else {
    bool flipped = key_index == 1;
    switch (c.comparator) {
      case Comparator::kLt: term.op = flipped ? K::kGt : K::kLt; break;
      case Comparator::kLe: term.op = flipped ? K::kGe : K::kLe; break;
      case Comparator::kGt: term.op = flipped ? K::kLt : K::kGt; break;
      case Comparator::kGe: term.op = flipped ? K::kLe : K::kGe; break;
      default: term.op = K::kEq; break;
    }
    term.values = {c.operands[flipped ? 0 : 1].value};
    term.placeholders = {c.operands[flipped ? 0 : 1].placeholder};
  }
  out.terms.push_back(std::move(term));
  return {};
}

std::string KeyShape(const Condition& c, KeyCondition& out) {
  switch (c.kind) {
    case Condition::Kind::kOr: return "Invalid operator used in KeyConditionExpression: OR";
    case Condition::Kind::kNot: return "Invalid operator used in KeyConditionExpression: NOT";
    case Condition::Kind::kIn: return "Invalid operator used in KeyConditionExpression: IN";
    case Condition::Kind::kAnd:
      for (const Condition& child : c.children) {
        std::string m = KeyShape(child, out);
        if (!m.empty()) return m;
      }
      return {};
    case Condition::Kind::kFunction:
      if (c.function != Function::kBeginsWith) {
        return std::string("Invalid operator used in KeyConditionExpression: ") +
               FunctionName(c.function);
      }
      return KeyTerm(c, out);
    case Condition::Kind::kCompare:
      if (c.comparator == Comparator::kNe) {
        return "Invalid operator used in KeyConditionExpression: <>";
      }
      return KeyTerm(c, out);
    case Condition::Kind::kBetween:
      return KeyTerm(c, out);
  }
  return {};
}

}  // namespace

std::string ValidateKeyConditionShape(const Condition& condition, KeyCondition& out) {
  out.terms.clear();
  return KeyShape(condition, out);
}

}  // namespace cloudlet::dynamodb::expr::internal
