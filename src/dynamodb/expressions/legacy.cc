// Legacy request parameters -> AST (see legacy.h for the mapping and texts).
//
// Check order, per parameter (dynalite's order, which DynamoDB's matches where
// anyone has compared): JSON types and enum constraints of every entry, then
// the attribute values of every entry (ValidateAttributeValue), then each
// entry's own rules in request order, then ConditionalOperator.
#include "dynamodb/expressions/legacy.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/request_validation.h"

namespace cloudlet::dynamodb::expr {
namespace json = boost::json;

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

// ------------------------------------------------------ ComparisonOperator --

enum class Op { kEq, kNe, kLe, kLt, kGe, kGt, kNotNull, kNull, kContains, kNotContains, kBeginsWith, kIn, kBetween };

struct OpInfo {
  Op op;
  std::string_view name;
  std::size_t min_args, max_args;
  std::string_view types;  // allowed AttributeValue types, space-separated; "*" = any
};

// The operators, with the number of values each takes and the value types
// DynamoDB accepts (Condition / ExpectedAttributeValue API reference; Dynoxide
// for CONTAINS and EQ/NE, which accept more than the reference says).
constexpr OpInfo kOps[] = {
    {Op::kEq, "EQ", 1, 1, "*"},
    {Op::kNe, "NE", 1, 1, "*"},
    {Op::kLe, "LE", 1, 1, "S N B"},
    {Op::kLt, "LT", 1, 1, "S N B"},
    {Op::kGe, "GE", 1, 1, "S N B"},
    {Op::kGt, "GT", 1, 1, "S N B"},
    {Op::kNotNull, "NOT_NULL", 0, 0, "*"},
    {Op::kNull, "NULL", 0, 0, "*"},
    {Op::kContains, "CONTAINS", 1, 1, "S N B BOOL NULL"},
    {Op::kNotContains, "NOT_CONTAINS", 1, 1, "S N B BOOL NULL"},
    {Op::kBeginsWith, "BEGINS_WITH", 1, 1, "S B"},
    {Op::kIn, "IN", 1, SIZE_MAX, "S N B"},
    {Op::kBetween, "BETWEEN", 2, 2, "S N B"},
};

// DynamoDB prints the enum in this (hash) order.
constexpr std::string_view kComparisonOperatorEnum =
    "Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, "
    "GE, CONTAINS]";

const OpInfo* FindOp(std::string_view name) {
  for (const OpInfo& info : kOps)
    if (info.name == name) return &info;
  return nullptr;
}

bool TypeAllowed(const OpInfo& info, std::string_view type) {
  if (info.types == "*") return true;
  std::string_view rest = info.types;
  while (!rest.empty()) {
    auto space = rest.find(' ');
    if (rest.substr(0, space) == type) return true;
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return false;
}

// "QueryFilter" -> "queryFilter" (the member path in constraint messages).
std::string MemberPath(std::string_view member) {
  std::string s(member);
  if (!s.empty()) s[0] = char(s[0] - 'A' + 'a');
  return s;
}

aws::AwsError WrongType(std::string_view expected) {
  return errors::Serialization(fmt::format("Unexpected value type in payload: expected {}", expected));
}

bool Present(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && !v->is_null();
}

// --------------------------------------------------------- AST builders --

Operand PathOperand(std::string_view name) {
  Operand o;
  o.kind = Operand::Kind::kPath;
  o.path.elements.push_back(PathElement::Name(std::string(name)));
  return o;
}

// A constant; its "placeholder" is the value's JSON, so ToString() shows it.
Operand ValueOperand(const json::value* v) {
  Operand o;
  o.kind = Operand::Kind::kValue;
  o.value = v;
  o.placeholder = json::serialize(*v);
  return o;
}

Condition FunctionCondition(Function f, std::vector<Operand> operands) {
  Condition c;
  c.kind = Condition::Kind::kFunction;
  c.function = f;
  c.operands = std::move(operands);
  return c;
}

Condition Junction(Condition::Kind kind, Condition left, Condition right) {
  Condition c;
  c.kind = kind;
  c.children.push_back(std::move(left));
  c.children.push_back(std::move(right));
  return c;
}

// attribute <op> values, for an already validated operator and value list.
Condition BuildCondition(std::string_view attribute, Op op, const std::vector<const json::value*>& values) {
  Condition c;
  auto compare = [&](Comparator cmp) {
    c.kind = Condition::Kind::kCompare;
    c.comparator = cmp;
    c.operands = {PathOperand(attribute), ValueOperand(values[0])};
    return c;
  };
  switch (op) {
    case Op::kEq: return compare(Comparator::kEq);
    case Op::kNe: return compare(Comparator::kNe);  // true on a missing attribute, like NE
    case Op::kLe: return compare(Comparator::kLe);
    case Op::kLt: return compare(Comparator::kLt);
    case Op::kGe: return compare(Comparator::kGe);
    case Op::kGt: return compare(Comparator::kGt);
    case Op::kNotNull: return FunctionCondition(Function::kAttributeExists, {PathOperand(attribute)});
    case Op::kNull: return FunctionCondition(Function::kAttributeNotExists, {PathOperand(attribute)});
    case Op::kContains:
      return FunctionCondition(Function::kContains, {PathOperand(attribute), ValueOperand(values[0])});
    case Op::kNotContains: {
      // NOT_CONTAINS is false on a missing attribute (Alternator, against AWS).
      Condition negated;
      negated.kind = Condition::Kind::kNot;
      negated.children.push_back(
          FunctionCondition(Function::kContains, {PathOperand(attribute), ValueOperand(values[0])}));
      return Junction(Condition::Kind::kAnd, FunctionCondition(Function::kAttributeExists, {PathOperand(attribute)}),
                      std::move(negated));
    }
    case Op::kBeginsWith:
      return FunctionCondition(Function::kBeginsWith, {PathOperand(attribute), ValueOperand(values[0])});
    case Op::kIn:
      c.kind = Condition::Kind::kIn;
      c.operands.push_back(PathOperand(attribute));
      for (const json::value* v : values) c.operands.push_back(ValueOperand(v));
      return c;
    case Op::kBetween:
      c.kind = Condition::Kind::kBetween;
      c.operands = {PathOperand(attribute), ValueOperand(values[0]), ValueOperand(values[1])};
      return c;
  }
  return c;
}

// Argument count, same type, allowed types, BETWEEN order — in that order.
aws::Status CheckArguments(const OpInfo& info, const std::vector<const json::value*>& values) {
  if (values.size() < info.min_args || values.size() > info.max_args)
    return errors::Validation(fmt::format("{}Invalid number of argument(s) for the {} ComparisonOperator", kInvalid,
                                          info.name));
  if (values.empty()) return aws::OkStatus();
  AttrType first = *TypeOf(*values[0]);
  for (const json::value* v : values)
    if (*TypeOf(*v) != first)
      return errors::Validation(
          std::string(kInvalid) + "AttributeValues inside AttributeValueList must be of same type");
  if (!TypeAllowed(info, TypeName(first)))
    return errors::Validation(fmt::format("{}ComparisonOperator {} is not valid for {} AttributeValue type", kInvalid,
                                          info.name, TypeName(first)));
  if (info.op == Op::kBetween && CompareForOrder(*values[0], *values[1]).value_or(0) > 0)
    return errors::Validation(
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  return aws::OkStatus();
}

// Joins entries by AND / OR, left-associatively.
Condition Join(std::vector<Condition> parts, bool use_or) {
  Condition out = std::move(parts.front());
  for (std::size_t i = 1; i < parts.size(); ++i)
    out = Junction(use_or ? Condition::Kind::kOr : Condition::Kind::kAnd, std::move(out), std::move(parts[i]));
  return out;
}

// ConditionalOperator: its enum, and that it has two or more conditions to
// join (texts captured from AWS by ExtendDB). Returns whether it says OR.
aws::Result<bool> ConditionalOperatorIsOr(const json::object& request, std::size_t conditions) {
  auto op = StringMember(request, "ConditionalOperator");
  if (!op.ok()) return op.take_error();
  if (!*op) return false;
  if (**op != "AND" && **op != "OR") {
    ConstraintErrors errors;
    errors.Add(request.if_contains("ConditionalOperator"), "conditionalOperator",
               "Member must satisfy enum value set: [OR, AND]");
    return *errors.Error();
  }
  if (conditions == 0) return errors::Validation("ConditionalOperator cannot be used without Filter or Expected");
  if (conditions == 1)
    return errors::Validation("ConditionalOperator can only be used when Filter or Expected has two or more elements");
  return **op == "OR";
}

// The mutable map `member` of the request, or null when absent.
aws::Result<json::object*> MapMember(json::object& request, std::string_view member) {
  json::value* v = request.if_contains(member);
  if (v == nullptr || v->is_null()) return static_cast<json::object*>(nullptr);
  if (!v->is_object()) return WrongType("map");
  return &v->get_object();
}

aws::Status ValidateValue(json::value& v) {
  if (!v.is_object()) return WrongType("structure");
  return ValidateAttributeValue(v);
}

// ------------------------------------------------- Condition maps (filters) --

// One entry of QueryFilter / ScanFilter / KeyConditions, after the type checks.
struct ConditionEntry {
  std::string_view attribute;
  const OpInfo* op = nullptr;
  std::vector<const json::value*> values;
};

// JSON types, ComparisonOperator (required) enum, value validation and the
// per-entry argument checks of a Condition map.
aws::Result<std::vector<ConditionEntry>> ReadConditionMap(json::object& map, std::string_view member) {
  std::vector<ConditionEntry> entries;
  ConstraintErrors constraints;
  const std::string path = MemberPath(member);
  for (auto& [name, entry_value] : map) {
    if (!entry_value.is_object()) return WrongType("structure");
    json::object& entry = entry_value.get_object();
    ConditionEntry e;
    e.attribute = name;
    auto op = StringMember(entry, "ComparisonOperator");
    if (!op.ok()) return op.take_error();
    auto list = ArrayMember(entry, "AttributeValueList");
    if (!list.ok()) return list.take_error();
    const std::string op_path = fmt::format("{}.{}.member.comparisonOperator", path, std::string_view(name));
    if (!*op) {
      constraints.Add(nullptr, op_path, "Member must not be null");
    } else if ((e.op = FindOp(**op)) == nullptr) {
      constraints.Add(entry.if_contains("ComparisonOperator"), op_path, kComparisonOperatorEnum);
    }
    if (*list) {
      for (json::value& v : entry["AttributeValueList"].get_array()) e.values.push_back(&v);
    }
    entries.push_back(std::move(e));
  }
  if (auto error = constraints.Error()) return *error;
  for (auto& [name, entry] : map)
    if (json::value* list = entry.get_object().if_contains("AttributeValueList"); list && list->is_array())
      for (json::value& v : list->get_array()) CLOUDLET_TRY(ValidateValue(v));
  for (const ConditionEntry& e : entries) CLOUDLET_TRY(CheckArguments(*e.op, e.values));
  return entries;
}

}  // namespace

// ------------------------------------------------------------- Expected ---

aws::Result<std::optional<Condition>> TranslateExpected(json::object& request) {
  auto map_result = MapMember(request, "Expected");
  if (!map_result.ok()) return map_result.take_error();
  json::object* map = *map_result;

  struct Entry {
    std::string_view attribute;
    json::object* entry;
    const OpInfo* op = nullptr;
    std::vector<const json::value*> values;  // AttributeValueList, or Value
  };
  std::vector<Entry> entries;
  ConstraintErrors constraints;
  if (map != nullptr) {
    for (auto& [name, entry_value] : *map) {
      if (!entry_value.is_object()) return WrongType("structure");
      Entry e{name, &entry_value.get_object()};
      json::object& entry = *e.entry;
      auto op = StringMember(entry, "ComparisonOperator");
      if (!op.ok()) return op.take_error();
      auto list = ArrayMember(entry, "AttributeValueList");
      if (!list.ok()) return list.take_error();
      auto exists = BoolMember(entry, "Exists");
      if (!exists.ok()) return exists.take_error();
      if (*op && (e.op = FindOp(**op)) == nullptr)
        constraints.Add(entry.if_contains("ComparisonOperator"),
                        fmt::format("expected.{}.member.comparisonOperator", std::string_view(name)),
                        kComparisonOperatorEnum);
      entries.push_back(std::move(e));
    }
  }
  if (auto error = constraints.Error()) return *error;

  // Attribute values of every entry.
  for (Entry& e : entries) {
    if (Present(*e.entry, "Value")) CLOUDLET_TRY(ValidateValue((*e.entry)["Value"]));
    if (Present(*e.entry, "AttributeValueList"))
      for (json::value& v : (*e.entry)["AttributeValueList"].get_array()) CLOUDLET_TRY(ValidateValue(v));
  }

  // Each entry's rules (dynalite's order, texts from AWS).
  std::vector<Condition> parts;
  for (Entry& e : entries) {
    const json::object& entry = *e.entry;
    const std::string_view a = e.attribute;
    const bool has_value = Present(entry, "Value");
    const bool has_list = Present(entry, "AttributeValueList");
    const bool has_op = Present(entry, "ComparisonOperator");
    const json::value* exists = entry.if_contains("Exists");
    const bool has_exists = exists != nullptr && !exists->is_null();
    if (has_value && has_list)
      return errors::Validation(
          fmt::format("{}Value and AttributeValueList cannot be used together for Attribute: {}", kInvalid, a));
    if (has_op) {
      if (has_exists)
        return errors::Validation(
            fmt::format("{}Exists and ComparisonOperator cannot be used together for Attribute: {}", kInvalid, a));
      if (e.op->op != Op::kNull && e.op->op != Op::kNotNull && !has_value && !has_list)
        return errors::Validation(fmt::format(
            "{}Value or AttributeValueList must be used with ComparisonOperator: {} for Attribute: {}", kInvalid,
            e.op->name, a));
      if (has_list) {
        for (const json::value& v : entry.at("AttributeValueList").get_array()) e.values.push_back(&v);
      } else if (has_value) {
        e.values.push_back(&entry.at("Value"));
      }
      CLOUDLET_TRY(CheckArguments(*e.op, e.values));
      parts.push_back(BuildCondition(a, e.op->op, e.values));
      continue;
    }
    if (has_list)
      return errors::Validation(fmt::format(
          "{}AttributeValueList can only be used with a ComparisonOperator for Attribute: {}", kInvalid, a));
    const bool exists_true = !has_exists || exists->get_bool();
    if (exists_true && !has_value)
      return errors::Validation(fmt::format("{}Value must be provided when Exists is {} for Attribute: {}", kInvalid,
                                            has_exists ? "true" : "null", a));
    if (!exists_true && has_value)
      return errors::Validation(
          fmt::format("{}Value cannot be used when Exists is false for Attribute: {}", kInvalid, a));
    if (has_value) {
      parts.push_back(BuildCondition(a, Op::kEq, {&entry.at("Value")}));
    } else {
      parts.push_back(BuildCondition(a, Op::kNull, {}));
    }
  }

  auto use_or = ConditionalOperatorIsOr(request, parts.size());
  if (!use_or.ok()) return use_or.take_error();
  if (parts.empty()) return std::optional<Condition>{};
  return std::optional<Condition>{Join(std::move(parts), *use_or)};
}

// ------------------------------------------------ QueryFilter / ScanFilter --

aws::Result<std::optional<Condition>> TranslateFilter(json::object& request, std::string_view member) {
  auto map_result = MapMember(request, member);
  if (!map_result.ok()) return map_result.take_error();
  std::vector<Condition> parts;
  if (json::object* map = *map_result) {
    auto entries = ReadConditionMap(*map, member);
    if (!entries.ok()) return entries.take_error();
    for (const ConditionEntry& e : *entries) parts.push_back(BuildCondition(e.attribute, e.op->op, e.values));
  }
  auto use_or = ConditionalOperatorIsOr(request, parts.size());
  if (!use_or.ok()) return use_or.take_error();
  if (parts.empty()) return std::optional<Condition>{};
  return std::optional<Condition>{Join(std::move(parts), *use_or)};
}

// -------------------------------------------------------- KeyConditions ---

aws::Result<std::optional<KeyCondition>> TranslateKeyConditions(json::object& request) {
  auto map_result = MapMember(request, "KeyConditions");
  if (!map_result.ok()) return map_result.take_error();
  json::object* map = *map_result;
  if (map == nullptr) return std::optional<KeyCondition>{};
  auto entries = ReadConditionMap(*map, "KeyConditions");
  if (!entries.ok()) return entries.take_error();
  // Up to eight: one per key attribute of a GSI with multi-attribute keys;
  // Query refuses more than two for any other key schema.
  if (entries->empty() || entries->size() > 8)
    return errors::Validation("Conditions can be of length 1 or 2 only");

  KeyCondition out;
  std::vector<Condition> parts;
  for (const ConditionEntry& e : *entries) {
    KeyConditionTerm term;
    term.attribute = std::string(e.attribute);
    switch (e.op->op) {
      case Op::kEq: term.op = KeyConditionTerm::Op::kEq; break;
      case Op::kLe: term.op = KeyConditionTerm::Op::kLe; break;
      case Op::kLt: term.op = KeyConditionTerm::Op::kLt; break;
      case Op::kGe: term.op = KeyConditionTerm::Op::kGe; break;
      case Op::kGt: term.op = KeyConditionTerm::Op::kGt; break;
      case Op::kBeginsWith: term.op = KeyConditionTerm::Op::kBeginsWith; break;
      case Op::kBetween: term.op = KeyConditionTerm::Op::kBetween; break;
      default: return errors::Validation("Attempted conditional constraint is not an indexable operation");
    }
    term.values = e.values;
    for (const json::value* v : e.values) term.placeholders.push_back(json::serialize(*v));
    out.terms.push_back(std::move(term));
    parts.push_back(BuildCondition(e.attribute, e.op->op, e.values));
  }
  out.condition = Join(std::move(parts), false);
  return std::optional<KeyCondition>{std::move(out)};
}

// ----------------------------------------------------- AttributeUpdates ---

aws::Result<std::optional<Update>> TranslateAttributeUpdates(json::object& request) {
  auto map_result = MapMember(request, "AttributeUpdates");
  if (!map_result.ok()) return map_result.take_error();
  json::object* map = *map_result;
  if (map == nullptr) return std::optional<Update>{};

  // JSON types and the Action enum of every entry.
  ConstraintErrors constraints;
  for (auto& [name, entry_value] : *map) {
    if (!entry_value.is_object()) return WrongType("structure");
    const json::object& entry = entry_value.get_object();
    auto action = StringMember(entry, "Action");
    if (!action.ok()) return action.take_error();
    if (*action && **action != "ADD" && **action != "PUT" && **action != "DELETE")
      constraints.Add(entry.if_contains("Action"),
                      fmt::format("attributeUpdates.{}.member.action", std::string_view(name)),
                      "Member must satisfy enum value set: [ADD, PUT, DELETE]");
  }
  if (auto error = constraints.Error()) return *error;

  // The empty list `if_not_exists(a, [])` starts from in the ADD-list translation.
  static const json::value kEmptyList = json::object{{"L", json::array{}}};

  Update update;
  for (auto& [name, entry_value] : *map) {
    json::object& entry = entry_value.get_object();
    const std::string_view a = name;
    const json::value* action_value = entry.if_contains("Action");
    const std::string_view action =
        action_value && action_value->is_string() ? std::string_view(action_value->get_string()) : "PUT";
    const bool has_value = Present(entry, "Value");
    if (has_value) CLOUDLET_TRY(ValidateValue(entry["Value"]));
    if (!has_value && action != "DELETE")
      return errors::Validation(
          std::string(kInvalid) + "Only DELETE action is allowed when no attribute value is specified");
    Path path;
    path.elements.push_back(PathElement::Name(std::string(a)));
    if (!has_value) {  // DELETE: remove the attribute
      update.remove.push_back(std::move(path));
      continue;
    }
    const json::value* value = &entry.at("Value");
    const AttrType type = *TypeOf(*value);
    if (action == "DELETE") {
      if (!IsSetType(type))
        return errors::Validation(
            fmt::format("{}DELETE action with value is not supported for the type {}", kInvalid, TypeName(type)));
      update.del.push_back(DeleteAction{std::move(path), ValueOperand(value)});
    } else if (action == "ADD") {
      if (type == AttrType::L) {  // appends to a list, creating it when missing
        Operand start;
        start.kind = Operand::Kind::kFunction;
        start.function = Function::kIfNotExists;
        start.function_name = "if_not_exists";
        start.args = {PathOperand(a), ValueOperand(&kEmptyList)};
        Operand append;
        append.kind = Operand::Kind::kFunction;
        append.function = Function::kListAppend;
        append.function_name = "list_append";
        append.args = {std::move(start), ValueOperand(value)};
        update.set.push_back(SetAction{std::move(path), std::move(append)});
      } else if (type == AttrType::N || IsSetType(type)) {
        update.add.push_back(AddAction{std::move(path), ValueOperand(value)});
      } else {
        return errors::Validation(
            fmt::format("{}ADD action is not supported for the type {}", kInvalid, TypeName(type)));
      }
    } else {  // PUT
      update.set.push_back(SetAction{std::move(path), ValueOperand(value)});
    }
  }
  if (update.set.empty() && update.remove.empty() && update.add.empty() && update.del.empty())
    return std::optional<Update>{};
  return std::optional<Update>{std::move(update)};
}

// ------------------------------------------------------ AttributesToGet ---

aws::Result<std::optional<Projection>> TranslateAttributesToGet(const json::object& request) {
  auto list = ArrayMember(request, "AttributesToGet");
  if (!list.ok()) return list.take_error();
  if (*list == nullptr) return std::optional<Projection>{};
  const json::array& names = **list;
  for (const json::value& n : names)
    if (!n.is_string()) return WrongType("string");
  ConstraintErrors constraints;
  if (names.empty())
    constraints.Add(request.if_contains("AttributesToGet"), "attributesToGet",
                    "Member must have length greater than or equal to 1");
  if (names.size() > 255)
    constraints.Add(request.if_contains("AttributesToGet"), "attributesToGet",
                    "Member must have length less than or equal to 255");
  if (auto error = constraints.Error()) return *error;

  Projection projection;
  std::set<std::string_view> seen;
  for (const json::value& n : names) {
    std::string_view name = n.get_string();
    if (!seen.insert(name).second)
      return errors::Validation(fmt::format("{}Duplicate value in attribute name: {}", kInvalid, name));
    Path path;
    path.elements.push_back(PathElement::Name(std::string(name)));
    projection.paths.push_back(std::move(path));
  }
  return std::optional<Projection>{std::move(projection)};
}

}  // namespace cloudlet::dynamodb::expr
