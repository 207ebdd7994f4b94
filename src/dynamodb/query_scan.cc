// Query and Scan: one range scan over the item keys, then Limit, the 1 MB
// page, the filter, the projection and Select, shared by both.
//
// Query: the range is one partition narrowed by the sort-key condition.
// Scan:  the range is the whole table, or one segment's slice of the
//        partition-hash space when Segment/TotalSegments are given.
// With IndexName the same range scan runs over the index's entries
// (secondary_index.h), whose keys are laid out as the table's; an LSI entry
// that does not project what was asked is completed from the table item.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/item_keys.h"
#include "dynamodb/item_request.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/query_keys.h"
#include "dynamodb/query_scan.h"
#include "dynamodb/range_read.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/secondary_index.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

// Reads one page and renders the response body.
Result<std::string> ReadPage(OperationContext& ctx, const Table& table, const ReadPlan& plan) {
  auto page = ReadRange(ctx, table, plan);
  if (!page.ok()) return page.take_error();
  std::string out = "{";
  if (plan.select != Select::kCount) {
    out += "\"Items\":[";
    out += page->items;
    out += "],";
  }
  out += fmt::format("\"Count\":{},\"ScannedCount\":{}", page->count, page->scanned);
  if (page->more && !page->last_item.empty()) {
    out += ",\"LastEvaluatedKey\":";
    json::object last = json::parse(page->last_item).as_object();
    out += json::serialize(plan.index ? IndexEntryKeyAttributes(*plan.index, table.Keys(), last) : KeyOf(table, last));
  }
  if (plan.capacity != CapacityMode::kNone) {
    out += ",\"ConsumedCapacity\":";
    out += json::serialize(ReadCapacity(table, plan, page->exact_bytes));
  }
  out += '}';
  return out;
}

// Members Query and Scan share; fills the plan. `query` picks Query's wording quirks.
aws::Status ReadCommonReadMembers(json::object& req, bool query, ReadPlan& plan, ConstraintErrors& errors) {
  CLOUDLET_TRY(StringMember(req, "TableName"));
  CLOUDLET_TRY(StringMember(req, "Select"));
  CLOUDLET_TRY(StringMember(req, "IndexName"));
  CLOUDLET_TRY(ObjectMember(req, "ExclusiveStartKey"));
  auto limit = IntMember(req, "Limit");
  if (!limit.ok()) return limit.take_error();
  auto consistent = BoolMember(req, "ConsistentRead");
  if (!consistent.ok()) return consistent.take_error();
  CheckTableName(req, errors);
  if (*limit && **limit < 1) {
    if (query) {
      errors.AddRaw("Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    } else {
      errors.Add(req.if_contains("Limit"), "limit", "Member must have value greater than or equal to 1");
    }
  }
  CheckEnum(req, "Select", "select", {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"},
            errors);
  CheckEnum(req, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"}, errors);
  if (*limit && **limit >= 1) plan.limit = std::size_t(**limit);
  plan.consistent = consistent->value_or(false);
  plan.capacity = ReadCommonMembers(req).capacity;
  return aws::OkStatus();
}

// Select against ProjectionExpression, with DynamoDB's messages.
aws::Status ResolveSelect(const json::object& req, bool has_projection, bool query, ReadPlan& plan) {
  auto* v = req.if_contains("Select");
  std::string_view select = v && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
  auto* index_name = req.if_contains("IndexName");
  bool on_index = index_name != nullptr && index_name->is_string();
  if (select == "ALL_PROJECTED_ATTRIBUTES" && !on_index)
    return errors::Validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  if (select == "ALL_PROJECTED_ATTRIBUTES" && has_projection)
    return errors::Validation("Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES");
  if (select == "ALL_ATTRIBUTES" && has_projection)
    return errors::Validation("Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES");
  if (select == "COUNT" && has_projection)
    return errors::Validation("Cannot specify the ProjectionExpression when choosing to get only the Count");
  if (select == "SPECIFIC_ATTRIBUTES" && !has_projection)
    return errors::Validation(std::string(query ? "1 validation error detected: " : "") +
                              "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
                              "SPECIFIC_ATTRIBUTES");
  plan.select = select == "COUNT"            ? Select::kCount
                : has_projection               ? Select::kSpecific
                : select == "ALL_ATTRIBUTES"   ? Select::kAllAttributes
                : on_index                     ? Select::kAllProjected
                                               : Select::kAllAttributes;
  return aws::OkStatus();
}

// ExclusiveStartKey -> the storage key to start after.
aws::Status ResolveStartKey(json::object& req, const Table& table, ReadPlan& plan) {
  auto* start = req.if_contains("ExclusiveStartKey");
  if (!start || start->is_null()) return aws::OkStatus();
  auto& key = start->as_object();
  CLOUDLET_TRY(ValidateAttributeMap(key, ValueOrigin::kExclusiveStartKey));
  if (plan.index) {
    auto entry_key = IndexEntryKeyFromKey(*plan.index, table.Keys(), key);
    if (!entry_key)
      return errors::Validation("The provided starting key is invalid: The provided key element does not match the "
                                "schema");
    plan.exclusive_start = std::move(*entry_key);
    return aws::OkStatus();
  }
  auto storage_key = StorageKeyFromKey(table, key);
  if (!storage_key.ok()) {
    return errors::Validation("The provided starting key is invalid: " + storage_key.error().message);
  }
  plan.exclusive_start = std::move(storage_key.value());
  return aws::OkStatus();
}

// IndexName -> plan.index, with DynamoDB's refusals: an unknown or not yet
// readable index, a strongly consistent read of a GSI, ALL_ATTRIBUTES from a
// GSI that does not project them all. An LSI completes what it does not
// project from the table.
aws::Status ResolveIndex(const json::object& req, const Table& table, const expr::Projection* projection,
                         ReadPlan& plan) {
  auto* name = req.if_contains("IndexName");
  if (!name || !name->is_string()) return aws::OkStatus();
  const SecondaryIndex* index = table.FindIndex(name->get_string());
  if (!index || index->status == IndexStatus::kDeleting)
    return errors::Validation("The table does not have the specified index: " + std::string(name->get_string()));
  if (index->status == IndexStatus::kCreating)
    return errors::Validation("Cannot read from backfilling global secondary index: " + index->name);
  if (index->global && plan.consistent)
    return errors::Validation("Consistent reads are not supported on global secondary indexes");
  plan.index = index;
  if (index->projection == ProjectionType::kAll) return aws::OkStatus();
  if (plan.select == Select::kAllAttributes) {
    if (index->global)
      return errors::Validation(fmt::format("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is "
                                            "not supported for global secondary index {} because its projection type "
                                            "is not ALL", index->name));
    plan.fetch_from_table = true;
  }
  if (!index->global && plan.select == Select::kSpecific && projection) {
    for (const auto& attr : projection->TopLevelAttributes())
      if (!index->Projects(attr, table.hash, table.range)) plan.fetch_from_table = true;
  }
  if (!index->global && plan.filter) {
    for (const auto& attr : expr::TopLevelAttributes(*plan.filter))
      if (!index->Projects(attr, table.hash, table.range)) plan.fetch_from_table = true;
  }
  return aws::OkStatus();
}

// The key schema a read runs over: the table's or the index's.
KeySchemaView KeysOf(const Table& table, const ReadPlan& plan) {
  return plan.index ? IndexKeySchema(*plan.index) : TableKeySchema(table);
}

}  // namespace

Result<std::string> Query(OperationContext& ctx, json::object& req) {
  ReadPlan plan;
  ConstraintErrors errors;
  CLOUDLET_TRY(ReadCommonReadMembers(req, true, plan, errors));
  auto forward = BoolMember(req, "ScanIndexForward");
  if (!forward.ok()) return forward.take_error();
  if (auto e = errors.Error()) return *e;
  plan.forward = forward->value_or(true);
  auto exprs = ParseRequestExpressions(req, {.filter = true, .key_condition = true, .projection = true});
  if (!exprs.ok()) return exprs.take_error();
  if (!exprs->key_condition) {
    return errors::Validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
                              "request.");
  }
  CLOUDLET_TRY(ResolveSelect(req, exprs->projection.has_value(), true, plan));
  auto table_result = FindDataTable(ctx, req);
  if (!table_result.ok()) return table_result.take_error();
  const Table& table = **table_result;
  if (exprs->condition) plan.filter = &*exprs->condition;
  CLOUDLET_TRY(ResolveIndex(req, table, exprs->projection ? &*exprs->projection : nullptr, plan));
  // Legacy KeyConditions hold one or two conditions, but for a GSI with
  // multi-attribute keys (one per key attribute).
  const KeySchemaView keys = KeysOf(table, plan);
  if (req.contains("KeyConditions") && exprs->key_condition->terms.size() > 2 &&
      keys.hash.size() + keys.range.size() <= 2)
    return errors::Validation("Conditions can be of length 1 or 2 only");
  auto key_range = PlanKeyCondition(keys, *exprs->key_condition);
  if (!key_range.ok()) return key_range.take_error();
  if (exprs->condition) {
    for (const auto& attr : expr::TopLevelAttributes(*exprs->condition))
      if (plan.index ? plan.index->IsKeyAttribute(attr) : table.IsKeyAttribute(attr))
        return errors::Validation(std::string(req.contains("QueryFilter") ? "QueryFilter" : "Filter Expression") +
                                  " can only contain non-primary key attributes: Primary key attribute: " + attr);
    plan.filter = &*exprs->condition;
  }
  if (exprs->projection) plan.projection = &*exprs->projection;
  CLOUDLET_TRY(ResolveStartKey(req, table, plan));

  plan.range = std::move(key_range->range);
  const std::string& partition = key_range->partition;
  if (plan.exclusive_start && !plan.exclusive_start->starts_with(partition))
    return errors::Validation("The provided starting key is invalid: The provided key element does not match the "
                              "schema");
  return ReadPage(ctx, table, plan);
}

Result<std::string> Scan(OperationContext& ctx, json::object& req) {
  ReadPlan plan;
  ConstraintErrors errors;
  CLOUDLET_TRY(ReadCommonReadMembers(req, false, plan, errors));
  auto segment = IntMember(req, "Segment");
  if (!segment.ok()) return segment.take_error();
  auto total = IntMember(req, "TotalSegments");
  if (!total.ok()) return total.take_error();
  if (*segment && **segment < 0)
    errors.Add(req.if_contains("Segment"), "segment", "Member must have value greater than or equal to 0");
  if (*segment && **segment > 999999)
    errors.Add(req.if_contains("Segment"), "segment", "Member must have value less than or equal to 999999");
  if (*total && **total < 1)
    errors.Add(req.if_contains("TotalSegments"), "totalSegments", "Member must have value greater than or equal to 1");
  if (*total && **total > 1000000)
    errors.Add(req.if_contains("TotalSegments"), "totalSegments",
               "Member must have value less than or equal to 1000000");
  if (auto e = errors.Error()) return *e;
  if (*segment && !*total)
    return errors::Validation("The TotalSegments parameter is required but was not present in the request when "
                              "Segment parameter is present");
  if (*total && !*segment)
    return errors::Validation("The Segment parameter is required but was not present in the request when parameter "
                              "TotalSegments is present");
  if (*segment && **segment >= **total)
    return errors::Validation(fmt::format("The Segment parameter is zero-based and must be less than parameter "
                                          "TotalSegments: Segment: {} is not less than TotalSegments: {}",
                                          **segment, **total));
  auto exprs = ParseRequestExpressions(req, {.filter = true, .projection = true});
  if (!exprs.ok()) return exprs.take_error();
  CLOUDLET_TRY(ResolveSelect(req, exprs->projection.has_value(), false, plan));
  auto table_result = FindDataTable(ctx, req);
  if (!table_result.ok()) return table_result.take_error();
  const Table& table = **table_result;
  if (exprs->condition) plan.filter = &*exprs->condition;
  CLOUDLET_TRY(ResolveIndex(req, table, exprs->projection ? &*exprs->projection : nullptr, plan));
  if (exprs->projection) plan.projection = &*exprs->projection;
  CLOUDLET_TRY(ResolveStartKey(req, table, plan));
  std::string prefix = KeysOf(table, plan).prefix;
  plan.range = *total ? SegmentRange(prefix, uint32_t(**segment), uint32_t(**total)) : PrefixRange(prefix);
  if (plan.exclusive_start && (*plan.exclusive_start < plan.range.lower ||
                               (!plan.range.upper.empty() && *plan.exclusive_start >= plan.range.upper)))
    return errors::Validation("The provided starting key is invalid: The provided key element does not match the "
                              "schema");
  return ReadPage(ctx, table, plan);
}

}  // namespace cloudlet::dynamodb
