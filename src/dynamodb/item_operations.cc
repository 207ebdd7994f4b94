// PutItem GetItem UpdateItem DeleteItem.
//
// A write that depends on the item's current state (a condition, old values
// returned, an update) holds the item's stripe lock from the read to the
// write, so a condition is always checked against the committed item and two
// concurrent `SET c = c + :one` never lose an increment.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <mutex>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/item_keys.h"
#include "dynamodb/item_operations.h"
#include "dynamodb/item_request.h"
#include "dynamodb/request_expressions.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

json::object ParseStored(const std::string& text) { return json::parse(text).as_object(); }

void AppendCapacity(json::object& out, const Table& table, double units, CapacityMode mode, bool read) {
  if (mode != CapacityMode::kNone) out["ConsumedCapacity"] = ConsumedCapacity(table.name, units, mode, read);
}

// A write's ConsumedCapacity and ItemCollectionMetrics: each index entry put
// or deleted costs a write unit of its own.
void AppendWriteResults(json::object& out, const Table& table, double units, const json::object& req,
                        CapacityMode mode, const IndexWriteCounts& counts, const json::value* hash_value) {
  if (mode != CapacityMode::kNone) {
    std::vector<IndexUnits> indexes;
    for (const auto& [name, global] : counts.touched) indexes.push_back(IndexUnits{name, global, 1});
    out["ConsumedCapacity"] = ConsumedCapacity(table.name, units, indexes, mode, false);
  }
  auto* metrics = req.if_contains("ReturnItemCollectionMetrics");
  if (metrics && metrics->is_string() && metrics->get_string() == "SIZE" && table.HasLocalIndexes() && hash_value) {
    double gb = double(counts.collection_bytes.value_or(0)) / double(1ull << 30);
    double low = double(uint64_t(gb));
    out["ItemCollectionMetrics"] = json::object{{"ItemCollectionKey", json::object{{table.hash.name, *hash_value}}},
                                                {"SizeEstimateRangeGB", json::array{low, low + 1}}};
  }
}

// A write's ConditionExpression (or Expected) against the committed item:
// `old` is its stored text, `parsed` the same item already parsed (or null,
// to parse here only when there is a condition).
aws::Status CheckCondition(const std::optional<expr::Condition>& condition, const std::optional<std::string>& old,
                           const json::object* parsed, const CommonMembers& members) {
  if (!condition) return aws::OkStatus();
  json::object parsed_here;
  if (old && parsed == nullptr) {
    parsed_here = ParseStored(*old);
    parsed = &parsed_here;
  }
  auto ok = expr::EvaluateCondition(*condition, old ? parsed : nullptr);
  if (!ok.ok()) return ok.take_error();
  if (!*ok) return ConditionFailed(members, old ? &*old : nullptr);
  return aws::OkStatus();
}

// Checks Key (and its values) and returns the storage key.
Result<std::string> KeyMember(const Table& table, json::object& req) {
  json::object& key = req.at("Key").as_object();
  CLOUDLET_TRY(ValidateAttributeMap(key));
  return StorageKeyFromKey(table, key);
}

// Common start of the item operations: member types and constraints of
// TableName, the item member ("Key"/"key" or "Item"/"item") and the shared members.
aws::Status CheckItemRequest(json::object& req, std::string_view member, std::string_view path,
                             bool allow_return_values) {
  CLOUDLET_TRY(StringMember(req, "TableName"));
  auto object = ObjectMember(req, member);
  if (!object.ok()) return object.take_error();
  ConstraintErrors errors;
  CheckTableName(req, errors);
  if (*object == nullptr) errors.Add(nullptr, path, "Member must not be null");
  CheckCommonMembers(req, errors, allow_return_values);
  if (auto e = errors.Error()) return *e;
  return aws::OkStatus();
}

}  // namespace

Result<std::string> PutItem(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(CheckItemRequest(req, "Item", "item", true));
  auto members = ReadCommonMembers(req);
  if (members.return_values != ReturnValues::kNone && members.return_values != ReturnValues::kAllOld)
    return errors::Validation("ReturnValues can only be ALL_OLD or NONE");
  json::object& item = req.at("Item").as_object();
  CLOUDLET_TRY(ValidateItem(item));
  auto exprs = ParseRequestExpressions(req, {.condition = true});
  if (!exprs.ok()) return exprs.take_error();
  auto table_result = FindDataTable(ctx, req);
  if (!table_result.ok()) return table_result.take_error();
  const Table& table = **table_result;
  auto key = StorageKeyFromItem(table, item);
  if (!key.ok()) return key.take_error();
  std::size_t size = ItemSize(item);
  if (size > kMaxItemSize) return errors::Validation("Item size has exceeded the maximum allowed size");
  std::string text = json::serialize(item);

  bool need_old = exprs->condition || members.return_values == ReturnValues::kAllOld ||
                  members.capacity != CapacityMode::kNone;
  std::optional<std::string> old;
  IndexWriteCounts counts;
  {
    // Always under the lock: a write must see an index UpdateTable publishes (database.h).
    std::lock_guard lock(ctx.db.LockFor(*key));
    if (need_old) {
      auto got = ctx.db.GetItem(*key);
      if (!got.ok()) return got.take_error();
      old = std::move(got.value());
    }
    CLOUDLET_TRY(CheckCondition(exprs->condition, old, nullptr, members));
    CLOUDLET_TRY(ctx.db.WriteItem(table, *key, need_old ? &old : nullptr, &item, text, &counts));
  }
  json::object out;
  if (members.return_values == ReturnValues::kAllOld && old) out["Attributes"] = json::parse(*old);
  AppendWriteResults(out, table, WriteUnits(std::max(size, old ? ItemSize(ParseStored(*old)) : 0)), req,
                     members.capacity, counts, item.if_contains(table.hash.name));
  return json::serialize(out);
}

Result<std::string> GetItem(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(CheckItemRequest(req, "Key", "key", false));
  auto consistent = BoolMember(req, "ConsistentRead");
  if (!consistent.ok()) return consistent.take_error();
  auto members = ReadCommonMembers(req);
  auto exprs = ParseRequestExpressions(req, {.projection = true});
  if (!exprs.ok()) return exprs.take_error();
  auto table_result = FindDataTable(ctx, req);
  if (!table_result.ok()) return table_result.take_error();
  const Table& table = **table_result;
  auto key = KeyMember(table, req);
  if (!key.ok()) return key.take_error();
  auto got = ctx.db.GetItem(*key);
  if (!got.ok()) return got.take_error();
  bool strong = consistent->value_or(false);

  // The common case splices the stored text: no parse, no re-encode.
  if (!exprs->projection && members.capacity == CapacityMode::kNone) {
    if (!*got) return std::string("{}");
    std::string out;
    out.reserve(got->value().size() + 10);
    out += "{\"Item\":";
    out += **got;
    out += '}';
    return out;
  }
  json::object out;
  std::size_t size = 0;
  if (*got) {
    json::object item = ParseStored(**got);
    size = ItemSize(item);
    if (exprs->projection) {
      json::object projected = expr::Project(*exprs->projection, item);
      out["Item"] = std::move(projected);
    } else {
      out["Item"] = std::move(item);
    }
  }
  AppendCapacity(out, table, ReadUnits(size, strong), members.capacity, true);
  return json::serialize(out);
}

Result<std::string> DeleteItem(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(CheckItemRequest(req, "Key", "key", true));
  auto members = ReadCommonMembers(req);
  if (members.return_values != ReturnValues::kNone && members.return_values != ReturnValues::kAllOld)
    return errors::Validation("ReturnValues can only be ALL_OLD or NONE");
  auto exprs = ParseRequestExpressions(req, {.condition = true});
  if (!exprs.ok()) return exprs.take_error();
  auto table_result = FindDataTable(ctx, req);
  if (!table_result.ok()) return table_result.take_error();
  const Table& table = **table_result;
  auto key = KeyMember(table, req);
  if (!key.ok()) return key.take_error();
  std::optional<std::string> old;
  IndexWriteCounts counts;
  {
    std::lock_guard lock(ctx.db.LockFor(*key));
    auto got = ctx.db.GetItem(*key);
    if (!got.ok()) return got.take_error();
    old = std::move(got.value());
    CLOUDLET_TRY(CheckCondition(exprs->condition, old, nullptr, members));
    if (old) CLOUDLET_TRY(ctx.db.WriteItem(table, *key, &old, nullptr, {}, &counts));
  }
  json::object out;
  if (members.return_values == ReturnValues::kAllOld && old) out["Attributes"] = json::parse(*old);
  AppendWriteResults(out, table, WriteUnits(old ? ItemSize(ParseStored(*old)) : 0), req, members.capacity, counts,
                     req.at("Key").as_object().if_contains(table.hash.name));
  return json::serialize(out);
}

Result<std::string> UpdateItem(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(CheckItemRequest(req, "Key", "key", true));
  auto members = ReadCommonMembers(req);
  auto exprs = ParseRequestExpressions(req, {.condition = true, .update = true});
  if (!exprs.ok()) return exprs.take_error();
  auto table_result = FindDataTable(ctx, req);
  if (!table_result.ok()) return table_result.take_error();
  const Table& table = **table_result;
  auto key = KeyMember(table, req);
  if (!key.ok()) return key.take_error();
  if (exprs->update) {
    for (const auto& attr : exprs->update->TopLevelAttributes()) {
      if (table.IsKeyAttribute(attr))
        return errors::Validation("One or more parameter values were invalid: Cannot update attribute " + attr +
                                  ". This attribute is part of the key");
    }
  }
  const json::object& key_attrs = req.at("Key").as_object();

  std::optional<std::string> old;
  json::object old_item, new_item;
  std::vector<expr::Path> updated;
  bool write = true;
  std::size_t new_size = 0;
  IndexWriteCounts counts;
  {
    std::lock_guard lock(ctx.db.LockFor(*key));
    auto got = ctx.db.GetItem(*key);
    if (!got.ok()) return got.take_error();
    old = std::move(got.value());
    if (old) old_item = ParseStored(*old);
    CLOUDLET_TRY(CheckCondition(exprs->condition, old, old ? &old_item : nullptr, members));
    if (exprs->update) {
      auto applied = expr::ApplyUpdate(*exprs->update, old ? &old_item : nullptr, key_attrs);
      if (!applied.ok()) return applied.take_error();
      new_item = std::move(applied->item);
      updated = std::move(applied->updated_paths);
      // An update that only removes from a missing item creates nothing.
      write = old.has_value() || applied->creates_item;
    } else {
      new_item = old ? old_item : key_attrs;
    }
    if (write) {
      // Values are checked as they arrive, but a path can place one deeper than any of them.
      if (exprs->update) CLOUDLET_TRY(CheckItemNesting(new_item));
      new_size = ItemSize(new_item);
      if (new_size > kMaxItemSize) return errors::Validation("Item size to update has exceeded the maximum allowed size");
      CLOUDLET_TRY(ctx.db.WriteItem(table, *key, &old, &new_item, json::serialize(new_item), &counts));
    }
  }
  json::object out;
  auto pick = [&](const json::object& from) { return expr::ProjectPaths(updated, from); };
  json::object attrs;
  switch (members.return_values) {
    case ReturnValues::kNone: break;
    case ReturnValues::kAllOld: if (old) attrs = old_item; break;
    case ReturnValues::kAllNew: if (write) attrs = new_item; break;
    case ReturnValues::kUpdatedOld: if (old) attrs = pick(old_item); break;
    case ReturnValues::kUpdatedNew: if (write) attrs = pick(new_item); break;
  }
  if (!attrs.empty()) out["Attributes"] = std::move(attrs);
  AppendWriteResults(out, table, WriteUnits(std::max(new_size, old ? ItemSize(old_item) : 0)), req, members.capacity,
                     counts, key_attrs.if_contains(table.hash.name));
  return json::serialize(out);
}

}  // namespace cloudlet::dynamodb
