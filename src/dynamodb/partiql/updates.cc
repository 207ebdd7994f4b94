#include "dynamodb/partiql/updates.h"

#include <boost/json/serialize.hpp>

#include "dynamodb/attribute_value.h"
#include "dynamodb/expressions/parser.h"
#include "dynamodb/partiql/errors.h"

namespace cloudlet::dynamodb::partiql {
namespace json = boost::json;
using aws::Result;

namespace {

bool SamePath(const expr::Path& a, const expr::Path& b) {
  if (a.elements.size() != b.elements.size()) return false;
  for (std::size_t i = 0; i < a.elements.size(); ++i)
    if (!a.elements[i].SameAs(b.elements[i])) return false;
  return true;
}

// One path is the other or lies inside it.
bool Overlap(const expr::Path& a, const expr::Path& b) {
  std::size_t n = std::min(a.elements.size(), b.elements.size());
  for (std::size_t i = 0; i < n; ++i)
    if (!a.elements[i].SameAs(b.elements[i])) return false;
  return true;
}

Result<expr::Operand> SetOperand(const Expr& e, Bindings& b) {
  expr::Operand o;
  switch (e.kind) {
    case Expr::Kind::kPath: {
      auto path = ToPath(e);
      if (!path.ok()) return path.take_error();
      o.kind = expr::Operand::Kind::kPath;
      o.path = std::move(*path);
      return o;
    }
    case Expr::Kind::kPlus:
    case Expr::Kind::kMinus: {
      o.kind = e.kind == Expr::Kind::kPlus ? expr::Operand::Kind::kPlus : expr::Operand::Kind::kMinus;
      for (const Expr& arg : e.args) {
        auto a = SetOperand(arg, b);
        if (!a.ok()) return a;
        o.args.push_back(std::move(*a));
      }
      return o;
    }
    case Expr::Kind::kCall: {
      if (e.text == "list_append" || e.text == "if_not_exists") {
        if (e.args.size() != 2)
          return errors::Validation("Incorrect number of operands for operator or function; operator or function: " +
                                    e.text + ", number of operands: " + std::to_string(e.args.size()));
        if (e.text == "if_not_exists" && e.args[0].kind != Expr::Kind::kPath)
          return errors::Validation("Operator or function requires a document path; operator or function: "
                                    "if_not_exists");
        o.kind = expr::Operand::Kind::kFunction;
        o.function = e.text == "list_append" ? expr::Function::kListAppend : expr::Function::kIfNotExists;
        o.function_name = e.text;
        for (const Expr& arg : e.args) {
          auto a = SetOperand(arg, b);
          if (!a.ok()) return a;
          o.args.push_back(std::move(*a));
        }
        return o;
      }
      if (e.text == "set_add" || e.text == "set_delete")
        return errors::Validation("Unsupported operator in Update Expression. Operator: " + e.text);
      return errors::Validation("Unrecognized function: " + e.text + e.pos.At());
    }
    case Expr::Kind::kIs:
      return errors::Validation("IS operator is not supported in update expressions");
    case Expr::Kind::kMissing:
      return errors::Validation("MISSING must be compared using IS operator");
    default:
      break;
  }
  if (!IsValueExpr(e)) {
    return errors::Validation("Unsupported operator in Update Expression. Operator: " +
                              std::string(e.kind == Expr::Kind::kAnd ? "AND" : e.kind == Expr::Kind::kOr ? "OR"
                                          : e.kind == Expr::Kind::kNot ? "NOT" : "comparison"));
  }
  auto v = ToAttributeValue(e, b.parameters);
  if (!v.ok()) return v.take_error();
  o.kind = expr::Operand::Kind::kValue;
  o.value = b.arena.Add(std::move(*v));
  o.placeholder = json::serialize(*o.value);  // printed by ToString()
  return o;
}

// path = set_add(path, <<..>>) / set_delete(...): an ADD or DELETE action.
aws::Status SetFunction(const UpdateAction& a, const expr::Path& target, Bindings& b, expr::Update& out) {
  const Expr& call = a.value;
  std::string upper = call.text == "set_add" ? "ADD" : "DELETE";
  if (call.args.size() != 2)
    return errors::Validation("SET_" + upper + " must have exactly two arguments" + call.pos.At());
  const Expr& first = call.args[0];
  bool same = false;
  if (first.kind == Expr::Kind::kPath) {
    auto p = ToPath(first);
    same = p.ok() && SamePath(*p, target);
  }
  if (!same) return errors::Validation("The first argument to SET_" + upper + " must equal the assignment value" +
                                       call.pos.At());
  const Expr& second = call.args[1];
  bool is_set = second.kind == Expr::Kind::kSet;
  if (second.kind == Expr::Kind::kParam) {
    auto type = TypeOf(b.parameters[second.param]);
    is_set = type && IsSetType(*type);
  }
  if (!is_set)
    return errors::Validation("The second argument to SET_" + upper + " must be a value with type SET" + first.pos.At());
  auto v = ToAttributeValue(second, b.parameters);
  if (!v.ok()) return v.take_error();
  expr::Operand value;
  value.kind = expr::Operand::Kind::kValue;
  value.value = b.arena.Add(std::move(*v));
  value.placeholder = json::serialize(*value.value);
  if (upper == "ADD") {
    out.add.push_back(expr::AddAction{target, std::move(value)});
  } else {
    out.del.push_back(expr::DeleteAction{target, std::move(value)});
  }
  return aws::OkStatus();
}

}  // namespace

Result<expr::Update> ToUpdate(const std::vector<UpdateAction>& actions, Bindings& b) {
  expr::Update out;
  std::vector<expr::Path> targets;
  for (const UpdateAction& a : actions) {
    auto path = ToPath(a.path);
    if (!path.ok()) return path.take_error();
    for (const auto& t : targets) {
      if (Overlap(t, *path))
        return errors::Validation("Two document paths overlap with each other; must remove or rewrite one of these "
                                  "paths; path one: " + t.ToMessageString() + ", path two: " +
                                  path->ToMessageString());
    }
    targets.push_back(*path);
    if (a.remove) {
      out.remove.push_back(std::move(*path));
      continue;
    }
    if (a.value.kind == Expr::Kind::kCall && (a.value.text == "set_add" || a.value.text == "set_delete")) {
      CLOUDLET_TRY(SetFunction(a, *path, b, out));
      continue;
    }
    auto value = SetOperand(a.value, b);
    if (!value.ok()) return value.take_error();
    out.set.push_back(expr::SetAction{std::move(*path), std::move(*value)});
  }
  return out;
}

}  // namespace cloudlet::dynamodb::partiql
