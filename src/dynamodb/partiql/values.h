// PartiQL's values as DynamoDB attribute values: the literals of a statement
// (strings, numbers, TRUE/FALSE, NULL, lists [..], maps {'k': v}, sets <<..>>)
// and its "?" parameters, which arrive as attribute values already.
//
//   'x' -> {"S":"x"}    1.5e2 -> {"N":"150"}    TRUE -> {"BOOL":true}   NULL -> {"NULL":true}
//   [1, 'a'] -> {"L":[..]}   {'k': 1} -> {"M":{..}}   <<1, 2>> -> {"NS":[..]}   <<'a'>> -> {"SS":[..]}
//
// Errors name where in the value they are, as DynamoDB does: "... under root",
// "under root.x", "under root[1]".
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "aws/error.h"
#include "dynamodb/partiql/ast.h"

namespace cloudlet::dynamodb::partiql {

using Parameters = std::vector<boost::json::value>;

// Validates and normalises the request's Parameters (in place), and checks
// their number against the statement's "?".
aws::Status CheckParameters(Parameters& parameters, std::size_t expected);
// The first half alone: the values, validated and normalised in place.
aws::Status CheckParameterValues(Parameters& parameters);

// Whether `e` denotes a value (a literal, a parameter or a collection of values).
bool IsValueExpr(const Expr& e);

// The attribute value `e` denotes; `where` is its place for messages.
aws::Result<boost::json::value> ToAttributeValue(const Expr& e, const Parameters& parameters,
                                                 const std::string& where = "root");

// An INSERT's item: a map whose attribute values are each a "root" for messages.
aws::Result<boost::json::object> ToItem(const Expr& e, const Parameters& parameters);

}  // namespace cloudlet::dynamodb::partiql
