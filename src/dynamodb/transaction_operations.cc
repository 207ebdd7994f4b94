// TransactGetItems and TransactWriteItems.
//
// A write transaction is planned (transaction_plan.h), then its items are
// locked together (Database::LockTransaction: stripes in ascending order, so
// no deadlock with other transactions or single-item writes, and a conflict
// with another transaction is reported as DynamoDB does, TransactionConflict).
// Under the locks every condition and update is evaluated against the
// committed items; if all pass, every write is staged through the one item
// write path (StageItemWrite: index entries, item collection sizes, the TTL
// index and stream records go in the same batch) and committed as one atomic
// batch, with the idempotency record when a ClientRequestToken is given.
// Single-item writes take the same item locks, so transactions are
// serializable against them. TransactGetItems reads every item from one
// store snapshot: since a transaction commits in one batch, the snapshot
// never shows half of one.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <map>

#include "dynamodb/attribute_value.h"
#include "dynamodb/capacity.h"
#include "dynamodb/errors.h"
#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/item_request.h"
#include "dynamodb/transaction_operations.h"
#include "dynamodb/transaction_plan.h"
#include "dynamodb/transaction_tokens.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

// What each action will write, worked out under the locks.
struct PreparedWrite {
  std::optional<std::string> old_text;
  json::object old_item;
  std::optional<json::object> new_item;  // nullopt: delete (or nothing, for a check)
  std::string new_text;
  bool writes = false;
  std::size_t size = 0;  // for capacity: max(old, new)
  IndexWriteCounts counts;
};

CancellationReason ValidationReason(const aws::AwsError& e) {
  return CancellationReason{.code = "ValidationError", .message = e.message};
}

// Evaluates one action against its committed item: the reason it fails, or
// nullopt when it would succeed (then `out` holds its write).
Result<std::optional<CancellationReason>> Prepare(Database& db, const TransactionAction& a, PreparedWrite& out) {
  auto got = db.GetItem(a.key);
  if (!got.ok()) return got.take_error();
  out.old_text = std::move(got.value());
  if (out.old_text) out.old_item = json::parse(*out.old_text).as_object();
  const json::object* old_ptr = out.old_text ? &out.old_item : nullptr;
  if (a.exprs.condition) {
    auto ok = expr::EvaluateCondition(*a.exprs.condition, old_ptr);
    if (!ok.ok()) return std::optional(ValidationReason(ok.error()));
    if (!*ok) {
      CancellationReason r{.code = "ConditionalCheckFailed", .message = "The conditional request failed"};
      if (a.condition_failure) r = CancellationReason{.code = a.condition_failure->first,
                                                      .message = a.condition_failure->second};
      if (a.return_old_on_failure && out.old_text) r.item = *out.old_text;
      return std::optional(std::move(r));
    }
  }
  std::size_t old_size = old_ptr ? ItemSize(out.old_item) : 0;
  switch (a.kind) {
    case TransactionActionKind::kPut: {
      out.new_item = a.body->at("Item").as_object();
      out.writes = true;
      break;
    }
    case TransactionActionKind::kDelete: out.writes = old_ptr != nullptr; break;
    case TransactionActionKind::kUpdate: {
      const json::object& key_attrs = a.body->at("Key").as_object();
      auto applied = expr::ApplyUpdate(*a.exprs.update, old_ptr, key_attrs);
      if (!applied.ok()) return std::optional(ValidationReason(applied.error()));
      out.writes = old_ptr != nullptr || applied->creates_item;
      if (out.writes) {
        if (auto nested = CheckItemNesting(applied->item); !nested.ok())
          return std::optional(ValidationReason(nested.error()));
        if (ItemSize(applied->item) > kMaxItemSize)
          return std::optional(ValidationReason(
              errors::Validation("Item size to update has exceeded the maximum allowed size")));
        out.new_item = std::move(applied->item);
      }
      break;
    }
    case TransactionActionKind::kConditionCheck:
    case TransactionActionKind::kGet: break;
  }
  if (out.new_item) {
    out.new_text = json::serialize(*out.new_item);
    out.size = std::max(old_size, ItemSize(*out.new_item));
  } else {
    out.size = old_size;
  }
  return std::optional<CancellationReason>{};
}

// ConsumedCapacity per table in order of first appearance; transactional
// units are twice the plain ones (the index arms are not doubled).
struct TableUnits {
  std::string table;
  double reads = 0, writes = 0;
  std::vector<IndexUnits> indexes;
};

TableUnits& UnitsFor(std::vector<TableUnits>& all, const std::string& table) {
  for (auto& u : all)
    if (u.table == table) return u;
  all.push_back(TableUnits{.table = table});
  return all.back();
}

json::array CapacityList(const std::vector<TableUnits>& all, CapacityMode mode) {
  json::array out;
  for (const auto& u : all) {
    bool read_only = u.writes == 0;
    json::object c = ConsumedCapacity(u.table, read_only ? u.reads : u.writes, u.indexes, mode, read_only);
    if (!read_only && u.reads > 0) {
      c["CapacityUnits"] = c.at("CapacityUnits").to_number<double>() + u.reads;
      c["ReadCapacityUnits"] = u.reads;
      if (auto* t = c.if_contains("Table")) {
        t->as_object()["CapacityUnits"] = u.writes + u.reads;
        t->as_object()["ReadCapacityUnits"] = u.reads;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

json::object CollectionMetric(const Table& table, const json::value& hash_value, uint64_t bytes) {
  double gb = double(bytes) / double(1ull << 30);
  double low = double(uint64_t(gb));
  return json::object{{"ItemCollectionKey", json::object{{table.hash.name, hash_value}}},
                      {"SizeEstimateRangeGB", json::array{low, low + 1}}};
}

// The recorded answer of an earlier request under the same token.
std::string Replay(const IdempotencyRecord& record, CapacityMode mode) {
  if (mode == CapacityMode::kNone) return record.response;
  json::object out = json::parse(record.response).as_object();
  json::array capacity;
  for (const auto& [table, units] : record.read_units) capacity.push_back(ConsumedCapacity(table, units, mode, true));
  out["ConsumedCapacity"] = std::move(capacity);
  return json::serialize(out);
}

}  // namespace

Result<std::string> TransactWriteItems(OperationContext& ctx, json::object& req) {
  auto planned = PlanTransactWrite(ctx, req);
  if (!planned.ok()) return planned.take_error();
  auto* metrics_member = req.if_contains("ReturnItemCollectionMetrics");
  TransactWriteOptions options;
  options.capacity = ReadCommonMembers(req).capacity;
  options.item_collection_metrics =
      metrics_member && metrics_member->is_string() && metrics_member->get_string() == "SIZE";
  return RunTransactWrite(ctx, req, *planned, options);
}

Result<std::string> RunTransactWrite(OperationContext& ctx, const json::object& req,
                                     std::vector<TransactionAction>& actions, const TransactWriteOptions& options) {
  CapacityMode mode = options.capacity;
  bool want_metrics = options.item_collection_metrics;

  // Per-action key errors cancel the transaction before anything is read.
  bool invalid = false;
  std::vector<CancellationReason> reasons(actions.size());
  for (std::size_t i = 0; i < actions.size() && !invalid; ++i) {
    if (actions[i].key_error) {
      reasons[i] = ValidationReason(*actions[i].key_error);
      invalid = true;
    }
  }
  if (invalid) return TransactionCanceled(reasons);

  std::optional<TokenClaim> claim;
  std::string fingerprint;
  if (auto* token = req.if_contains("ClientRequestToken"); token && token->is_string()) {
    auto claimed = TokenClaim::Claim(ctx.region, token->get_string());
    if (!claimed.ok()) return claimed.take_error();
    claim.emplace(std::move(claimed.value()));
    fingerprint = RequestFingerprint(req);
    auto record = FindIdempotencyRecord(ctx.db.store(), claim->key());
    if (!record.ok()) return record.take_error();
    if (*record) {
      if ((*record)->fingerprint != fingerprint) return IdempotentParameterMismatch();
      return Replay(**record, mode);
    }
  }

  std::vector<std::string_view> keys;
  keys.reserve(actions.size());
  for (const auto& a : actions) keys.push_back(a.key);
  std::vector<bool> conflicts;
  auto locks = ctx.db.LockTransaction(keys, &conflicts);
  if (!locks) {
    for (std::size_t i = 0; i < actions.size(); ++i)
      if (conflicts[i]) reasons[i] = CancellationReason{.code = "TransactionConflict",
                                                        .message = "Transaction is ongoing for the item"};
    return TransactionCanceled(reasons);
  }

  std::vector<PreparedWrite> writes(actions.size());
  bool failed = false;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    auto reason = Prepare(ctx.db, actions[i], writes[i]);
    if (!reason.ok()) return reason.take_error();
    if (*reason) {
      reasons[i] = std::move(**reason);
      failed = true;
    }
  }
  if (failed) return TransactionCanceled(reasons);

  StagedWrites staged;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    auto& w = writes[i];
    if (!w.writes) continue;
    auto st = ctx.db.StageItemWrite(*actions[i].table, actions[i].key, &w.old_text,
                                    w.new_item ? &*w.new_item : nullptr, w.new_text, staged, &w.counts);
    if (!st.ok()) {
      const auto& e = st.error();
      reasons[i] = e.code == "ItemCollectionSizeLimitExceededException"
                       ? CancellationReason{.code = "ItemCollectionSizeLimitExceeded", .message = e.message}
                       : ValidationReason(e);
      return TransactionCanceled(reasons);
    }
  }

  std::vector<TableUnits> units;
  json::object metrics;
  IdempotencyRecord record;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const Table& table = *actions[i].table;
    auto& w = writes[i];
    auto& u = UnitsFor(units, table.name);
    if (actions[i].kind == TransactionActionKind::kConditionCheck) {
      u.reads += 2 * ReadUnits(w.size, true);
    } else {
      u.writes += 2 * WriteUnits(w.size);
    }
    for (const auto& [name, global] : w.counts.touched) u.indexes.push_back(IndexUnits{name, global, 1});
    record.read_units[table.name] += 2 * ReadUnits(w.size, true);
    if (want_metrics && table.HasLocalIndexes() && actions[i].kind != TransactionActionKind::kConditionCheck) {
      const json::object& source = actions[i].kind == TransactionActionKind::kPut ? actions[i].body->at("Item").as_object()
                                                                                  : actions[i].body->at("Key").as_object();
      if (!metrics.contains(table.name)) metrics[table.name] = json::array{};
      metrics[table.name].as_array().push_back(
          CollectionMetric(table, source.at(table.hash.name), w.counts.collection_bytes.value_or(0)));
    }
  }
  json::object out = options.response;
  if (!metrics.empty()) out["ItemCollectionMetrics"] = metrics;
  if (claim) {
    record.fingerprint = fingerprint;
    record.response = json::serialize(out);
    StageIdempotencyRecord(claim->key(), record, staged.batch());
  }
  CLOUDLET_TRY(ctx.db.CommitStaged(staged));
  if (mode != CapacityMode::kNone) out["ConsumedCapacity"] = CapacityList(units, mode);
  return json::serialize(out);
}

Result<std::string> TransactGetItems(OperationContext& ctx, json::object& req) {
  auto planned = PlanTransactGet(ctx, req);
  if (!planned.ok()) return planned.take_error();
  std::vector<TransactionAction>& actions = *planned;
  CapacityMode mode = ReadCommonMembers(req).capacity;
  std::vector<CancellationReason> reasons(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].key_error) {
      reasons[i] = ValidationReason(*actions[i].key_error);
      return TransactionCanceled(reasons);
    }
  }
  std::vector<std::string_view> keys;
  for (const auto& a : actions) keys.push_back(a.key);
  auto snapshot = ctx.db.store().GetSnapshot();
  std::vector<std::string> values;
  auto statuses = ctx.db.store().MultiGet(keys, &values, storage::ReadOptions{.snapshot = snapshot.get()});
  json::array responses;
  std::vector<TableUnits> units;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (!statuses[i].ok() && !statuses[i].IsNotFound())
      return errors::InternalServerError("storage: " + statuses[i].ToString());
    std::size_t size = 0;
    if (statuses[i].ok()) {
      if (!actions[i].exprs.projection && mode == CapacityMode::kNone) {
        responses.push_back(json::object{{"Item", json::parse(values[i])}});
        continue;
      }
      json::object item = json::parse(values[i]).as_object();
      size = ItemSize(item);
      responses.push_back(json::object{
          {"Item", actions[i].exprs.projection ? expr::Project(*actions[i].exprs.projection, item) : std::move(item)}});
    } else {
      responses.push_back(json::object{});
    }
    UnitsFor(units, actions[i].table->name).reads += 2 * ReadUnits(size, true);
  }
  json::object out;
  out["Responses"] = std::move(responses);
  if (mode != CapacityMode::kNone) out["ConsumedCapacity"] = CapacityList(units, mode);
  return json::serialize(out);
}

}  // namespace cloudlet::dynamodb
