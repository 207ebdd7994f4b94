// The parser of PartiQL for DynamoDB: statement text -> Statement (ast.h),
// or DynamoDB's ValidationException.
//
// Grammar (EBNF over the tokens of lexer.h; keywords case-insensitive):
//
//   statement   = ( select | insert | update | delete | exists ) , [ ";" ] ;
//   select      = SELECT , ( "*" | path , { "," , path } ) , FROM , source ,
//                 [ WHERE , expr ] , [ ORDER , BY , order_key , { "," , order_key } ] ;
//   source      = name , [ "." , name ] ;                 (* "Table" or "Table"."Index" *)
//   order_key   = name , [ ASC | DESC ] ;
//   insert      = INSERT , INTO , name , VALUE , expr ;
//   update      = UPDATE , name , action , { action } , WHERE , expr , [ returning ] ;
//   action      = SET , path , "=" , expr , { "," , path , "=" , expr }
//               | REMOVE , path , { "," , path } ;
//   delete      = DELETE , FROM , name , WHERE , expr , [ returning ] ;
//   returning   = RETURNING , ( ALL | MODIFIED ) , ( OLD | NEW ) , "*" ;
//   exists      = EXISTS , "(" , select , ")" ;            (* ExecuteTransaction only *)
//
//   expr        = and , { OR , and } ;
//   and         = not , { AND , not } ;
//   not         = NOT , not | predicate ;
//   predicate   = additive , [ comparator , additive
//                            | [ NOT ] , BETWEEN , additive , AND , additive
//                            | [ NOT ] , IN , ( "[" | "(" ) , expr , { "," , expr } , ( "]" | ")" )
//                            | IS , [ NOT ] , ( MISSING | NULL | type_name ) ] ;
//   comparator  = "=" | "<>" | "!=" | "<" | "<=" | ">" | ">=" ;
//   additive    = unary , { ( "+" | "-" ) , unary } ;
//   unary       = "-" , number | primary ;
//   primary     = string | number | TRUE | FALSE | NULL | MISSING | "?"
//               | call | path | "(" , expr , ")"
//               | "[" , [ expr , { "," , expr } ] , "]"
//               | "{" , [ expr , ":" , expr , { "," , expr , ":" , expr } ] , "}"
//               | "<<" , [ expr , { "," , expr } ] , ">>" ;
//   call        = identifier , "(" , [ expr , { "," , expr } ] , ")" ;
//   path        = name , { "." , name | "[" , ( number | string ) , "]" } ;
//   name        = identifier | quoted_ident ;
//
// Examples:
//   SELECT OrderID, Total FROM "Orders" WHERE OrderID IN [1, 2] ORDER BY OrderID DESC
//   UPDATE "Music" SET AwardsWon = 1 SET Tags = set_add(Tags, <<'x'>>) WHERE Artist = ? RETURNING ALL NEW *
//   INSERT INTO "Music" VALUE {'Artist': 'Acme', 'Plays': [1, 2], 'Genres': <<'rock'>>}
#pragma once

#include <string_view>

#include "aws/error.h"
#include "dynamodb/partiql/ast.h"

namespace cloudlet::dynamodb::partiql {

aws::Result<Statement> Parse(std::string_view statement);

// Whether `word` is a PartiQL keyword that cannot be a bare attribute name.
bool IsReservedWord(std::string_view word);

}  // namespace cloudlet::dynamodb::partiql
