// UPDATE's SET and REMOVE actions as an UpdateExpression tree (expressions/ast.h):
//
//   SET a = 1                     -> SET a = :v
//   SET n = n + 1                 -> SET n = n + :v
//   SET l = list_append(l, [2])   -> SET l = list_append(l, :v)
//   SET s = set_add(s, <<'x'>>)   -> ADD s :v
//   SET s = set_delete(s, <<'x'>>)-> DELETE s :v
//   REMOVE a.b[2]                 -> REMOVE a.b[2]
#pragma once

#include "aws/error.h"
#include "dynamodb/expressions/ast.h"
#include "dynamodb/partiql/ast.h"
#include "dynamodb/partiql/conditions.h"

namespace cloudlet::dynamodb::partiql {

aws::Result<expr::Update> ToUpdate(const std::vector<UpdateAction>& actions, Bindings& b);

}  // namespace cloudlet::dynamodb::partiql
