// The syntax tree of one PartiQL statement, as the parser (parser.h) reads
// it: no table is known yet, so nothing here is checked against a schema.
// The planner (planner.h) turns it into a plan over DynamoDB's own
// expression trees (expressions/ast.h).
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dynamodb/expressions/ast.h"
#include "dynamodb/partiql/lexer.h"

namespace cloudlet::dynamodb::partiql {

// One step of a document path: a name (a.b, "a b") or a list index ([3]).
struct PathStep {
  bool is_index = false;
  std::string name;
  uint32_t index = 0;
  Position pos;
};

// An expression of the WHERE clause, a SET value, an INSERT item or a
// SELECT projection.
//   kLiteral   a string, number, TRUE/FALSE or NULL: `literal` is its
//              attribute value ({"S":"x"}; numbers as written, checked later)
//   kMissing   the MISSING literal
//   kParam     the `param`-th "?" (0-based)
//   kPath      path[0].path[1]...
//   kList      [args...]        kSet  <<args...>>
//   kMap       {args[0]: args[1], args[2]: args[3], ...}
//   kCall      name(args...)    (name lower-cased, `text` as written)
//   kCompare   args[0] <comparator> args[1]
//   kAnd kOr   args[0] AND/OR args[1]       kNot  NOT args[0]
//   kBetween   args[0] BETWEEN args[1] AND args[2]   (negated: NOT BETWEEN)
//   kIn        args[0] IN (args[1..])                 (negated: NOT IN)
//   kIs        args[0] IS [NOT] text    (text: MISSING, NULL or a type name, upper-cased)
//   kPlus kMinus  args[0] +/- args[1]
struct Expr {
  enum class Kind {
    kLiteral, kMissing, kParam, kPath, kList, kSet, kMap, kCall,
    kCompare, kAnd, kOr, kNot, kBetween, kIn, kIs, kPlus, kMinus,
  };
  Kind kind = Kind::kLiteral;
  Position pos;  // of the token that starts it (an operator's own token for binary ones)
  boost::json::value literal;
  std::size_t param = 0;
  std::vector<PathStep> path;
  std::string text;
  expr::Comparator comparator = expr::Comparator::kEq;
  bool negated = false;
  std::vector<Expr> args;
};

enum class Returning { kNone, kAllOld, kModifiedOld, kAllNew, kModifiedNew };

struct OrderKey {
  std::string name;
  bool descending = false;
  Position pos;
};

// SET path = value, or REMOVE path.
struct UpdateAction {
  bool remove = false;
  Expr path;   // kPath
  Expr value;  // SET only
};

struct Statement {
  enum class Kind { kSelect, kInsert, kUpdate, kDelete, kExists };
  Kind kind = Kind::kSelect;
  std::string table;
  std::optional<std::string> index;  // SELECT ... FROM "T"."I"
  Position table_pos;
  // SELECT (and the SELECT inside EXISTS)
  bool select_all = false;            // SELECT *
  std::vector<Expr> projection;       // paths
  std::vector<OrderKey> order_by;
  // INSERT
  Expr item;
  // UPDATE
  std::vector<UpdateAction> actions;
  std::optional<Expr> where;
  Returning returning = Returning::kNone;
  std::string returning_text;  // "ALL OLD", ... as written, upper-cased
  std::size_t parameter_count = 0;  // "?" in the statement
  bool IsRead() const { return kind == Kind::kSelect; }
};

}  // namespace cloudlet::dynamodb::partiql
