// Printing of the AST (used by tests and logs) and small AST helpers.
#include "dynamodb/expressions/ast.h"

#include <algorithm>

namespace cloudlet::dynamodb::expr {
namespace {

bool IsPlainName(const std::string& s) {
  if (s.empty()) return false;
  if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void AddUnique(std::vector<std::string>& out, const std::string& name) {
  if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
}

void CollectOperand(const Operand& o, std::vector<std::string>& out) {
  if (o.kind == Operand::Kind::kPath && !o.path.elements.empty()) AddUnique(out, o.path.top_level());
  for (const Operand& a : o.args) CollectOperand(a, out);
}

void CollectCondition(const Condition& c, std::vector<std::string>& out) {
  for (const Operand& o : c.operands) CollectOperand(o, out);
  for (const Condition& child : c.children) CollectCondition(child, out);
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

}  // namespace

const char* ExpressionKindName(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kCondition: return "ConditionExpression";
    case ExpressionKind::kFilter: return "FilterExpression";
    case ExpressionKind::kKeyCondition: return "KeyConditionExpression";
    case ExpressionKind::kProjection: return "ProjectionExpression";
    case ExpressionKind::kUpdate: return "UpdateExpression";
  }
  return "";
}

const char* FunctionName(Function f) {
  switch (f) {
    case Function::kAttributeExists: return "attribute_exists";
    case Function::kAttributeNotExists: return "attribute_not_exists";
    case Function::kAttributeType: return "attribute_type";
    case Function::kBeginsWith: return "begins_with";
    case Function::kContains: return "contains";
    case Function::kSize: return "size";
    case Function::kIfNotExists: return "if_not_exists";
    case Function::kListAppend: return "list_append";
  }
  return "";
}

const char* ComparatorText(Comparator c) {
  switch (c) {
    case Comparator::kEq: return "=";
    case Comparator::kNe: return "<>";
    case Comparator::kLt: return "<";
    case Comparator::kLe: return "<=";
    case Comparator::kGt: return ">";
    case Comparator::kGe: return ">=";
  }
  return "";
}

std::string Path::ToString() const {
  std::string out;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const PathElement& e = elements[i];
    if (e.is_index()) {
      out += "[" + std::to_string(e.index) + "]";
      continue;
    }
    if (i) out += ".";
    out += IsPlainName(e.name) ? e.name : "`" + e.name + "`";
  }
  return out;
}

std::string Path::ToMessageString() const {
  std::string out = "[";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i) out += ", ";
    const PathElement& e = elements[i];
    out += e.is_index() ? "[" + std::to_string(e.index) + "]" : e.name;
  }
  return out + "]";
}

std::string Operand::ToString() const {
  switch (kind) {
    case Kind::kPath: return path.ToString();
    case Kind::kValue: return placeholder;
    case Kind::kPlus:
    case Kind::kMinus:
      return "(" + args[0].ToString() + (kind == Kind::kPlus ? " + " : " - ") +
             args[1].ToString() + ")";
    case Kind::kFunction: {
      std::vector<std::string> parts;
      for (const Operand& a : args) parts.push_back(a.ToString());
      return std::string(FunctionName(function)) + "(" + Join(parts, ", ") + ")";
    }
  }
  return {};
}

std::string Condition::ToString() const {
  std::vector<std::string> ops;
  for (const Operand& o : operands) ops.push_back(o.ToString());
  switch (kind) {
    case Kind::kCompare: return "(" + ops[0] + " " + ComparatorText(comparator) + " " + ops[1] + ")";
    case Kind::kBetween: return "(" + ops[0] + " BETWEEN " + ops[1] + " AND " + ops[2] + ")";
    case Kind::kIn: {
      std::vector<std::string> rest(ops.begin() + 1, ops.end());
      return "(" + ops[0] + " IN (" + Join(rest, ", ") + "))";
    }
    case Kind::kFunction: return std::string(FunctionName(function)) + "(" + Join(ops, ", ") + ")";
    case Kind::kAnd: return "(" + children[0].ToString() + " AND " + children[1].ToString() + ")";
    case Kind::kOr: return "(" + children[0].ToString() + " OR " + children[1].ToString() + ")";
    case Kind::kNot: return "(NOT " + children[0].ToString() + ")";
  }
  return {};
}

std::string KeyCondition::ToString() const {
  std::vector<std::string> parts;
  for (const KeyConditionTerm& t : terms) {
    auto v = [&](std::size_t i) { return i < t.placeholders.size() ? t.placeholders[i] : "?"; };
    switch (t.op) {
      case KeyConditionTerm::Op::kEq: parts.push_back(t.attribute + " = " + v(0)); break;
      case KeyConditionTerm::Op::kLt: parts.push_back(t.attribute + " < " + v(0)); break;
      case KeyConditionTerm::Op::kLe: parts.push_back(t.attribute + " <= " + v(0)); break;
      case KeyConditionTerm::Op::kGt: parts.push_back(t.attribute + " > " + v(0)); break;
      case KeyConditionTerm::Op::kGe: parts.push_back(t.attribute + " >= " + v(0)); break;
      case KeyConditionTerm::Op::kBetween:
        parts.push_back(t.attribute + " BETWEEN " + v(0) + " AND " + v(1));
        break;
      case KeyConditionTerm::Op::kBeginsWith:
        parts.push_back("begins_with(" + t.attribute + ", " + v(0) + ")");
        break;
    }
  }
  return Join(parts, " AND ");
}

std::string Projection::ToString() const {
  std::vector<std::string> parts;
  for (const Path& p : paths) parts.push_back(p.ToString());
  return Join(parts, ", ");
}

std::vector<std::string> Projection::TopLevelAttributes() const {
  std::vector<std::string> out;
  for (const Path& p : paths) AddUnique(out, p.top_level());
  return out;
}

std::string Update::ToString() const {
  std::vector<std::string> clauses;
  if (!set.empty()) {
    std::vector<std::string> parts;
    for (const SetAction& a : set) parts.push_back(a.path.ToString() + " = " + a.value.ToString());
    clauses.push_back("SET " + Join(parts, ", "));
  }
  if (!remove.empty()) {
    std::vector<std::string> parts;
    for (const Path& p : remove) parts.push_back(p.ToString());
    clauses.push_back("REMOVE " + Join(parts, ", "));
  }
  if (!add.empty()) {
    std::vector<std::string> parts;
    for (const AddAction& a : add) parts.push_back(a.path.ToString() + " " + a.value.ToString());
    clauses.push_back("ADD " + Join(parts, ", "));
  }
  if (!del.empty()) {
    std::vector<std::string> parts;
    for (const DeleteAction& a : del) parts.push_back(a.path.ToString() + " " + a.value.ToString());
    clauses.push_back("DELETE " + Join(parts, ", "));
  }
  return Join(clauses, "; ");
}

std::vector<std::string> Update::TopLevelAttributes() const {
  std::vector<std::string> out;
  for (const SetAction& a : set) AddUnique(out, a.path.top_level());
  for (const Path& p : remove) AddUnique(out, p.top_level());
  for (const AddAction& a : add) AddUnique(out, a.path.top_level());
  for (const DeleteAction& a : del) AddUnique(out, a.path.top_level());
  return out;
}

std::vector<std::string> TopLevelAttributes(const Condition& condition) {
  std::vector<std::string> out;
  CollectCondition(condition, out);
  return out;
}

}  // namespace cloudlet::dynamodb::expr
