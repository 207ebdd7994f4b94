#include "dynamodb/range_read.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/expressions/evaluator.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

// The table item an LSI entry points back to, or nullopt if it is gone.
Result<std::optional<std::string>> TableItemOf(OperationContext& ctx, const Table& table, std::string_view entry) {
  json::object e = json::parse(entry).as_object();
  const json::value* r = table.range ? e.if_contains(table.range->name) : nullptr;
  return ctx.db.GetItem(Database::ItemKey(table, e.at(table.hash.name), r));
}

}  // namespace

json::object ReadCapacity(const Table& table, const ReadPlan& plan, std::size_t bytes) {
  double units = ReadUnits(bytes, plan.consistent);
  if (!plan.index) return ConsumedCapacity(table.name, units, plan.capacity, true);
  return ConsumedCapacity(table.name, 0, {IndexUnits{plan.index->name, plan.index->global, units}}, plan.capacity,
                          true);
}

Result<RangePage> ReadRange(OperationContext& ctx, const Table& table, const ReadPlan& plan) {
  RangePage page;
  if (plan.range.empty()) return page;
  auto it = ctx.db.store().NewIterator(storage::IteratorOptions{.lower_bound = plan.range.lower,
                                                                 .upper_bound = plan.range.upper});
  if (plan.forward) {
    it->Seek(plan.exclusive_start ? KeySuccessor(*plan.exclusive_start) : plan.range.lower);
  } else if (plan.exclusive_start) {
    it->SeekForPrev(*plan.exclusive_start);
    if (it->Valid() && it->key() == *plan.exclusive_start) it->Prev();
  } else {
    it->SeekToLast();
  }

  std::size_t bytes = 0;
  const bool need_parse = plan.filter || plan.projection || plan.render || plan.capacity != CapacityMode::kNone;
  for (; it->Valid(); plan.forward ? it->Next() : it->Prev()) {
    if ((plan.limit && page.scanned >= *plan.limit) || bytes >= kPageBytes) {
      page.more = true;
      break;
    }
    std::string_view text = it->value();
    ++page.scanned;
    bytes += text.size();
    page.last_item.assign(text);
    page.last_key.assign(it->key());
    std::string fetched;
    if (plan.fetch_from_table) {
      auto item = TableItemOf(ctx, table, text);
      if (!item.ok()) return item.take_error();
      if (!*item) continue;  // deleted since the entry was read
      fetched = std::move(**item);
      text = fetched;
    }
    if (!need_parse) {
      if (plan.select != Select::kCount) {
        if (page.count) page.items += ',';
        page.items.append(text);
      }
      ++page.count;
      continue;
    }
    json::object item = json::parse(text).as_object();
    page.exact_bytes += ItemSize(item);
    if (plan.filter) {
      auto keep = expr::EvaluateCondition(*plan.filter, &item);
      if (!keep.ok()) return keep.take_error();
      if (!*keep) continue;
    }
    if (plan.select != Select::kCount) {
      if (page.count) page.items += ',';
      if (plan.render) {
        plan.render(item, page.items);
      } else if (plan.projection) {
        page.items += json::serialize(expr::Project(*plan.projection, item));
      } else {
        page.items.append(text);
      }
    }
    ++page.count;
  }
  if (!it->status().ok()) return errors::InternalServerError(it->status().ToString());
  if (plan.limit && page.scanned >= *plan.limit) page.more = true;
  return page;
}

}  // namespace cloudlet::dynamodb
