// Parsing of DynamoDB expressions: text + ExpressionAttributeNames/Values ->
// a validated AST (ast.h), or the exact ValidationException DynamoDB sends.
//
// Grammar (EBNF over the tokens of lexer.h; keywords case-insensitive,
// function names case-sensitive):
//
//   condition   = or ;
//   or          = and , { OR , and } ;
//   and         = not , { AND , not } ;
//   not         = NOT , not | primary ;
//   primary     = "(" , condition , ")"
//               | operand , comparator , operand
//               | operand , BETWEEN , operand , AND , operand
//               | operand , IN , "(" , operand , { "," , operand } , ")"
//               | call ;                              (* a boolean function *)
//   comparator  = "=" | "<>" | "<" | "<=" | ">" | ">=" ;
//   operand     = call | value_ref | path | "(" , operand , ")" ;
//   call        = name , "(" , operand , { "," , operand } , ")" ;
//   path        = ( name | name_ref ) , { "." , ( name | name_ref ) | "[" , number , "]" } ;
//
//   projection  = path , { "," , path } ;
//
//   update      = clause , { clause } ;               (* each clause kind at most once *)
//   clause      = SET , set_action , { "," , set_action }
//               | REMOVE , path , { "," , path }
//               | ADD , path , value_ref , { "," , path , value_ref }
//               | DELETE , path , value_ref , { "," , path , value_ref } ;
//   set_action  = path , "=" , set_value ;
//   set_value   = set_operand , [ ( "+" | "-" ) , set_operand ] ;
//   set_operand = call | value_ref | path | "(" , set_value , ")" ;   (* call args: set_operand *)
//
//   key_condition = condition ;  (* then restricted: key_term { AND key_term } *)
//
// Examples:
//   ConditionExpression     attribute_not_exists(pk) OR (#s = :s AND size(tags) < :n)
//   UpdateExpression        SET a = if_not_exists(a, :zero) + :inc, l = list_append(l, :x) REMOVE b[2]
//   KeyConditionExpression  pk = :p AND begins_with(sk, :prefix)
//
// Checks run in DynamoDB's order: size limit (4 KB) and emptiness, then the
// whole syntax, then semantic checks by class (see validation.h), so a
// syntax error anywhere wins over an undefined placeholder earlier on.
//
// Error texts come from AWS (via the Parity suite, Alternator, Dynoxide,
// dynalite); every message is `Invalid <Kind>Expression: <reason>` except the
// key-condition shape messages, which DynamoDB sends unprefixed.
#pragma once

#include <boost/json/object.hpp>

#include <set>
#include <string>
#include <string_view>

#include "aws/error.h"
#include "dynamodb/expressions/ast.h"

namespace cloudlet::dynamodb::expr {

// The request's ExpressionAttributeNames / ExpressionAttributeValues, shared
// by all expressions of one request, and the placeholders they used. Either
// map may be null (absent). The parsed ASTs point into `values`, so the maps
// must outlive them.
struct Placeholders {
  const boost::json::object* names = nullptr;   // "#n" -> "name" (strings)
  const boost::json::object* values = nullptr;  // ":v" -> {"S":"x"} ...
  std::set<std::string> used_names;             // filled by every Parse* call
  std::set<std::string> used_values;
};

// ConditionExpression (kind = kCondition) or FilterExpression (kind = kFilter).
aws::Result<Condition> ParseCondition(std::string_view text, ExpressionKind kind,
                                      Placeholders& placeholders);

// KeyConditionExpression: the condition grammar, then the restricted shape.
aws::Result<KeyCondition> ParseKeyCondition(std::string_view text, Placeholders& placeholders);

// ProjectionExpression.
aws::Result<Projection> ParseProjection(std::string_view text, Placeholders& placeholders);

// UpdateExpression.
aws::Result<Update> ParseUpdate(std::string_view text, Placeholders& placeholders);

// After every expression of a request is parsed: the unused-placeholder check
// (names first, then values; keys listed in the request's order, joined by
// ", "). Messages are not prefixed:
//   Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}
//   Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}
aws::Status CheckUnusedPlaceholders(const Placeholders& placeholders);

// Limits DynamoDB enforces on expressions (Guide: ServiceQuotas).
inline constexpr std::size_t kMaxExpressionBytes = 4096;
inline constexpr std::size_t kMaxPathElements = 32;
inline constexpr std::size_t kMaxInOperands = 100;
inline constexpr std::size_t kMaxUpdateOperators = 300;

}  // namespace cloudlet::dynamodb::expr
