// Evaluation of parsed DynamoDB expressions (ast.h) against items: the
// second half of the pipeline text -> parser.h -> AST -> evaluator.h.
//
//   ConditionExpression / FilterExpression  EvaluateCondition  -> true/false
//   UpdateExpression                        ApplyUpdate        -> the new item
//   ProjectionExpression                    Project            -> the projected item
//
// Items and attribute values are DynamoDB wire JSON (see attribute_value.h),
// already validated and normalised (canonical numbers), as are the
// ExpressionAttributeValues the AST points into. The parser has made every
// check that does not depend on the item; what is left here are DynamoDB's
// evaluation-time rules:
//   * comparisons of different types, or of a missing attribute, are false
//     (`<>` is true); `<`, `<=`, `>`, `>=`, BETWEEN order only N, S and B;
//   * size() of N/BOOL/NULL has no value, like a missing attribute (so the
//     comparison is false, and `<>` true);
//   * SET arithmetic and list_append on the wrong types, ADD/DELETE on an
//     attribute of another type, and writes below a missing or non-container
//     parent are ValidationExceptions with DynamoDB's texts (below).
// Costs: EvaluateCondition and Project never copy the item (Project copies the
// selected values into its result); ApplyUpdate copies the old item once.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"
#include "dynamodb/expressions/ast.h"

namespace cloudlet::dynamodb::expr {

// Evaluation-time messages (unprefixed, as DynamoDB sends them).
inline constexpr std::string_view kIncorrectOperandTypeMessage =
    "An operand in the update expression has an incorrect data type";
inline constexpr std::string_view kInvalidUpdatePathMessage =
    "The document path provided in the update expression is invalid for update";
inline constexpr std::string_view kMissingAttributeMessage =
    "The provided expression refers to an attribute that does not exist in the item";

// The value at `path` inside `item`, or nullptr when the path does not exist
// (a missing key, an index past the end, or a step into a value that is not a
// map/list). `item` may be null (no item). No copies.
const boost::json::value* Resolve(const Path& path, const boost::json::object* item);

// ConditionExpression / FilterExpression (or KeyCondition::condition) against
// `item`; nullptr means the item does not exist (every path is missing).
// Errors only for what DynamoDB rejects at evaluation time; false otherwise.
aws::Result<bool> EvaluateCondition(const Condition& condition, const boost::json::object* item);

struct UpdateResult {
  // The item after the update: a copy of the old item, or (no old item) the
  // key attributes given to ApplyUpdate, with every action applied.
  boost::json::object item;
  // Distinct top-level names of all target paths (SET, REMOVE, ADD, DELETE
  // order), as Update::TopLevelAttributes().
  std::vector<std::string> updated_attributes;
  // Every target path, in the same order. ReturnValues UPDATED_OLD and
  // UPDATED_NEW are ProjectPaths(updated_paths, old item / new item): DynamoDB
  // returns only the updated sub-documents (`SET a.b = :v` -> {"a":{"M":{"b":..}}}),
  // not whole top-level attributes.
  std::vector<Path> updated_paths;
  // Whether the update writes an item even if none existed: true when it has
  // a SET or ADD action. (REMOVE/DELETE alone on a missing item create nothing.)
  bool creates_item = false;
};

// Applies an UpdateExpression. `old_item` is null when the item does not
// exist; `key_attributes` (the request's Key) seed the new item in that case.
// Every right-hand side reads `old_item` as it was before the update. SET
// actions apply first (appends past the end of one list in index order), then
// REMOVE (list indexes refer to positions before any removal; past-the-end
// indexes and missing attributes are ignored), then ADD, then DELETE (a set
// emptied by DELETE is removed).
aws::Result<UpdateResult> ApplyUpdate(const Update& update, const boost::json::object* old_item,
                                      const boost::json::object& key_attributes);

// ProjectionExpression: only the selected paths, with their nesting kept (a
// map keeps only the selected keys; a list keeps the selected elements in
// index order, compacted). Missing paths are omitted, and so are containers
// left with nothing selected.
boost::json::object Project(const Projection& projection, const boost::json::object& item);

// The same for any list of pairwise non-overlapping paths (UPDATED_OLD/NEW).
boost::json::object ProjectPaths(const std::vector<Path>& paths, const boost::json::object& item);

}  // namespace cloudlet::dynamodb::expr
