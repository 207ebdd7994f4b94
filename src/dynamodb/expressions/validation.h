// Internal: the checks DynamoDB makes after an expression parsed, and the
// resolution of `#n` / `:v` placeholders in the tree built by syntax.h.
//
// DynamoDB reports one error per expression. When several are present the
// one it reports depends on the class of error, not on its position; within
// a class the first in source order wins. Class order (dynalite's, which
// mirrors AWS where the Parity suite could test it):
//
//   condition/filter/key condition: redundant parentheses, unknown function
//     (also if_not_exists/list_append: "not allowed in a condition
//     expression"), misused function (a condition function as an operand,
//     size() as a condition), reserved word, path nesting depth, undefined name or
//     value, operand count, IN operand count, operand distinctness,
//     operand types (and BETWEEN bounds);
//   update: reserved word, path nesting depth, unknown function (also
//     condition functions and size(): "not allowed in an update expression"), repeated
//     section, undefined name, undefined value, overlapping paths,
//     conflicting paths, ADD/DELETE operand type, function operands
//     (count, path, types), operator count;
//   projection: reserved word, path nesting depth, undefined name,
//     overlapping paths, conflicting paths.
//
// Messages returned here carry no "Invalid <Kind>Expression: " prefix;
// parser.cc adds it.
#pragma once

#include <string>
#include <vector>

#include "dynamodb/expressions/ast.h"
#include "dynamodb/expressions/lexer.h"
#include "dynamodb/expressions/parser.h"
#include "dynamodb/expressions/syntax.h"

namespace cloudlet::dynamodb::expr::internal {

// Each returns an empty string on success, else the (unprefixed) message.
std::string ValidateCondition(Condition& condition, const std::vector<Token>& tokens,
                              Placeholders& placeholders);
std::string ValidateProjection(Projection& projection, Placeholders& placeholders);
std::string ValidateUpdate(RawUpdate& update, Placeholders& placeholders);

// The KeyConditionExpression shape over a validated condition. Fills `out`
// or returns DynamoDB's message (these are sent without a prefix).
std::string ValidateKeyConditionShape(const Condition& condition, KeyCondition& out);

}  // namespace cloudlet::dynamodb::expr::internal
