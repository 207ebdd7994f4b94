// A PartiQL WHERE clause (or SET value) as DynamoDB's own expression trees
// (expressions/ast.h), so the one evaluator decides conditions and updates:
//
//   a = 1 AND NOT b IN [2, 3]     -> (a = :v) AND (NOT b IN (:v, :v))
//   x IS MISSING / IS NOT MISSING -> attribute_not_exists(x) / attribute_exists(x)
//   x IS NULL / IS STRING / ...   -> attribute_type(x, 'NULL') / (x, 'S') / ...
//   begins_with(s, 'a'), contains(l, 1), size(s) > 2, attribute_type(x, 'N')
//   attribute_exists(x) = true    -> attribute_exists(x)   (= false: NOT ...)
//
// The constants the trees point at (literals and parameters) live in a
// ValueArena that the plan owns.
#pragma once

#include <boost/json/value.hpp>

#include <deque>

#include "aws/error.h"
#include "dynamodb/expressions/ast.h"
#include "dynamodb/partiql/ast.h"
#include "dynamodb/partiql/values.h"

namespace cloudlet::dynamodb::partiql {

// Stable storage for the attribute values an expression tree points at.
class ValueArena {
 public:
  const boost::json::value* Add(boost::json::value v) {
    values_.push_back(std::move(v));
    return &values_.back();
  }

 private:
  std::deque<boost::json::value> values_;
};

struct Bindings {
  const Parameters& parameters;
  ValueArena& arena;
};

// A document path: its first step must be a name.
aws::Result<expr::Path> ToPath(const Expr& e);

// A WHERE clause or one of its parts.
aws::Result<expr::Condition> ToCondition(const Expr& e, Bindings& b);

// An operand of a comparison: a path, a value or size(path).
aws::Result<expr::Operand> ToOperand(const Expr& e, Bindings& b);

// The conjuncts of a WHERE clause: a AND (b AND c) -> [a, b, c].
void Conjuncts(const Expr& e, std::vector<const Expr*>& out);

// attribute_not_exists(name): an INSERT's condition in a transaction.
expr::Condition NotExists(const std::string& name);

// Conditions joined by AND (nullopt for none).
std::optional<expr::Condition> AllOf(std::vector<expr::Condition> parts);

}  // namespace cloudlet::dynamodb::partiql
