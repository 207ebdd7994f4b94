#include "dynamodb/partiql/executor.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <map>
#include <mutex>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/partiql/errors.h"
#include "dynamodb/range_read.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb::partiql {
namespace json = boost::json;
using aws::Result;

namespace {

json::object ParseStored(const std::string& text) { return json::parse(text).as_object(); }

// The read plan every page of a SELECT shares; ranges are filled per partition.
Result<ReadPlan> BaseReadPlan(const Plan& plan, const SelectOptions& options) {
  ReadPlan read;
  read.index = plan.index;
  read.forward = plan.forward;
  read.limit = options.limit;
  read.consistent = options.consistent;
  read.capacity = options.capacity;
  read.filter = plan.condition ? &*plan.condition : nullptr;
  if (plan.index) {
    if (plan.index->global && options.consistent)
      return errors::Validation(plan.kind == PlanKind::kScan ? "Consistent read cannot be true when scanning a GSI"
                                                             : "Consistent reads are not supported on global "
                                                               "secondary indexes");
    // An LSI answers with the table's item where it does not project it all.
    read.fetch_from_table = !plan.index->global && plan.index->projection != ProjectionType::kAll;
  }
  if (!plan.select_all) {
    read.render = [&plan](const json::object& item, std::string& out) { out += json::serialize(plan.Project(item)); };
  }
  return read;
}

std::string IndexOrTablePrefix(const Plan& plan) {
  return plan.index ? IndexPrefix(plan.index->id) : Database::TablePrefix(*plan.table);
}

aws::AwsError ConditionFailed(bool return_old, const std::optional<std::string>& old) {
  auto error = errors::ConditionalCheckFailed();
  if (return_old && old) error.extra_json = "\"Item\":" + *old;
  return error;
}

Result<bool> Holds(const Plan& plan, const json::object* item) {
  if (!plan.condition) return true;
  return expr::EvaluateCondition(*plan.condition, item);
}

}  // namespace

Result<std::string> RunSelect(OperationContext& ctx, const Plan& plan, const SelectOptions& options) {
  auto base = BaseReadPlan(plan, options);
  if (!base.ok()) return base.take_error();
  ReadPlan& read = *base;
  std::string prefix = IndexOrTablePrefix(plan);
  std::string items;
  std::size_t bytes = 0, scanned = 0;
  std::optional<Continuation> next;
  auto take = [&](const RangePage& page, std::size_t partition) {
    if (!page.items.empty()) {
      if (!items.empty()) items += ',';
      items += page.items;
    }
    bytes += page.exact_bytes;
    scanned += page.scanned;
    if (page.more) next = Continuation{partition, page.last_key};
  };
  if (plan.kind == PlanKind::kScan) {
    read.range = PrefixRange(prefix);
    if (options.start) {
      if (options.start->partition != 0 || options.start->after_key.empty() ||
          !read.range.Contains(options.start->after_key))
        return errors::Validation("Invalid NextToken");
      read.exclusive_start = options.start->after_key;
    }
    auto page = ReadRange(ctx, *plan.table, read);
    if (!page.ok()) return page.take_error();
    take(*page, 0);
  } else {
    std::size_t first = options.start ? options.start->partition : 0;
    if (options.start && first >= plan.partitions.size()) return errors::Validation("Invalid NextToken");
    for (std::size_t p = first; p < plan.partitions.size() && !next; ++p) {
      std::string partition;
      AppendPartitionPrefix(prefix, *plan.partitions[p], &partition);
      auto range = SortKeyRange(partition, plan.sort_op, plan.sort_low, plan.sort_high);
      if (!range.ok()) return range.take_error();
      read.range = std::move(*range);
      read.exclusive_start.reset();
      if (options.start && p == first && !options.start->after_key.empty()) {
        if (!options.start->after_key.starts_with(partition)) return errors::Validation("Invalid NextToken");
        read.exclusive_start = options.start->after_key;
      }
      if (options.limit) read.limit = *options.limit - scanned;
      auto page = ReadRange(ctx, *plan.table, read);
      if (!page.ok()) return page.take_error();
      take(*page, p);
      if (options.limit && scanned >= *options.limit && !next && p + 1 < plan.partitions.size())
        next = Continuation{p + 1, {}};
    }
  }
  std::string out = "{\"Items\":[" + items + "]";
  if (next) {
    // A token with no key starts its partition afresh.
    out += ",\"NextToken\":\"" + EncodeNextToken(options.request_hash, *next) + "\"";
  }
  if (options.capacity != CapacityMode::kNone)
    out += ",\"ConsumedCapacity\":" + json::serialize(ReadCapacity(*plan.table, read, bytes));
  out += '}';
  return out;
}

Result<GetResult> RunGet(OperationContext& ctx, const Plan& plan) {
  auto got = ctx.db.GetItem(plan.storage_key);
  if (!got.ok()) return got.take_error();
  GetResult result;
  if (!*got) return result;
  json::object item = ParseStored(**got);
  result.size = ItemSize(item);
  auto keep = Holds(plan, &item);
  if (!keep.ok()) return keep.take_error();
  if (*keep) result.item = plan.Project(item);
  return result;
}

Result<WriteResult> RunWrite(OperationContext& ctx, const Plan& plan, bool return_old_on_failure) {
  const Table& table = *plan.table;
  WriteResult result;
  if (plan.kind == PlanKind::kInsert) {
    std::size_t size = ItemSize(plan.item);
    if (size > kMaxItemSize) return errors::Validation("Item size has exceeded the maximum allowed size");
    std::string text = json::serialize(plan.item);
    std::lock_guard lock(ctx.db.LockFor(plan.storage_key));
    auto got = ctx.db.GetItem(plan.storage_key);
    if (!got.ok()) return got.take_error();
    if (*got) return DuplicateItem();
    std::optional<std::string> none;
    CLOUDLET_TRY(ctx.db.WriteItem(table, plan.storage_key, &none, &plan.item, text, &result.counts));
    result.size = size;
    return result;
  }

  std::lock_guard lock(ctx.db.LockFor(plan.storage_key));
  auto got = ctx.db.GetItem(plan.storage_key);
  if (!got.ok()) return got.take_error();
  std::optional<std::string> old = std::move(got.value());
  json::object old_item;
  if (old) old_item = ParseStored(*old);
  const json::object* old_ptr = old ? &old_item : nullptr;
  auto holds = Holds(plan, old_ptr);
  if (!holds.ok()) return holds.take_error();
  if (!*holds) return ConditionFailed(return_old_on_failure, old);
  std::size_t old_size = old ? ItemSize(old_item) : 0;

  if (plan.kind == PlanKind::kDelete) {
    if (old) CLOUDLET_TRY(ctx.db.WriteItem(table, plan.storage_key, &old, nullptr, {}, &result.counts));
    if (plan.returning == Returning::kAllOld && old) result.returned = std::move(old_item);
    result.size = old_size;
    return result;
  }

  auto applied = expr::ApplyUpdate(*plan.update, old_ptr, plan.key);
  if (!applied.ok()) return applied.take_error();
  json::object& new_item = applied->item;
  CLOUDLET_TRY(CheckItemNesting(new_item));
  std::size_t new_size = ItemSize(new_item);
  if (new_size > kMaxItemSize) return errors::Validation("Item size to update has exceeded the maximum allowed size");
  CLOUDLET_TRY(ctx.db.WriteItem(table, plan.storage_key, &old, &new_item, json::serialize(new_item), &result.counts));
  result.size = std::max(old_size, new_size);
  switch (plan.returning) {
    case Returning::kNone: break;
    case Returning::kAllOld: result.returned = std::move(old_item); break;
    case Returning::kAllNew: result.returned = new_item; break;
    case Returning::kModifiedOld: result.returned = expr::ProjectPaths(applied->updated_paths, old_item); break;
    case Returning::kModifiedNew: result.returned = expr::ProjectPaths(applied->updated_paths, new_item); break;
  }
  if (result.returned && result.returned->empty()) result.returned.reset();
  return result;
}

Result<std::string> RunTransactGet(OperationContext& ctx, const std::vector<Plan>& plans, CapacityMode capacity) {
  std::vector<std::string_view> keys;
  keys.reserve(plans.size());
  for (const auto& p : plans) keys.push_back(p.storage_key);
  auto snapshot = ctx.db.store().GetSnapshot();
  std::vector<std::string> values;
  auto statuses = ctx.db.store().MultiGet(keys, &values, storage::ReadOptions{.snapshot = snapshot.get()});
  json::array responses;
  std::map<std::string, double> units;  // transactional reads cost twice a strongly consistent one
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (!statuses[i].ok() && !statuses[i].IsNotFound())
      return errors::InternalServerError("storage: " + statuses[i].ToString());
    std::size_t size = 0;
    json::object response;
    if (statuses[i].ok()) {
      json::object item = json::parse(values[i]).as_object();
      size = ItemSize(item);
      response["Item"] = plans[i].Project(item);
    }
    units[plans[i].table->name] += 2 * ReadUnits(size, true);
    responses.push_back(std::move(response));
  }
  json::object out{{"Responses", std::move(responses)}};
  if (capacity != CapacityMode::kNone) {
    json::array list;
    for (const auto& [table, u] : units) list.push_back(ConsumedCapacity(table, u, capacity, true));
    out["ConsumedCapacity"] = std::move(list);
  }
  return json::serialize(out);
}

json::object WriteCapacity(const Table& table, const WriteResult& result, CapacityMode mode) {
  std::vector<IndexUnits> indexes;
  for (const auto& [name, global] : result.counts.touched) indexes.push_back(IndexUnits{name, global, 1});
  return ConsumedCapacity(table.name, WriteUnits(result.size), indexes, mode, false);
}

}  // namespace cloudlet::dynamodb::partiql
