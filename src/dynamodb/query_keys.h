// The key condition of a Query (KeyConditionExpression or the legacy
// KeyConditions) against the key schema it reads by, the table's or an
// index's, with DynamoDB's checks and messages; and the one range of storage
// keys it selects.
//
// A key schema has 1 to 4 partition attributes and 0 to 4 sort attributes
// (more than one only for a GSI's multi-attribute keys). The condition must
// hold an equality on every partition attribute; on the sort attributes it
// addresses a leading run, left to right, with equalities on all but the
// last of them, which may have any sort-key operator (=, <, <=, >, >=,
// BETWEEN, begins_with). The storage keys of one partition sort by the
// concatenated encodings of the sort attributes (key_codec.h), so the range
// is the sort-key range of the last addressed attribute under the prefix of
// the partition and the equal leading ones.
#pragma once

#include <span>
#include <string>

#include "aws/error.h"
#include "dynamodb/database.h"
#include "dynamodb/expressions/ast.h"
#include "dynamodb/key_codec.h"

namespace cloudlet::dynamodb {

struct KeySchemaView {
  std::span<const KeyAttribute> hash;   // 1 to 4
  std::span<const KeyAttribute> range;  // 0 to 4
  std::string prefix;                   // the table's or the index's storage prefix
};

KeySchemaView TableKeySchema(const Table& table);
KeySchemaView IndexKeySchema(const SecondaryIndex& index);

struct KeyConditionRange {
  std::string partition;  // storage prefix of the partition addressed
  KeyRange range;         // within it, the keys the sort-key conditions select
};

// Validates `condition` against `schema` (missing or stray attributes,
// operators, operand types, BETWEEN bounds, partition key values) and gives
// the range it selects.
aws::Result<KeyConditionRange> PlanKeyCondition(const KeySchemaView& schema, const expr::KeyCondition& condition);

}  // namespace cloudlet::dynamodb
