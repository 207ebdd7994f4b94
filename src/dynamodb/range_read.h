// The one range read of DynamoDB's reads (Query, Scan, PartiQL SELECT): a
// scan over item or index-entry keys in one direction, with Limit, the 1 MB
// page, the filter, and the projection or a caller's rendering of each item.
//
// A plan points at the parsed expressions of its request, which must outlive
// the read. Nothing here checks request members: the operations do that and
// report DynamoDB's errors before building a plan.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "aws/error.h"
#include "dynamodb/capacity.h"
#include "dynamodb/database.h"
#include "dynamodb/expressions/ast.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/operations.h"

namespace cloudlet::dynamodb {

inline constexpr std::size_t kPageBytes = 1024 * 1024;

enum class Select { kAllAttributes, kAllProjected, kSpecific, kCount };

struct ReadPlan {
  const SecondaryIndex* index = nullptr;  // null: the table itself
  bool fetch_from_table = false;          // LSI entries completed from the table item
  KeyRange range;
  bool forward = true;
  std::optional<std::string> exclusive_start;  // storage key
  std::optional<std::size_t> limit;
  bool consistent = false;
  Select select = Select::kAllAttributes;
  const expr::Condition* filter = nullptr;
  const expr::Projection* projection = nullptr;
  // Renders each item that passes the filter instead of `projection`
  // (PartiQL names projected paths its own way); appends to `out`.
  std::function<void(const boost::json::object& item, std::string& out)> render;
  CapacityMode capacity = CapacityMode::kNone;
};

struct RangePage {
  std::string items;  // the kept items' JSON, comma-separated, without brackets
  std::size_t count = 0;
  std::size_t scanned = 0;
  std::size_t exact_bytes = 0;  // DynamoDB item size of the decoded items (capacity)
  // More may follow: Limit was reached (DynamoDB does not look ahead) or the page filled.
  bool more = false;
  std::string last_item;  // stored text of the last entry read (its keys continue the read)
  std::string last_key;   // its storage key
};

// The ConsumedCapacity of a read of `bytes`: the table's, or (reading an index) the index's.
boost::json::object ReadCapacity(const Table& table, const ReadPlan& plan, std::size_t bytes);

// Reads one page of `plan.range`, after `plan.exclusive_start` when set.
aws::Result<RangePage> ReadRange(OperationContext& ctx, const Table& table, const ReadPlan& plan);

}  // namespace cloudlet::dynamodb
