// The lexer of PartiQL for DynamoDB.
//
//   token        = identifier | quoted_ident | string | number | "?" | punct ;
//   identifier   = ( letter | "_" | "$" ) , { letter | digit | "_" | "$" } ;   (* Music, sk_2 *)
//   quoted_ident = '"' , { char - '"' | '""' } , '"' ;   (* "Table.name", "a""b" *)
//   string       = "'" , { char - "'" | "''" } , "'" ;   (* 'it''s' *)
//   number       = ( digits , [ "." , [ digits ] ] | "." , digits ) , [ ( "e" | "E" ) , [ "+" | "-" ] , digits ] ;
//   punct        = "*" | "," | "." | "[" | "]" | "(" | ")" | "{" | "}" | ":" | ";" | "=" | "<>" | "!="
//                | "<" | "<=" | ">" | ">=" | "+" | "-" | "<<" | ">>" ;
//   comment      = "--" , { char - newline } | "/*" , { char } , "*/" ;   (* whitespace *)
//
// Keywords are identifiers, recognised by the parser case-insensitively.
// Positions are DynamoDB's `line:column:length`, counted in characters from 1.
// What the lexer cannot read at all (a stray character such as "#", an
// unterminated string or comment, an exponent beyond 32 bits) is DynamoDB's
// "Statement wasn't well formed, can't be processed: " with nothing after it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"

namespace cloudlet::dynamodb::partiql {

enum class Tok {
  kIdent, kQuotedIdent, kString, kNumber, kParam,
  kStar, kComma, kDot, kLBracket, kRBracket, kLParen, kRParen, kLBrace, kRBrace, kColon, kSemicolon,
  kEq, kNe, kLt, kLe, kGt, kGe, kPlus, kMinus, kLBag, kRBag,
  kEnd,
};

struct Position {
  uint32_t line = 1;
  uint32_t column = 1;
  uint32_t length = 0;
  // " at 1:8:5", as DynamoDB appends it to some messages.
  std::string At() const;
};

struct Token {
  Tok kind = Tok::kEnd;
  // kIdent: as written; kQuotedIdent, kString: unquoted, doubled quotes undone;
  // kNumber: as written; punctuation: as written.
  std::string text;
  Position pos;
};

// The tokens of `statement`, the last one kEnd.
aws::Result<std::vector<Token>> Lex(std::string_view statement);

}  // namespace cloudlet::dynamodb::partiql
