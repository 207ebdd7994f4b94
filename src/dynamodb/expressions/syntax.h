// Internal: the recursive-descent parser proper (grammar in parser.h). It
// checks syntax only and builds an unresolved tree:
//   * path names keep their `#n` placeholder in PathElement::placeholder with
//     an empty name; value operands keep ":v" with value == nullptr;
//   * every call `f(...)` is an Operand of kind kFunction with function_name
//     set and `function` not yet meaningful; a call standing as a whole
//     condition is Condition{kFunction, operands = {that call}}.
// validation.h resolves and checks that tree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"
#include "dynamodb/expressions/ast.h"
#include "dynamodb/expressions/lexer.h"

namespace cloudlet::dynamodb::expr::internal {

// A syntax error: the offending token and its `near` window, already
// formatted as `Syntax error; token: "<t>", near: "<n>"` (no kind prefix).
struct SyntaxError {
  std::string message;
};

// The update tree before validation, with the clause keywords in source order
// (for the "section can only be used once" check) and the target paths in
// source order (for the overlap check).
struct RawUpdate {
  Update update;
  std::vector<std::string> clause_order;  // "SET", "REMOVE", ... upper-case, as met
  std::vector<std::pair<int, std::size_t>> target_order;  // (clause 0..3, index) in source order
};

// Each returns true and fills `out`, or false and fills `error`.
bool ParseConditionSyntax(std::string_view text, const std::vector<Token>& tokens,
                          Condition& out, SyntaxError& error);
bool ParseProjectionSyntax(std::string_view text, const std::vector<Token>& tokens,
                           Projection& out, SyntaxError& error);
bool ParseUpdateSyntax(std::string_view text, const std::vector<Token>& tokens,
                       RawUpdate& out, SyntaxError& error);

}  // namespace cloudlet::dynamodb::expr::internal
