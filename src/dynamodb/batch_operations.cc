// BatchGetItem and BatchWriteItem. Not atomic, no conditions. cloudlet never
// throttles, so UnprocessedKeys/UnprocessedItems are empty except for keys
// beyond the 16 MB response cap of BatchGetItem.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <mutex>
#include <set>

#include "dynamodb/attribute_value.h"
#include "dynamodb/batch_operations.h"
#include "dynamodb/errors.h"
#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/item_keys.h"
#include "dynamodb/item_request.h"
#include "dynamodb/request_expressions.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

constexpr std::size_t kMaxBatchGetKeys = 100;
constexpr std::size_t kMaxBatchWrites = 25;
constexpr std::size_t kMaxResponseBytes = 16 * 1024 * 1024;

std::string JavaListText(const json::value& v) {
  // DynamoDB echoes oversized lists in Java toString form; tests match it loosely.
  return json::serialize(v);
}

}  // namespace

Result<std::string> BatchGetItem(OperationContext& ctx, json::object& req) {
  auto items_member = ObjectMember(req, "RequestItems");
  if (!items_member.ok()) return items_member.take_error();
  // An empty map is answered like a missing one.
  if (*items_member == nullptr || (*items_member)->empty())
    return errors::Validation("The requestItems parameter is required for BatchGetItem");
  ConstraintErrors errors;
  CheckEnum(req, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"}, errors);
  json::object& request_items = req.at("RequestItems").as_object();
  std::size_t total_keys = 0;
  for (auto& [table_name, spec] : request_items) {
    if (!spec.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
    auto* keys = spec.as_object().if_contains("Keys");
    if (keys && !keys->is_array()) return errors::Serialization("Unexpected value type in payload: expected list");
    if (!keys || keys->is_null()) {
      errors.Add(nullptr, fmt::format("requestItems.{}.member.keys", std::string_view(table_name)),
                 "Member must not be null");
      continue;
    }
    if (keys->get_array().empty())
      errors.Add(keys, fmt::format("requestItems.{}.member.keys", std::string_view(table_name)),
                 "Member must have length greater than or equal to 1");
    if (keys->get_array().size() > kMaxBatchGetKeys)
      // DynamoDB spells this one path with the wire names, unlike its other constraint paths.
      errors.AddRaw(fmt::format("Value at 'RequestItems.{}.member.Keys' failed to satisfy constraint: Member must "
                                "have length less than or equal to 100", std::string_view(table_name)));
    total_keys += keys->get_array().size();
  }
  if (auto e = errors.Error()) return *e;
  if (total_keys > kMaxBatchGetKeys)
    return errors::Validation("Too many items requested for the BatchGetItem call");
  auto capacity_mode = ReadCommonMembers(req).capacity;

  struct TableRead {
    TablePtr table;
    std::string_view requested_name;  // as sent: a name or an ARN, echoed in the response maps
    json::object* spec;
    std::optional<RequestExpressions> exprs;
    std::vector<std::string> keys;
    bool consistent = false;
  };
  std::vector<TableRead> reads;
  for (auto& [table_name, spec] : request_items) {
    TableRead r;
    r.spec = &spec.as_object();
    r.requested_name = table_name;
    auto consistent = BoolMember(*r.spec, "ConsistentRead");
    if (!consistent.ok()) return consistent.take_error();
    r.consistent = consistent->value_or(false);
    auto exprs = ParseRequestExpressions(*r.spec, {.projection = true});
    if (!exprs.ok()) return exprs.take_error();
    r.exprs = std::move(exprs.value());
    r.table = ctx.db.Find(ctx.region, TableNameOf(ctx, table_name));
    if (!r.table) return errors::ResourceNotFound();
    std::set<std::string> seen;
    for (auto& k : r.spec->at("Keys").as_array()) {
      if (!k.is_object()) return errors::Serialization("Unexpected value type in payload: expected map");
      CLOUDLET_TRY(ValidateAttributeMap(k.as_object()));
      auto key = StorageKeyFromKey(*r.table, k.as_object());
      if (!key.ok()) return key.take_error();
      if (!seen.insert(*key).second) return errors::Validation("Provided list of item keys contains duplicates");
      r.keys.push_back(std::move(key.value()));
    }
    reads.push_back(std::move(r));
  }

  json::object responses, unprocessed;
  json::array capacity;
  std::size_t response_bytes = 0;
  for (auto& r : reads) {
    json::array items;
    json::array left;
    double units = 0;
    auto& keys_json = r.spec->at("Keys").as_array();
    for (std::size_t i = 0; i < r.keys.size(); ++i) {
      if (response_bytes >= kMaxResponseBytes) {
        left.push_back(keys_json[i]);
        continue;
      }
      auto got = ctx.db.GetItem(r.keys[i]);
      if (!got.ok()) return got.take_error();
      std::size_t size = 0;
      if (*got) {
        json::object item = json::parse(**got).as_object();
        size = ItemSize(item);
        response_bytes += got->value().size();
        if (r.exprs->projection) {
          items.push_back(expr::Project(*r.exprs->projection, item));
        } else {
          items.push_back(std::move(item));
        }
      }
      units += ReadUnits(size, r.consistent);
    }
    responses[r.requested_name] = std::move(items);
    if (!left.empty()) {
      json::object spec = *r.spec;
      spec["Keys"] = std::move(left);
      unprocessed[r.requested_name] = std::move(spec);
    }
    if (capacity_mode != CapacityMode::kNone)
      capacity.push_back(ConsumedCapacity(r.table->name, units, capacity_mode, true));
  }
  json::object out;
  out["Responses"] = std::move(responses);
  out["UnprocessedKeys"] = std::move(unprocessed);
  if (capacity_mode != CapacityMode::kNone) out["ConsumedCapacity"] = std::move(capacity);
  return json::serialize(out);
}

Result<std::string> BatchWriteItem(OperationContext& ctx, json::object& req) {
  auto items_member = ObjectMember(req, "RequestItems");
  if (!items_member.ok()) return items_member.take_error();
  // An empty map is answered like a missing one.
  if (*items_member == nullptr || (*items_member)->empty())
    return errors::Validation("The requestItems parameter is required for BatchWriteItem");
  ConstraintErrors errors;
  CheckEnum(req, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"}, errors);
  CheckEnum(req, "ReturnItemCollectionMetrics", "returnItemCollectionMetrics", {"SIZE", "NONE"}, errors);
  json::object& request_items = req.at("RequestItems").as_object();
  std::size_t total = 0;
  for (auto& [table_name, writes] : request_items) {
    if (!writes.is_array()) return errors::Serialization("Unexpected value type in payload: expected list");
    auto n = writes.get_array().size();
    total += n;
    if (n < 1 || n > kMaxBatchWrites) {
      errors.AddRaw(fmt::format("Value '{{{}={}}}' at 'requestItems' failed to satisfy constraint: Map value must "
                                "satisfy constraint: [Member must have length less than or equal to 25, Member must "
                                "have length greater than or equal to 1]",
                                std::string_view(table_name), JavaListText(writes)));
    }
  }
  if (auto e = errors.Error()) return *e;
  if (total > kMaxBatchWrites)
    return errors::Validation("Too many items requested for the BatchWriteItem call");
  auto capacity_mode = ReadCommonMembers(req).capacity;

  struct Write {
    const Table* table;
    std::string key;
    std::optional<std::string> item;  // nullopt = delete
    json::object parsed;              // the item of a put
    json::value hash_value;           // the partition key (ItemCollectionMetrics)
    std::size_t size = 0;
  };
  std::vector<TablePtr> tables;
  std::vector<Write> writes;
  for (auto& [table_name, list] : request_items) {
    auto table = ctx.db.Find(ctx.region, TableNameOf(ctx, table_name));
    std::set<std::string> seen;
    for (auto& w : list.as_array()) {
      if (!w.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
      auto& o = w.as_object();
      auto* put = o.if_contains("PutRequest");
      auto* del = o.if_contains("DeleteRequest");
      if ((put && del) || (!put && !del))
        return errors::Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one "
                                  "of the supported datatypes");
      Write write{};
      if (put) {
        if (!put->is_object() || !put->as_object().contains("Item") || !put->at("Item").is_object())
          return errors::Validation("1 validation error detected: Value null at 'requestItems." +
                                    std::string(table_name) + ".member.putRequest.item' failed to satisfy "
                                    "constraint: Member must not be null");
        auto& item = put->at("Item").as_object();
        CLOUDLET_TRY(ValidateItem(item));
        if (!table) return errors::ResourceNotFound();
        auto key = StorageKeyFromItem(*table, item);
        if (!key.ok()) return key.take_error();
        write.size = ItemSize(item);
        if (write.size > kMaxItemSize) return errors::Validation("Item size has exceeded the maximum allowed size");
        CLOUDLET_TRY(CheckIndexKeys(*table->indexes, item));
        write.key = std::move(key.value());
        write.hash_value = item.at(table->hash.name);
        write.item = json::serialize(item);
        write.parsed = std::move(item);
      } else {
        if (!del->is_object() || !del->as_object().contains("Key") || !del->at("Key").is_object())
          return errors::Validation("1 validation error detected: Value null at 'requestItems." +
                                    std::string(table_name) + ".member.deleteRequest.key' failed to satisfy "
                                    "constraint: Member must not be null");
        auto& key_json = del->at("Key").as_object();
        CLOUDLET_TRY(ValidateAttributeMap(key_json));
        if (!table) return errors::ResourceNotFound();
        auto key = StorageKeyFromKey(*table, key_json);
        if (!key.ok()) return key.take_error();
        write.key = std::move(key.value());
        write.hash_value = key_json.at(table->hash.name);
      }
      if (!seen.insert(write.key).second) return errors::Validation("Provided list of item keys contains duplicates");
      write.table = table.get();
      writes.push_back(std::move(write));
    }
    if (table) tables.push_back(table);
  }

  std::map<std::string, double> units;
  std::map<std::string, std::vector<IndexUnits>> index_units;
  auto* metrics_member = req.if_contains("ReturnItemCollectionMetrics");
  bool want_metrics = metrics_member && metrics_member->is_string() && metrics_member->get_string() == "SIZE";
  json::object metrics;
  for (auto& w : writes) {
    if (want_metrics && w.table->HasLocalIndexes() && !metrics.contains(w.table->name))
      metrics[w.table->name] = json::array{};
    // Each write is atomic on its own; take the item's lock so a concurrent
    // conditional write never interleaves between its read and write.
    std::lock_guard lock(ctx.db.LockFor(w.key));
    // Capacity is that of PutItem/DeleteItem: the larger of the old and new item.
    std::size_t old_size = 0;
    std::optional<std::string> old;
    bool read_old = capacity_mode != CapacityMode::kNone;
    if (read_old) {
      auto got = ctx.db.GetItem(w.key);
      if (!got.ok()) return got.take_error();
      old = std::move(got.value());
      if (old) old_size = ItemSize(json::parse(*old).as_object());
    }
    IndexWriteCounts counts;
    CLOUDLET_TRY(ctx.db.WriteItem(*w.table, w.key, read_old ? &old : nullptr, w.item ? &w.parsed : nullptr,
                                  w.item ? std::string_view(*w.item) : std::string_view{}, &counts));
    units[w.table->name] += WriteUnits(std::max(w.size, old_size));
    for (const auto& [name, global] : counts.touched) index_units[w.table->name].push_back(IndexUnits{name, global, 1});
    if (want_metrics && w.table->HasLocalIndexes()) {
      double gb = double(counts.collection_bytes.value_or(0)) / double(1ull << 30);
      double low = double(uint64_t(gb));
      metrics[w.table->name].as_array().push_back(
          json::object{{"ItemCollectionKey", json::object{{w.table->hash.name, w.hash_value}}},
                       {"SizeEstimateRangeGB", json::array{low, low + 1}}});
    }
  }
  json::object out;
  out["UnprocessedItems"] = json::object{};
  if (capacity_mode != CapacityMode::kNone) {
    json::array capacity;
    for (auto& [name, u] : units) capacity.push_back(ConsumedCapacity(name, u, index_units[name], capacity_mode, false));
    out["ConsumedCapacity"] = std::move(capacity);
  }
  if (!metrics.empty()) out["ItemCollectionMetrics"] = std::move(metrics);
  return json::serialize(out);
}

}  // namespace cloudlet::dynamodb
