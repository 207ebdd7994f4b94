// The one lexer of DynamoDB expressions (all five kinds).
//
//   token       = name | name_ref | value_ref | number | keyword | punct | unknown ;
//   name        = letter , { letter | digit | "_" } ;        (* a, Price_2 *)
//   name_ref    = "#" , ( letter | digit | "_" ) , { ... } ; (* #n, #1 *)
//   value_ref   = ":" , ( letter | digit | "_" ) , { ... } ; (* :v, :_x *)
//   number      = digit , { digit } ;                        (* list index 3 *)
//   keyword     = AND | OR | NOT | BETWEEN | IN | SET | REMOVE | ADD | DELETE ;
//                 (* a name spelled so, case-insensitively *)
//   punct       = "=" | "<>" | "<" | "<=" | ">" | ">=" | "+" | "-" | "(" | ")"
//               | "[" | "]" | "." | "," ;
//   unknown     = any other character (one UTF-8 sequence), e.g. "!", "_", "#" alone.
//   whitespace  = " " | "\t" | "\r" | "\n" ;  (* separates tokens, otherwise ignored *)
//
// Lexing never fails: a character outside the grammar becomes an kUnknown
// token, and the parser reports it as `Syntax error; token: "!", near: ...`
// when it reaches it (DynamoDB reports the first token its parser cannot
// use, which may come before the stray character).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace cloudlet::dynamodb::expr {

enum class TokenKind {
  kName, kNameRef, kValueRef, kNumber,
  kAnd, kOr, kNot, kBetween, kIn, kSet, kRemove, kAdd, kDelete,
  kEq, kNe, kLt, kLe, kGt, kGe, kPlus, kMinus,
  kLParen, kRParen, kLBracket, kRBracket, kDot, kComma,
  kUnknown,
  kEnd,  // end of input; text is empty, begin == input size
};

struct Token {
  TokenKind kind;
  std::string_view text;  // a view into the expression
  std::size_t begin;      // byte offset of text in the expression
  std::size_t end() const { return begin + text.size(); }
};

// Splits `input` into tokens; the last one is always kEnd.
std::vector<Token> Lex(std::string_view input);

}  // namespace cloudlet::dynamodb::expr
