// The abstract syntax tree of DynamoDB expressions: what the parser
// (parser.h) produces and what the evaluator consumes. One model serves all
// five expression kinds:
//
//   ConditionExpression, FilterExpression  -> Condition
//   KeyConditionExpression                 -> KeyCondition (a restricted Condition)
//   ProjectionExpression                   -> Projection
//   UpdateExpression                       -> Update
//
// Every tree handed out by the parser is already validated and resolved:
//   * a PathElement of kind kName holds the real attribute name (a `#n`
//     placeholder has been replaced by its ExpressionAttributeNames value;
//     the placeholder is kept only for printing);
//   * an Operand of kind kValue points at the attribute value (DynamoDB wire
//     JSON such as {"S":"x"}) inside the request's ExpressionAttributeValues.
//     The pointer is borrowed: the AST must not outlive that JSON object.
//   * function names are known, arities are right, and the checks DynamoDB
//     makes before reading the item (operand types of constant values,
//     redundant parentheses, overlapping update paths, ...) have passed.
//
// What the evaluator still has to check, because it depends on the item:
//   * types of attributes read from the item: `a + :n` with a a string ->
//     "An operand in the update expression has an incorrect data type";
//     list_append on a non-list, ADD to a string attribute, and so on;
//   * size(path) of a number/boolean/null attribute makes the condition false;
//   * begins_with / contains / comparisons on mismatched types are false,
//     never errors; BETWEEN with bounds taken from the item is false when the
//     bounds are inverted;
//   * document paths that do not exist or cross a non-map/non-list
//     ("The document path provided in the update expression is invalid for update").
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cloudlet::dynamodb::expr {

// The five expression parameters, named as in the API.
enum class ExpressionKind {
  kCondition,     // ConditionExpression
  kFilter,        // FilterExpression
  kKeyCondition,  // KeyConditionExpression
  kProjection,    // ProjectionExpression
  kUpdate,        // UpdateExpression
};

// "ConditionExpression", "FilterExpression", ... (the text used in
// "Invalid <name>: ..." messages).
const char* ExpressionKindName(ExpressionKind kind);

// ---------------------------------------------------------------- paths ---

// One step of a document path: a map key (attribute name) or a list index.
struct PathElement {
  enum class Kind { kName, kIndex };
  Kind kind = Kind::kName;
  std::string name;         // kName: the real attribute/map-key name
  std::string placeholder;  // kName via `#n`: "#n"; empty for a bare name
  std::uint32_t index = 0;  // kIndex: the list position, 0-based

  static PathElement Name(std::string n, std::string ph = {}) {
    return PathElement{Kind::kName, std::move(n), std::move(ph), 0};
  }
  static PathElement Index(std::uint32_t i) { return PathElement{Kind::kIndex, {}, {}, i}; }
  bool is_name() const { return kind == Kind::kName; }
  bool is_index() const { return kind == Kind::kIndex; }
  // Same step (name or index), ignoring how the name was spelled.
  bool SameAs(const PathElement& o) const {
    return kind == o.kind && (kind == Kind::kName ? name == o.name : index == o.index);
  }
};

// A document path such as a.b[3].c. The first element is always a name (the
// top-level attribute); there are at most 32 elements.
struct Path {
  std::vector<PathElement> elements;

  const std::string& top_level() const { return elements.front().name; }
  // The path as written with names resolved: a.b[3].c ; a name that is not a
  // plain identifier (e.g. "x.y" from a placeholder) is shown in backquotes.
  std::string ToString() const;
  // The form DynamoDB prints in overlap/conflict messages: [a, b, [3], c].
  std::string ToMessageString() const;
};

// ------------------------------------------------------------- operands ---

// Functions of every expression kind. Names are case-sensitive in DynamoDB.
enum class Function {
  kAttributeExists,     // attribute_exists(path)            -> condition
  kAttributeNotExists,  // attribute_not_exists(path)        -> condition
  kAttributeType,       // attribute_type(path, :type)       -> condition
  kBeginsWith,          // begins_with(operand, operand)     -> condition
  kContains,            // contains(operand, operand)        -> condition
  kSize,                // size(operand)                     -> operand (a number)
  kIfNotExists,         // if_not_exists(path, operand)      -> operand (update only)
  kListAppend,          // list_append(operand, operand)     -> operand (update only)
};
const char* FunctionName(Function f);  // "attribute_exists", ...

// A value-producing expression.
//   kPath      path                 read from the item (may be missing)
//   kValue     :placeholder         a constant from ExpressionAttributeValues
//   kFunction  size / if_not_exists / list_append, arguments in `args`
//   kPlus      args[0] + args[1]    (UpdateExpression SET only)
//   kMinus     args[0] - args[1]    (UpdateExpression SET only)
struct Operand {
  enum class Kind { kPath, kValue, kFunction, kPlus, kMinus };
  Kind kind = Kind::kPath;
  Path path;                                // kPath
  std::string placeholder;                  // kValue: ":v"
  const boost::json::value* value = nullptr;  // kValue: e.g. {"N":"1"}; never null once parsed
  Function function = Function::kSize;      // kFunction
  std::string function_name;                // kFunction: the name as written (parser use)
  std::vector<Operand> args;                // kFunction, kPlus, kMinus

  std::string ToString() const;  // a.b, :v, size(a), list_append(a, :l), (a + :n)
};

// ----------------------------------------------------------- conditions ---

enum class Comparator { kEq, kNe, kLt, kLe, kGt, kGe };
const char* ComparatorText(Comparator c);  // "=", "<>", "<", "<=", ">", ">="

// A boolean expression (ConditionExpression, FilterExpression and the
// unchecked shape of KeyConditionExpression).
//   kCompare   operands[0] <comparator> operands[1]
//   kBetween   operands[0] BETWEEN operands[1] AND operands[2]
//   kIn        operands[0] IN (operands[1], ..., operands[n])   1..100 candidates
//   kFunction  function(operands...)  one of attribute_exists, attribute_not_exists,
//              attribute_type, begins_with, contains
//   kAnd, kOr  children[0] AND/OR children[1]   (left-associative chains)
//   kNot       NOT children[0]
// Operands are never if_not_exists/list_append/+/- (rejected by the parser);
// size() appears only as an operand.
struct Condition {
  enum class Kind { kCompare, kBetween, kIn, kFunction, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  Comparator comparator = Comparator::kEq;   // kCompare
  Function function = Function::kAttributeExists;  // kFunction
  std::vector<Operand> operands;             // kCompare, kBetween, kIn, kFunction
  std::vector<Condition> children;           // kAnd, kOr, kNot

  // Fully parenthesised: ((a = :v) AND (NOT attribute_exists(b)))
  std::string ToString() const;
};

// ------------------------------------------------------- key conditions ---

// One term of a KeyConditionExpression, normalised so the key attribute is on
// the left (`:v < sk` becomes `sk > :v`). values holds 1 constant, or 2 for
// kBetween (lower, upper). The parser checks the shape DynamoDB allows
// (AND of terms, no OR/NOT/IN/<>, one top-level attribute per term, each
// attribute at most once, no nested paths); the operation layer checks the
// attributes against the key schema ("Query condition missed key schema
// element: pk", a condition on a non-key attribute, kBeginsWith on a non-S/B
// key, a non-equality on the partition key, more than two terms).
struct KeyConditionTerm {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  std::string attribute;                          // resolved top-level name
  Op op = Op::kEq;
  std::vector<const boost::json::value*> values;  // 1 or 2 (kBetween)
  std::vector<std::string> placeholders;          // ":v" of each value, same order
};

struct KeyCondition {
  std::vector<KeyConditionTerm> terms;  // in source order; 1 or more
  Condition condition;                  // the same expression as a Condition (for evaluation)

  std::string ToString() const;  // pk = :p AND sk BETWEEN :a AND :b
};

// ---------------------------------------------------------- projections ---

struct Projection {
  std::vector<Path> paths;  // pairwise neither overlapping nor conflicting

  std::string ToString() const;  // a, b.c[1]
  // Distinct top-level attribute names, in first-seen order.
  std::vector<std::string> TopLevelAttributes() const;
};

// --------------------------------------------------------------- update ---

// SET path = value. value is a kPath, kValue, kFunction (if_not_exists /
// list_append, arbitrarily nested; their arguments are any value), or a
// kPlus/kMinus whose two arguments are any value. Unparenthesised, a value
// holds at most one + or -; parentheses allow more: `(a + :x) - :y`.
// Every right-hand side reads the item as it was before the update.
struct SetAction {
  Path path;
  Operand value;
};
// ADD path :value  (value is N or a set: SS, NS, BS) and
// DELETE path :value (value is a set). `value` is always a kValue operand.
struct AddAction {
  Path path;
  Operand value;
};
struct DeleteAction {
  Path path;
  Operand value;
};

struct Update {
  std::vector<SetAction> set;        // in source order
  std::vector<Path> remove;          // in source order
  std::vector<AddAction> add;        // in source order
  std::vector<DeleteAction> del;     // in source order

  // SET ...; REMOVE ...; ADD ...; DELETE ... (clauses that are present, in that order)
  std::string ToString() const;
  // Distinct top-level attribute names of all target paths, in first-seen
  // order (SET, REMOVE, ADD, DELETE); used to reject updates of key
  // attributes and to compute UPDATED_OLD/UPDATED_NEW.
  std::vector<std::string> TopLevelAttributes() const;
};

// Distinct top-level attribute names a condition reads (used by Query to
// reject FilterExpressions on key attributes), in first-seen order.
std::vector<std::string> TopLevelAttributes(const Condition& condition);

}  // namespace cloudlet::dynamodb::expr
