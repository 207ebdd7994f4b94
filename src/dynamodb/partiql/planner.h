// A parsed statement against its table: what DynamoDB operation it becomes.
//
//   SELECT ... WHERE pk = v [AND sk ...]   -> a Query of that partition
//   SELECT ... WHERE pk IN [a, b] / pk = a OR pk = b -> a Query of each partition, in turn
//   SELECT ... otherwise                   -> a Scan (of the table or the index)
//   SELECT in a batch or a transaction     -> a GetItem of the full key (required)
//   INSERT                                 -> a PutItem that fails if the key exists
//   UPDATE / DELETE ... WHERE <full key> [AND cond] -> UpdateItem / DeleteItem, with the
//                                            other conjuncts as the ConditionExpression
//   EXISTS(SELECT ... WHERE <full key> AND cond)    -> a transaction's ConditionCheck
//
// A SELECT's whole WHERE clause is its filter: the key range only narrows
// what is read, so the items are exactly those the clause accepts.
#pragma once

#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/error.h"
#include "dynamodb/database.h"
#include "dynamodb/expressions/ast.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/partiql/ast.h"
#include "dynamodb/partiql/conditions.h"

namespace cloudlet::dynamodb::partiql {

enum class PlanKind { kQuery, kScan, kGet, kInsert, kUpdate, kDelete, kConditionCheck };

// Where the statement runs: the single-statement operation, a batch or a transaction.
enum class Context { kStatement, kBatch, kTransaction };

struct ProjectedPath {
  expr::Path path;
  std::string name;  // the answer's attribute name: the path's last name (and indexes), "a[1]"
};

struct Plan {
  PlanKind kind = PlanKind::kScan;
  TablePtr table;
  const SecondaryIndex* index = nullptr;
  std::unique_ptr<ValueArena> arena = std::make_unique<ValueArena>();
  // SELECT: the filter (the WHERE clause); writes and checks: the condition.
  std::optional<expr::Condition> condition;

  // kQuery: the partition key values in reading order, and the sort-key narrowing.
  std::vector<const boost::json::value*> partitions;
  SortKeyOp sort_op = SortKeyOp::kAll;
  const boost::json::value* sort_low = nullptr;
  const boost::json::value* sort_high = nullptr;
  bool forward = true;
  // Reads: SELECT * (everything) or these paths.
  bool select_all = true;
  std::vector<ProjectedPath> projection;

  // Single-item plans: the key attributes and the storage key.
  boost::json::object key;
  std::string storage_key;
  boost::json::object item;            // kInsert
  std::optional<expr::Update> update;  // kUpdate
  Returning returning = Returning::kNone;

  bool IsRead() const { return kind == PlanKind::kQuery || kind == PlanKind::kScan || kind == PlanKind::kGet; }
  // The item the projection keeps of `item` (SELECT *: all of it).
  boost::json::object Project(const boost::json::object& item) const;
};

// `table` is the statement's table (found by the caller); `parameters`
// are already checked (values.h).
aws::Result<Plan> PlanStatement(const Statement& statement, TablePtr table, const Parameters& parameters,
                                Context context);

}  // namespace cloudlet::dynamodb::partiql
