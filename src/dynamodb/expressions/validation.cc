#include "dynamodb/expressions/validation.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <optional>

#include "dynamodb/expressions/constants.h"
#include "dynamodb/expressions/reserved_words.h"

namespace cloudlet::dynamodb::expr::internal {
namespace {

namespace json = boost::json;

// First error of each class, reported by class priority (see validation.h).
template <std::size_t N>
class ErrorSlots {
 public:
  void Set(std::size_t slot, std::string message) {
    if (!slots_[slot]) slots_[slot] = std::move(message);
  }
  bool Has(std::size_t slot) const { return slots_[slot].has_value(); }
  std::string First() const {
    for (const auto& s : slots_) {
      if (s) return *s;
    }
    return {};
  }

 private:
  std::array<std::optional<std::string>, N> slots_;
};

// -------------------------------------------------------------- functions --

struct FunctionInfo {
  std::string_view name;
  Function function;
  std::size_t arity;
};
constexpr std::array<FunctionInfo, 8> kFunctions = {{
    {"attribute_exists", Function::kAttributeExists, 1},
    {"attribute_not_exists", Function::kAttributeNotExists, 1},
    {"attribute_type", Function::kAttributeType, 2},
    {"begins_with", Function::kBeginsWith, 2},
    {"contains", Function::kContains, 2},
    {"size", Function::kSize, 1},
    {"if_not_exists", Function::kIfNotExists, 2},
    {"list_append", Function::kListAppend, 2},
}};

const FunctionInfo* LookupFunction(std::string_view name) {
  for (const auto& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool IsConditionFunction(Function f) {
  return f == Function::kAttributeExists || f == Function::kAttributeNotExists ||
         f == Function::kAttributeType || f == Function::kBeginsWith || f == Function::kContains;
}

bool IsUpdateFunction(Function f) {
  return f == Function::kIfNotExists || f == Function::kListAppend;
}

// if_not_exists / list_append in a condition (observed on AWS by users and
// asserted by several emulators; the reference's "not allowed to be used
// this way" wording is dynalite's).
std::string NotAllowedInCondition(std::string_view name) {
  return "The function is not allowed in a condition expression; function: " +
         std::string(name);
}

std::string ArityMessage(std::string_view name, std::size_t n) {
  return "Incorrect number of operands for operator or function; operator or function: " +
         std::string(name) + ", number of operands: " + std::to_string(n);
}
std::string OperandTypeMessage(std::string_view name, std::string_view type) {
  return "Incorrect operand type for operator or function; operator or function: " +
         std::string(name) + ", operand type: " + std::string(type);
}
std::string MisusedMessage(std::string_view name) {
  return "The function is not allowed to be used this way in an expression; function: " +
         std::string(name);
}
std::string RequiresPathMessage(std::string_view name) {
  return "Operator or function requires a document path; operator or function: " +
         std::string(name);
}

// ----------------------------------------------------- placeholder resolver --

// Resolves names and values, reporting reserved words, depth, and undefined
// placeholders into caller-chosen slots.
struct Resolver {
  Placeholders& ph;

  // Resolves `#n` elements; the first reserved bare name, too-deep path and
  // undefined name go to *reserved, *depth and *undefined (if still empty).
  void ResolvePath(Path& path, std::string* reserved, std::string* depth,
                   std::string* undefined) {
    for (PathElement& e : path.elements) {
      if (!e.is_name()) continue;
      if (e.placeholder.empty()) {
        if (reserved->empty() && IsReservedWord(e.name)) {
          *reserved = "Attribute name is a reserved keyword; reserved keyword: " + e.name;
        }
        continue;
      }
      const json::value* v = ph.names ? ph.names->if_contains(e.placeholder) : nullptr;
      if (v == nullptr || !v->is_string()) {
        if (undefined->empty()) {
          *undefined =
              "An expression attribute name used in the document path is not defined; "
              "attribute name: " + e.placeholder;
        }
        continue;
      }
      ph.used_names.insert(e.placeholder);
      e.name = std::string(v->as_string());
    }
    if (path.elements.size() > kMaxPathElements && depth->empty()) {
      *depth = "The document path has too many nesting levels; nesting levels: " +
               std::to_string(path.elements.size());
    }
  }

  // Returns false (and fills `undefined` once) when the value is missing.
  bool ResolveValue(Operand& o, std::string* undefined) {
    const json::value* v = ph.values ? ph.values->if_contains(o.placeholder) : nullptr;
    if (v == nullptr) {
      if (undefined->empty()) {
        *undefined = "An expression attribute value used in expression is not defined; "
                     "attribute value: " + o.placeholder;
      }
      return false;
    }
    ph.used_values.insert(o.placeholder);
    o.value = v;
    return true;
  }
};

bool PathsEqual(const Path& a, const Path& b) {
  if (a.elements.size() != b.elements.size()) return false;
  for (std::size_t i = 0; i < a.elements.size(); ++i) {
    if (!a.elements[i].SameAs(b.elements[i])) return false;
  }
  return true;
}

// Overlap/conflict of two target paths; "" when independent.
// `overlap` tells which of the two messages applies.
std::string PathClash(const Path& one, const Path& two, bool& overlap) {
  std::size_t n = std::min(one.elements.size(), two.elements.size());
  for (std::size_t i = 0; i < n; ++i) {
    const PathElement& a = one.elements[i];
    const PathElement& b = two.elements[i];
    if (a.kind != b.kind) {
      overlap = false;
      return "Two document paths conflict with each other; must remove or rewrite one of "
             "these paths; path one: " + one.ToMessageString() + ", path two: " +
             two.ToMessageString();
    }
    if (!a.SameAs(b)) return {};
  }
  overlap = true;
  return "Two document paths overlap with each other; must remove or rewrite one of these "
         "paths; path one: " + one.ToMessageString() + ", path two: " + two.ToMessageString();
}

// ------------------------------------------------------------- conditions --

enum CondSlot : std::size_t {
  kParens, kUnknownFunction, kMisused, kReserved, kDepth, kUndefined, kArity, kInCount,
  kDistinct, kFunctionType, kCondSlots
};

class ConditionChecker {
 public:
  explicit ConditionChecker(Placeholders& ph) : resolver_{ph} {}

  void CheckCondition(Condition& c) {
    switch (c.kind) {
      case Condition::Kind::kAnd:
      case Condition::Kind::kOr:
      case Condition::Kind::kNot:
        for (Condition& child : c.children) CheckCondition(child);
        return;
      case Condition::Kind::kCompare:
        for (Operand& o : c.operands) CheckOperand(o);
        CheckDistinct(ComparatorText(c.comparator), c.operands);
        return;
      case Condition::Kind::kBetween:
        for (Operand& o : c.operands) CheckOperand(o);
        CheckBetweenBounds(c.operands[1], c.operands[2]);
        return;
      case Condition::Kind::kIn:
        for (Operand& o : c.operands) CheckOperand(o);
        if (c.operands.size() - 1 > kMaxInOperands) {
          errors_.Set(kInCount,
                      "The IN operator is provided with too many operands; number of operands: " +
                          std::to_string(c.operands.size() - 1));
        }
        return;
      case Condition::Kind::kFunction:
        CheckConditionCall(c);
        return;
    }
  }

  std::string Result() {
    if (!reserved_.empty()) errors_.Set(kReserved, reserved_);
    if (!depth_.empty()) errors_.Set(kDepth, depth_);
    if (!undefined_.empty()) errors_.Set(kUndefined, undefined_);
    return errors_.First();
  }

  void SetParens() { errors_.Set(kParens, "The expression has redundant parentheses;"); }

 private:
  // A call standing as a whole condition: Condition{kFunction, {call}}.
  void CheckConditionCall(Condition& c) {
    Operand call = std::move(c.operands.front());
    c.operands.clear();
    for (Operand& a : call.args) CheckOperand(a);
    const FunctionInfo* info = LookupFunction(call.function_name);
    if (info == nullptr) {
      errors_.Set(kUnknownFunction, "Invalid function name; function: " + call.function_name);
    } else if (IsUpdateFunction(info->function)) {
      errors_.Set(kUnknownFunction, NotAllowedInCondition(call.function_name));
    } else if (!IsConditionFunction(info->function)) {
      errors_.Set(kMisused, MisusedMessage(call.function_name));
    } else {
      CheckFunctionOperands(*info, call.args);
      c.function = info->function;
    }
    c.operands = std::move(call.args);
  }

  void CheckOperand(Operand& o) {
    switch (o.kind) {
      case Operand::Kind::kPath:
        resolver_.ResolvePath(o.path, &reserved_, &depth_, &undefined_);
        return;
      case Operand::Kind::kValue:
        resolver_.ResolveValue(o, &undefined_);
        return;
      case Operand::Kind::kPlus:
      case Operand::Kind::kMinus:  // not produced by the condition grammar
        for (Operand& a : o.args) CheckOperand(a);
        return;
      case Operand::Kind::kFunction: {
        for (Operand& a : o.args) CheckOperand(a);
        const FunctionInfo* info = LookupFunction(o.function_name);
        if (info == nullptr) {
          errors_.Set(kUnknownFunction, "Invalid function name; function: " + o.function_name);
          return;
        }
        o.function = info->function;
        if (IsUpdateFunction(info->function)) {
          errors_.Set(kUnknownFunction, NotAllowedInCondition(o.function_name));
          return;
        }
        if (info->function != Function::kSize) {
          errors_.Set(kMisused, MisusedMessage(o.function_name));
          return;
        }
        CheckFunctionOperands(*info, o.args);
        return;
      }
    }
  }

  void CheckFunctionOperands(const FunctionInfo& f, const std::vector<Operand>& args) {
    if (args.size() != f.arity) {
      errors_.Set(kArity, ArityMessage(f.name, args.size()));
      return;
    }
    if (args.size() == 2) CheckDistinct(f.name, args);
    switch (f.function) {
      case Function::kAttributeExists:
      case Function::kAttributeNotExists:
        if (args[0].kind != Operand::Kind::kPath) {
          errors_.Set(kFunctionType, RequiresPathMessage(f.name));
        }
        return;
      case Function::kAttributeType: {
        if (args[0].kind != Operand::Kind::kPath) {
          errors_.Set(kFunctionType, RequiresPathMessage(f.name));
          return;
        }
        const Operand& t = args[1];
        if (t.kind != Operand::Kind::kValue) {
          errors_.Set(kFunctionType, OperandTypeMessage(f.name, "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}"));
          return;
        }
        if (t.value == nullptr) return;
        std::string tag = TypeTag(*t.value);
        if (tag != "S") {
          if (!tag.empty()) errors_.Set(kFunctionType, OperandTypeMessage(f.name, LongTypeName(tag)));
          return;
        }
        const json::value* s = t.value->as_object().if_contains("S");
        std::string_view name = s && s->is_string() ? std::string_view(s->as_string()) : "";
        if (!IsTypeTag(name)) {
          errors_.Set(kFunctionType, "Invalid attribute type name found; type: " +
                                         std::string(name) +
                                         ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        }
        return;
      }
      case Function::kBeginsWith:
        for (const Operand& a : args) {
          if (a.kind != Operand::Kind::kValue || a.value == nullptr) continue;
          std::string tag = TypeTag(*a.value);
          if (!tag.empty() && tag != "S" && tag != "B") {
            errors_.Set(kFunctionType, OperandTypeMessage(f.name, LongTypeName(tag)));
            return;
          }
        }
        return;
      case Function::kSize:
        if (args[0].kind == Operand::Kind::kValue && args[0].value != nullptr) {
          std::string tag = TypeTag(*args[0].value);
          if (tag == "N" || tag == "BOOL" || tag == "NULL") {
            errors_.Set(kFunctionType, OperandTypeMessage(f.name, LongTypeName(tag)));
          }
        }
        return;
      default:
        return;
    }
  }

  void CheckDistinct(std::string_view op, const std::vector<Operand>& args) {
    if (args.size() != 2 || args[0].kind != Operand::Kind::kPath ||
        args[1].kind != Operand::Kind::kPath || !PathsEqual(args[0].path, args[1].path)) {
      return;
    }
    for (const PathElement& e : args[0].path.elements) {
      if (e.is_name() && e.name.empty()) return;  // unresolved placeholder
    }
    errors_.Set(kDistinct,
                "The first operand must be distinct from the remaining operands for this "
                "operator or function; operator: " + std::string(op) +
                    ", first operand: " + args[0].path.ToMessageString());
  }

  void CheckBetweenBounds(const Operand& lo, const Operand& hi) {
    if (lo.kind != Operand::Kind::kValue || hi.kind != Operand::Kind::kValue ||
        lo.value == nullptr || hi.value == nullptr) {
      return;
    }
    std::string t1 = TypeTag(*lo.value), t2 = TypeTag(*hi.value);
    if (t1.empty() || t2.empty()) return;
    std::string operands = "lower bound operand: " + ConstantForMessage(*lo.value, t1) +
                           ", upper bound operand: " + ConstantForMessage(*hi.value, t2);
    if (t1 != t2) {
      errors_.Set(kFunctionType,
                  "The BETWEEN operator requires same data type for lower and upper bounds; " +
                      operands);
      return;
    }
    auto cmp = CompareConstants(*lo.value, *hi.value, t1);
    if (cmp && *cmp > 0) {
      errors_.Set(kFunctionType,
                  "The BETWEEN operator requires upper bound to be greater than or equal to "
                  "lower bound; " + operands);
    }
  }

  Resolver resolver_;
  ErrorSlots<kCondSlots> errors_;
  std::string reserved_, depth_, undefined_;
};

// Dynoxide's observation of DynamoDB's rule: a parenthesised group whose whole
// content is one parenthesised group, e.g. ((a = :v)) or ((a)) = :v.
bool HasRedundantParentheses(const std::vector<Token>& toks) {
  std::vector<std::size_t> match(toks.size(), 0);
  std::vector<std::size_t> stack;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].kind == TokenKind::kLParen) {
      stack.push_back(i);
    } else if (toks[i].kind == TokenKind::kRParen && !stack.empty()) {
      match[stack.back()] = i;
      stack.pop_back();
    }
  }
  for (std::size_t i = 0; i + 1 < toks.size(); ++i) {
    if (toks[i].kind != TokenKind::kLParen || toks[i + 1].kind != TokenKind::kLParen) continue;
    std::size_t outer = match[i], inner = match[i + 1];
    if (outer != 0 && inner != 0 && inner + 1 == outer) return true;
  }
  return false;
}

// ----------------------------------------------------------------- update --

enum UpdSlot : std::size_t {
  kUReserved, kUDepth, kUUnknownFunction, kUSection, kUUndefinedName, kUUndefinedValue,
  kUOverlap, kUConflict, kUOperand, kUFunction, kUOperators, kUpdSlots
};

class UpdateChecker {
 public:
  explicit UpdateChecker(Placeholders& ph) : resolver_{ph} {}

  void Target(Path& p) {
    resolver_.ResolvePath(p, &reserved_, &depth_, &undefined_name_);
  }

  void AddTargetAndCheckClash(const Path& p) {
    for (const Path* earlier : targets_) {
      bool overlap = false;
      std::string m = PathClash(*earlier, p, overlap);
      if (m.empty()) continue;
      errors_.Set(overlap ? kUOverlap : kUConflict, std::move(m));
      break;
    }
    targets_.push_back(&p);
  }

  void SetValue(Operand& o) {
    switch (o.kind) {
      case Operand::Kind::kPath:
        resolver_.ResolvePath(o.path, &reserved_, &depth_, &undefined_name_);
        return;
      case Operand::Kind::kValue:
        resolver_.ResolveValue(o, &undefined_value_);
        return;
      case Operand::Kind::kPlus:
      case Operand::Kind::kMinus: {
        ++operators_;
        for (Operand& a : o.args) SetValue(a);
        std::string_view op = o.kind == Operand::Kind::kPlus ? "+" : "-";
        for (const Operand& a : o.args) {
          if (a.kind != Operand::Kind::kValue || a.value == nullptr) continue;
          std::string tag = TypeTag(*a.value);
          if (!tag.empty() && tag != "N") {
            errors_.Set(kUFunction, OperandTypeMessage(op, LongTypeName(tag)));
            break;
          }
        }
        return;
      }
      case Operand::Kind::kFunction: {
        ++operators_;
        for (Operand& a : o.args) SetValue(a);
        const FunctionInfo* info = LookupFunction(o.function_name);
        if (info == nullptr) {
          errors_.Set(kUUnknownFunction, "Invalid function name; function: " + o.function_name);
          return;
        }
        if (!IsUpdateFunction(info->function)) {
          errors_.Set(kUUnknownFunction,
                      "The function is not allowed in an update expression; function: " +
                          o.function_name);
          return;
        }
        o.function = info->function;
        if (o.args.size() != info->arity) {
          errors_.Set(kUFunction, ArityMessage(info->name, o.args.size()));
          return;
        }
        if (info->function == Function::kIfNotExists) {
          if (o.args[0].kind != Operand::Kind::kPath) {
            errors_.Set(kUFunction, RequiresPathMessage(info->name));
          }
          return;
        }
        for (const Operand& a : o.args) {  // list_append
          if (a.kind != Operand::Kind::kValue || a.value == nullptr) continue;
          std::string tag = TypeTag(*a.value);
          if (!tag.empty() && tag != "L") {
            errors_.Set(kUFunction, OperandTypeMessage(info->name, LongTypeName(tag)));
            return;
          }
        }
        return;
      }
    }
  }

  void AddOrDeleteValue(Operand& o, bool add) {
    if (!resolver_.ResolveValue(o, &undefined_value_)) return;
    std::string tag = TypeTag(*o.value);
    if (tag.empty()) return;
    bool ok = tag == "SS" || tag == "NS" || tag == "BS" || (add && tag == "N");
    if (!ok) {
      errors_.Set(kUOperand, std::string("Incorrect operand type for operator or function; operator: ") +
                                 (add ? "ADD" : "DELETE") + ", operand type: " + LongTypeName(tag));
    }
  }

  void Section(const std::vector<std::string>& order) {
    for (std::size_t i = 0; i < order.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (order[i] == order[j]) {
          errors_.Set(kUSection, "The \"" + order[i] +
                                     "\" section can only be used once in an update expression;");
          return;
        }
      }
    }
  }

  std::string Result() {
    if (!reserved_.empty()) errors_.Set(kUReserved, reserved_);
    if (!depth_.empty()) errors_.Set(kUDepth, depth_);
    if (!undefined_name_.empty()) errors_.Set(kUUndefinedName, undefined_name_);
    if (!undefined_value_.empty()) errors_.Set(kUUndefinedValue, undefined_value_);
    if (operators_ > kMaxUpdateOperators) {
      errors_.Set(kUOperators, "The expression contains too many operators; operator count: " +
                                   std::to_string(operators_));
    }
    return errors_.First();
  }

 private:
  Resolver resolver_;
  ErrorSlots<kUpdSlots> errors_;
  std::string reserved_, depth_, undefined_name_, undefined_value_;
  std::vector<const Path*> targets_;
  std::size_t operators_ = 0;
};

}  // namespace


std::string ValidateCondition(Condition& condition, const std::vector<Token>& tokens,
                              Placeholders& placeholders) {
  ConditionChecker checker(placeholders);
  if (HasRedundantParentheses(tokens)) checker.SetParens();
  checker.CheckCondition(condition);
  return checker.Result();
}

std::string ValidateProjection(Projection& projection, Placeholders& placeholders) {
  Resolver resolver{placeholders};
  std::string reserved, depth, undefined, overlap, conflict;
  for (Path& p : projection.paths) resolver.ResolvePath(p, &reserved, &depth, &undefined);
  if (!reserved.empty()) return reserved;
  if (!depth.empty()) return depth;
  if (!undefined.empty()) return undefined;
  for (std::size_t i = 1; i < projection.paths.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      bool is_overlap = false;
      std::string m = PathClash(projection.paths[j], projection.paths[i], is_overlap);
      if (m.empty()) continue;
      std::string& slot = is_overlap ? overlap : conflict;
      if (slot.empty()) slot = std::move(m);
      break;
    }
    if (!overlap.empty()) break;
  }
  return !overlap.empty() ? overlap : conflict;
}

std::string ValidateUpdate(RawUpdate& raw, Placeholders& placeholders) {
  UpdateChecker checker(placeholders);
  Update& u = raw.update;
  checker.Section(raw.clause_order);
  for (auto [clause, index] : raw.target_order) {
    switch (clause) {
      case 0: {
        SetAction& a = u.set[index];
        checker.Target(a.path);
        checker.SetValue(a.value);
        checker.AddTargetAndCheckClash(a.path);
        break;
      }
      case 1:
        checker.Target(u.remove[index]);
        checker.AddTargetAndCheckClash(u.remove[index]);
        break;
      case 2:
        checker.Target(u.add[index].path);
        checker.AddOrDeleteValue(u.add[index].value, /*add=*/true);
        checker.AddTargetAndCheckClash(u.add[index].path);
        break;
      default:
        checker.Target(u.del[index].path);
        checker.AddOrDeleteValue(u.del[index].value, /*add=*/false);
        checker.AddTargetAndCheckClash(u.del[index].path);
        break;
    }
  }
  return checker.Result();
}

}  // namespace cloudlet::dynamodb::expr::internal
