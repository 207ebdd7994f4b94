#include "dynamodb/partiql/conditions.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "dynamodb/attribute_value.h"
#include "dynamodb/expressions/parser.h"
#include "dynamodb/partiql/errors.h"

namespace cloudlet::dynamodb::partiql {
namespace json = boost::json;
using aws::Result;

namespace {

struct ConditionFunction {
  std::string_view name;
  expr::Function function;
  std::size_t arity;
  bool path_first;  // the first operand must be a document path
};

constexpr ConditionFunction kConditionFunctions[] = {
    {"attribute_exists", expr::Function::kAttributeExists, 1, true},
    {"attribute_not_exists", expr::Function::kAttributeNotExists, 1, true},
    {"attribute_type", expr::Function::kAttributeType, 2, true},
    {"begins_with", expr::Function::kBeginsWith, 2, false},
    {"contains", expr::Function::kContains, 2, false},
};

const ConditionFunction* FindConditionFunction(std::string_view name) {
  for (const auto& f : kConditionFunctions)
    if (f.name == name) return &f;
  return nullptr;
}

aws::AwsError OperandCount(std::string_view name, std::size_t n) {
  return errors::Validation("Incorrect number of operands for operator or function; operator or function: " +
                            std::string(name) + ", number of operands: " + std::to_string(n));
}

expr::Condition Negate(expr::Condition c) {
  expr::Condition n;
  n.kind = expr::Condition::Kind::kNot;
  n.children.push_back(std::move(c));
  return n;
}

expr::Operand ValueOperand(const json::value* v) {
  expr::Operand o;
  o.kind = expr::Operand::Kind::kValue;
  o.placeholder = json::serialize(*v);  // printed by ToString()
  o.value = v;
  return o;
}

// x IS <type>: the DynamoDB type tag, or the name DynamoDB reports as unsupported.
struct IsType {
  std::string_view partiql;
  std::string_view tag;  // empty: unsupported
  std::string_view reported;
};
constexpr IsType kIsTypes[] = {
    {"NULL", "NULL", ""},     {"BOOL", "BOOL", ""},       {"BOOLEAN", "BOOL", ""},   {"BLOB", "B", ""},
    {"STRING", "S", ""},      {"NUMERIC", "N", ""},       {"STRUCT", "M", ""},       {"TUPLE", "M", ""},
    {"LIST", "L", ""},        {"INT", "", "INTEGER"},     {"INTEGER", "", "INTEGER"}, {"DECIMAL", "", "DECIMAL"},
    {"FLOAT", "", "FLOAT"},   {"REAL", "", "REAL"},       {"DOUBLE", "", "DOUBLE_PRECISION"},
    {"SMALLINT", "", "SMALLINT"}, {"BAG", "", "BAG"},     {"SEXP", "", "SEXP"},      {"CLOB", "", "CLOB"},
    {"SYMBOL", "", "SYMBOL"}, {"TIMESTAMP", "", "TIMESTAMP"}, {"DATE", "", "DATE"},  {"TIME", "", "TIME"},
    {"CHAR", "", "CHARACTER"}, {"VARCHAR", "", "CHARACTER_VARYING"},
};

Result<expr::Condition> Is(const Expr& e, Bindings& b) {
  const Expr& subject = e.args[0];
  if (subject.kind != Expr::Kind::kPath)
    return errors::Validation("The left hand side argument to IS must be a Variable Reference, Literal, or Path");
  auto path = ToPath(subject);
  if (!path.ok()) return path.take_error();
  expr::Operand operand;
  operand.kind = expr::Operand::Kind::kPath;
  operand.path = std::move(*path);
  expr::Condition c;
  c.kind = expr::Condition::Kind::kFunction;
  if (e.text == "MISSING") {
    c.function = e.negated ? expr::Function::kAttributeExists : expr::Function::kAttributeNotExists;
    c.operands.push_back(std::move(operand));
    return c;
  }
  for (const auto& t : kIsTypes) {
    if (t.partiql != e.text) continue;
    if (t.tag.empty())
      return errors::Validation("Unsupported data type for IS operator: " + std::string(t.reported) +
                                ". Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, "
                                "TUPLE, LIST]" + e.pos.At());
    c.function = expr::Function::kAttributeType;
    c.operands.push_back(std::move(operand));
    c.operands.push_back(ValueOperand(b.arena.Add(json::object{{"S", t.tag}})));
    if (e.negated) return Negate(std::move(c));
    return c;
  }
  return NotWellFormed("Expected type name");
}

Result<expr::Condition> Call(const Expr& e, Bindings& b) {
  const ConditionFunction* f = FindConditionFunction(e.text);
  if (f == nullptr) {
    if (e.text == "size") return errors::Validation("WHERE clause must contain an expression that resolves to a boolean");
    return errors::Validation("Unrecognized function: " + e.text + e.pos.At());
  }
  if (e.args.size() != f->arity) return OperandCount(f->name, e.args.size());
  if (f->path_first && e.args[0].kind != Expr::Kind::kPath)
    return errors::Validation("Operator or function requires a document path; operator or function: " +
                              std::string(f->name));
  expr::Condition c;
  c.kind = expr::Condition::Kind::kFunction;
  c.function = f->function;
  for (const Expr& arg : e.args) {
    auto o = ToOperand(arg, b);
    if (!o.ok()) return o.take_error();
    c.operands.push_back(std::move(*o));
  }
  if (f->function == expr::Function::kAttributeType) {
    const json::value* type = c.operands[1].kind == expr::Operand::Kind::kValue ? c.operands[1].value : nullptr;
    const json::value* name = type ? type->as_object().if_contains("S") : nullptr;
    if (!name || !TypeFromName(name->as_string()))
      return errors::Validation("Invalid attribute type name found; type: " +
                                std::string(name ? std::string_view(name->as_string()) : "") +
                                ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  }
  return c;
}

bool IsBoolLiteral(const Expr& e, bool* value) {
  if (e.kind != Expr::Kind::kLiteral) return false;
  const json::value* v = e.literal.as_object().if_contains("BOOL");
  if (!v) return false;
  *value = v->as_bool();
  return true;
}

bool IsConditionCall(const Expr& e) { return e.kind == Expr::Kind::kCall && FindConditionFunction(e.text); }

}  // namespace

Result<expr::Path> ToPath(const Expr& e) {
  expr::Path path;
  if (e.path.empty() || e.path.front().is_index) return errors::Validation("A path cannot start with a list index");
  if (e.path.size() > expr::kMaxPathElements)
    return errors::Validation("The document path has too many nesting levels; nesting levels: " +
                              std::to_string(e.path.size()));
  for (const PathStep& step : e.path) {
    if (step.is_index) {
      path.elements.push_back(expr::PathElement::Index(step.index));
    } else {
      if (step.name.empty()) return errors::Validation("Path component cannot be an empty string");
      path.elements.push_back(expr::PathElement::Name(step.name));
    }
  }
  return path;
}

Result<expr::Operand> ToOperand(const Expr& e, Bindings& b) {
  expr::Operand o;
  switch (e.kind) {
    case Expr::Kind::kPath: {
      auto path = ToPath(e);
      if (!path.ok()) return path.take_error();
      o.kind = expr::Operand::Kind::kPath;
      o.path = std::move(*path);
      return o;
    }
    case Expr::Kind::kCall: {
      if (e.text != "size") {
        if (IsConditionCall(e)) return errors::Validation("Unsupported operator in Condition Expression. Operator: " + e.text);
        return errors::Validation("Unrecognized function: " + e.text + e.pos.At());
      }
      if (e.args.size() != 1) return OperandCount("size", e.args.size());
      auto arg = ToOperand(e.args[0], b);
      if (!arg.ok()) return arg;
      o.kind = expr::Operand::Kind::kFunction;
      o.function = expr::Function::kSize;
      o.function_name = "size";
      o.args.push_back(std::move(*arg));
      return o;
    }
    case Expr::Kind::kPlus:
    case Expr::Kind::kMinus:
      return errors::Validation(std::string("Unsupported operator in Condition Expression. Operator: ") +
                                (e.kind == Expr::Kind::kPlus ? "+" : "-"));
    case Expr::Kind::kMissing:
      return errors::Validation("MISSING must be compared using IS operator");
    default:
      break;
  }
  if (!IsValueExpr(e))
    return errors::Validation("Unsupported operator in Condition Expression. Operator: " +
                              std::string(e.kind == Expr::Kind::kCompare ? expr::ComparatorText(e.comparator)
                                          : e.kind == Expr::Kind::kAnd   ? "AND"
                                          : e.kind == Expr::Kind::kOr    ? "OR"
                                          : e.kind == Expr::Kind::kNot   ? "NOT"
                                          : e.kind == Expr::Kind::kIn    ? "IN"
                                          : e.kind == Expr::Kind::kIs    ? "IS"
                                                                         : "BETWEEN"));
  auto v = ToAttributeValue(e, b.parameters);
  if (!v.ok()) return v.take_error();
  return ValueOperand(b.arena.Add(std::move(*v)));
}

Result<expr::Condition> ToCondition(const Expr& e, Bindings& b) {
  expr::Condition c;
  switch (e.kind) {
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      c.kind = e.kind == Expr::Kind::kAnd ? expr::Condition::Kind::kAnd : expr::Condition::Kind::kOr;
      for (const Expr& arg : e.args) {
        auto child = ToCondition(arg, b);
        if (!child.ok()) return child;
        c.children.push_back(std::move(*child));
      }
      return c;
    }
    case Expr::Kind::kNot: {
      auto child = ToCondition(e.args[0], b);
      if (!child.ok()) return child;
      return Negate(std::move(*child));
    }
    case Expr::Kind::kCompare: {
      // A condition function compared with TRUE/FALSE is that condition (or its negation).
      bool truth = false;
      for (int side = 0; side < 2; ++side) {
        const Expr& call = e.args[side];
        if (IsConditionCall(call) && IsBoolLiteral(e.args[1 - side], &truth) &&
            (e.comparator == expr::Comparator::kEq || e.comparator == expr::Comparator::kNe)) {
          auto inner = Call(call, b);
          if (!inner.ok()) return inner;
          bool want = truth == (e.comparator == expr::Comparator::kEq);
          return want ? std::move(*inner) : Negate(std::move(*inner));
        }
      }
      c.kind = expr::Condition::Kind::kCompare;
      c.comparator = e.comparator;
      for (const Expr& arg : e.args) {
        auto o = ToOperand(arg, b);
        if (!o.ok()) return o.take_error();
        c.operands.push_back(std::move(*o));
      }
      return c;
    }
    case Expr::Kind::kBetween: {
      c.kind = expr::Condition::Kind::kBetween;
      for (const Expr& arg : e.args) {
        auto o = ToOperand(arg, b);
        if (!o.ok()) return o.take_error();
        c.operands.push_back(std::move(*o));
      }
      return e.negated ? Negate(std::move(c)) : std::move(c);
    }
    case Expr::Kind::kIn: {
      if (e.text == "VALUE" || e.args.size() < 2)
        return errors::Validation("IN operator must have a left hand argument of type Variable Reference and right "
                                  "hand argument of type Seq with at least one member");
      if (e.args.size() - 1 > expr::kMaxInOperands)
        return errors::Validation("Too many operands for the IN operator; operands: " +
                                  std::to_string(e.args.size() - 1) + ", maximum: 100");
      c.kind = expr::Condition::Kind::kIn;
      for (const Expr& arg : e.args) {
        auto o = ToOperand(arg, b);
        if (!o.ok()) return o.take_error();
        c.operands.push_back(std::move(*o));
      }
      return e.negated ? Negate(std::move(c)) : std::move(c);
    }
    case Expr::Kind::kIs:
      return Is(e, b);
    case Expr::Kind::kCall:
      return Call(e, b);
    case Expr::Kind::kPlus:
    case Expr::Kind::kMinus:
      return errors::Validation(std::string("Unsupported operator in Condition Expression. Operator: ") +
                                (e.kind == Expr::Kind::kPlus ? "+" : "-"));
    case Expr::Kind::kMissing:
      return errors::Validation("MISSING must be compared using IS operator");
    default:
      return errors::Validation("WHERE clause must contain an expression that resolves to a boolean");
  }
}

void Conjuncts(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == Expr::Kind::kAnd) {
    for (const Expr& arg : e.args) Conjuncts(arg, out);
    return;
  }
  out.push_back(&e);
}

expr::Condition NotExists(const std::string& name) {
  expr::Condition c;
  c.kind = expr::Condition::Kind::kFunction;
  c.function = expr::Function::kAttributeNotExists;
  expr::Operand o;
  o.kind = expr::Operand::Kind::kPath;
  o.path.elements.push_back(expr::PathElement::Name(name));
  c.operands.push_back(std::move(o));
  return c;
}

std::optional<expr::Condition> AllOf(std::vector<expr::Condition> parts) {
  if (parts.empty()) return std::nullopt;
  expr::Condition c = std::move(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    expr::Condition both;
    both.kind = expr::Condition::Kind::kAnd;
    both.children.push_back(std::move(c));
    both.children.push_back(std::move(parts[i]));
    c = std::move(both);
  }
  return c;
}

}  // namespace cloudlet::dynamodb::partiql
