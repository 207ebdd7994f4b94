#include "dynamodb/partiql/planner.h"

#include <algorithm>

#include "dynamodb/attribute_value.h"
#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/item_keys.h"
#include "dynamodb/partiql/errors.h"
#include "dynamodb/partiql/updates.h"

namespace cloudlet::dynamodb::partiql {
namespace json = boost::json;
using aws::Result;

namespace {

// The attribute a single-name path names, or nullptr.
const std::string* TopName(const Expr& e) {
  if (e.kind != Expr::Kind::kPath || e.path.size() != 1 || e.path[0].is_index) return nullptr;
  return &e.path[0].name;
}

bool TypeIs(const json::value& v, const KeyAttribute& attr) {
  auto type = TypeOf(v);
  return type && TypeName(*type) == attr.type;
}

// The key schema a statement reads by: the table's or the index's.
struct Keys {
  const KeyAttribute* hash;
  const KeyAttribute* range;
};

// The key attributes a SELECT can narrow its read by. An index with a
// multi-attribute partition key is read whole (its entries are placed by the
// hash of all its partition attributes; the filter decides), and one with a
// multi-attribute sort key is not narrowed by sort conditions.
Keys KeysOf(const Table& table, const SecondaryIndex* index) {
  if (index)
    return {index->hash_keys.size() == 1 ? &index->hash_keys[0] : nullptr,
            index->range_keys.size() == 1 ? &index->range_keys[0] : nullptr};
  return {&table.hash, table.range ? &*table.range : nullptr};
}

// `name = value` (either way round): the value's expression, else nullptr.
const Expr* EqualityValue(const Expr& e, const std::string& name) {
  if (e.kind != Expr::Kind::kCompare || e.comparator != expr::Comparator::kEq) return nullptr;
  for (int side = 0; side < 2; ++side) {
    const std::string* n = TopName(e.args[side]);
    if (n && *n == name && IsValueExpr(e.args[1 - side])) return &e.args[1 - side];
  }
  return nullptr;
}

// Partition key values a conjunct pins: pk = v, pk IN [..], pk = a OR pk = b.
bool PartitionValues(const Expr& e, const std::string& name, std::vector<const Expr*>& out) {
  if (const Expr* v = EqualityValue(e, name)) {
    out.push_back(v);
    return true;
  }
  if (e.kind == Expr::Kind::kIn && !e.negated && e.text.empty()) {
    const std::string* n = TopName(e.args[0]);
    if (!n || *n != name) return false;
    for (std::size_t i = 1; i < e.args.size(); ++i) {
      if (!IsValueExpr(e.args[i])) return false;
      out.push_back(&e.args[i]);
    }
    return true;
  }
  if (e.kind == Expr::Kind::kOr) {
    // Every branch must pin the key: pk = a OR (pk = b AND x = 1) reads partitions a and b.
    std::vector<const Expr*> both;
    for (const Expr& branch : e.args) {
      std::vector<const Expr*> conjuncts;
      Conjuncts(branch, conjuncts);
      bool pinned = false;
      for (const Expr* c : conjuncts) {
        if (PartitionValues(*c, name, both)) {
          pinned = true;
          break;
        }
      }
      if (!pinned) return false;
    }
    out.insert(out.end(), both.begin(), both.end());
    return true;
  }
  return false;
}

// The sort-key narrowing one conjunct allows, if any.
bool SortCondition(const Expr& e, const std::string& name, SortKeyOp& op, const Expr*& low, const Expr*& high) {
  if (e.kind == Expr::Kind::kCompare && e.comparator != expr::Comparator::kNe) {
    for (int side = 0; side < 2; ++side) {
      const std::string* n = TopName(e.args[side]);
      if (!n || *n != name || !IsValueExpr(e.args[1 - side])) continue;
      expr::Comparator c = e.comparator;
      if (side == 1) {  // v < sk is sk > v
        c = c == expr::Comparator::kLt   ? expr::Comparator::kGt
            : c == expr::Comparator::kLe ? expr::Comparator::kGe
            : c == expr::Comparator::kGt ? expr::Comparator::kLt
            : c == expr::Comparator::kGe ? expr::Comparator::kLe
                                         : c;
      }
      op = c == expr::Comparator::kEq   ? SortKeyOp::kEq
           : c == expr::Comparator::kLt ? SortKeyOp::kLt
           : c == expr::Comparator::kLe ? SortKeyOp::kLe
           : c == expr::Comparator::kGt ? SortKeyOp::kGt
                                        : SortKeyOp::kGe;
      low = &e.args[1 - side];
      return true;
    }
    return false;
  }
  if (e.kind == Expr::Kind::kBetween && !e.negated) {
    const std::string* n = TopName(e.args[0]);
    if (!n || *n != name || !IsValueExpr(e.args[1]) || !IsValueExpr(e.args[2])) return false;
    op = SortKeyOp::kBetween;
    low = &e.args[1];
    high = &e.args[2];
    return true;
  }
  if (e.kind == Expr::Kind::kCall && e.text == "begins_with" && e.args.size() == 2) {
    const std::string* n = TopName(e.args[0]);
    if (!n || *n != name || !IsValueExpr(e.args[1])) return false;
    op = SortKeyOp::kBeginsWith;
    low = &e.args[1];
    return true;
  }
  return false;
}

std::string ProjectedName(const Expr& e) {
  std::size_t last_name = 0;
  for (std::size_t i = 0; i < e.path.size(); ++i)
    if (!e.path[i].is_index) last_name = i;
  std::string name = e.path[last_name].name;
  for (std::size_t i = last_name + 1; i < e.path.size(); ++i) name += "[" + std::to_string(e.path[i].index) + "]";
  return name;
}

class Planner {
 public:
  Planner(const Statement& s, TablePtr table, const Parameters& params, Context context)
      : s_(s), params_(params), context_(context), bindings_{params, *plan_.arena} {
    plan_.table = std::move(table);
  }

  Result<Plan> Run() {
    const Table& table = *plan_.table;
    if (s_.index) {
      if (s_.kind != Statement::Kind::kSelect) return errors::Validation("This operation is not supported on an index");
      plan_.index = table.FindIndex(*s_.index);
      if (!plan_.index || plan_.index->status == IndexStatus::kDeleting)
        return errors::Validation("The table does not have the specified index: " + *s_.index);
      if (plan_.index->status == IndexStatus::kCreating)
        return errors::Validation("Cannot read from backfilling global secondary index: " + plan_.index->name);
    }
    switch (s_.kind) {
      case Statement::Kind::kSelect: CLOUDLET_TRY(Select()); break;
      case Statement::Kind::kExists: CLOUDLET_TRY(Exists()); break;
      case Statement::Kind::kInsert: CLOUDLET_TRY(Insert()); break;
      case Statement::Kind::kUpdate: CLOUDLET_TRY(Update()); break;
      case Statement::Kind::kDelete: CLOUDLET_TRY(Delete()); break;
    }
    return std::move(plan_);
  }

 private:
  Result<const json::value*> Value(const Expr& e) {
    auto v = ToAttributeValue(e, params_);
    if (!v.ok()) return v.take_error();
    return plan_.arena->Add(std::move(*v));
  }

  aws::Status Projection() {
    plan_.select_all = s_.select_all;
    for (const Expr& p : s_.projection) {
      auto path = ToPath(p);
      if (!path.ok()) return path.take_error();
      std::string name = ProjectedName(p);
      for (const auto& existing : plan_.projection)
        if (existing.name == name) return errors::Validation("Duplicate identifiers in select clause: " + name);
      plan_.projection.push_back(ProjectedPath{std::move(*path), std::move(name)});
    }
    return aws::OkStatus();
  }

  aws::Status Filter() {
    if (!s_.where) return aws::OkStatus();
    auto c = ToCondition(*s_.where, bindings_);
    if (!c.ok()) return c.take_error();
    plan_.condition = std::move(*c);
    return aws::OkStatus();
  }

  // The full primary key from the WHERE clause's equalities (table keys);
  // the other conjuncts become `rest`. nullopt-like error when incomplete.
  aws::Status FullKey(std::vector<const Expr*>& rest, bool strict_duplicates) {
    const Table& table = *plan_.table;
    std::vector<const Expr*> conjuncts;
    if (s_.where) Conjuncts(*s_.where, conjuncts);
    const KeyAttribute* attrs[2] = {&table.hash, table.range ? &*table.range : nullptr};
    const Expr* found[2] = {nullptr, nullptr};
    for (const Expr* c : conjuncts) {
      bool used = false;
      for (int k = 0; k < 2 && attrs[k]; ++k) {
        const Expr* v = EqualityValue(*c, attrs[k]->name);
        if (!v) continue;
        if (found[k]) {
          if (strict_duplicates)
            return errors::Validation("Multiple conditions on same key " + attrs[k]->name +
                                      ". Only single item Update/Insert/Delete are supported");
          break;
        }
        found[k] = v;
        used = true;
      }
      if (!used) rest.push_back(c);
    }
    for (int k = 0; k < 2 && attrs[k]; ++k)
      if (!found[k]) return errors::Validation(std::string(kIncompleteKey));
    for (int k = 0; k < 2 && attrs[k]; ++k) {
      auto v = Value(*found[k]);
      if (!v.ok()) return v.take_error();
      if (!TypeIs(**v, *attrs[k]))
        return errors::Validation("Key attribute's data type should match its data type in table's schema: Key " +
                                  attrs[k]->name);
      CLOUDLET_TRY(CheckKeyValue(*attrs[k], **v, k == 0));
      plan_.key[attrs[k]->name] = **v;
    }
    plan_.storage_key = Database::ItemKey(table, plan_.key.at(table.hash.name),
                                          table.range ? &plan_.key.at(table.range->name) : nullptr);
    return aws::OkStatus();
  }

  aws::Status Conditions(const std::vector<const Expr*>& rest) {
    std::vector<expr::Condition> parts;
    for (const Expr* e : rest) {
      auto c = ToCondition(*e, bindings_);
      if (!c.ok()) return c.take_error();
      parts.push_back(std::move(*c));
    }
    plan_.condition = AllOf(std::move(parts));
    return aws::OkStatus();
  }

  aws::Status Select() {
    CLOUDLET_TRY(Projection());
    if (!s_.order_by.empty() && !s_.where)
      return errors::Validation("Must have WHERE clause in the statement when using ORDER BY clause.");
    if (context_ != Context::kStatement) {
      if (plan_.index) {
        return errors::Validation(context_ == Context::kTransaction
                                      ? "Reads on indices are not supported within transactions."
                                      : "Select statements within BatchExecuteStatement must specify the primary key "
                                        "in the where clause.");
      }
      // A batch's or a transaction's SELECT reads one item by its key and nothing more.
      std::vector<const Expr*> rest;
      auto key = FullKey(rest, false);
      if (!key.ok() || !rest.empty()) {
        if (!key.ok() && key.error().message != kIncompleteKey) return key.take_error();
        return errors::Validation(context_ == Context::kTransaction
                                      ? "Select statements within ExecuteTransaction must specify the primary key in "
                                        "the where clause."
                                      : "Select statements within BatchExecuteStatement must specify the primary key "
                                        "in the where clause.");
      }
      plan_.kind = PlanKind::kGet;
      return aws::OkStatus();
    }
    CLOUDLET_TRY(Filter());
    Keys keys = KeysOf(*plan_.table, plan_.index);
    std::vector<const Expr*> conjuncts;
    if (s_.where) Conjuncts(*s_.where, conjuncts);
    std::vector<const Expr*> partitions;
    for (const Expr* c : conjuncts) {
      if (keys.hash && PartitionValues(*c, keys.hash->name, partitions)) break;
    }
    plan_.kind = partitions.empty() ? PlanKind::kScan : PlanKind::kQuery;
    for (const Expr* p : partitions) {
      auto v = Value(*p);
      if (!v.ok()) return v.take_error();
      if (!TypeIs(**v, *keys.hash)) continue;  // matches nothing; the filter agrees
      bool seen = false;
      for (const json::value* q : plan_.partitions) seen = seen || Equals(*q, **v);
      if (!seen) plan_.partitions.push_back(*v);
    }
    if (plan_.kind == PlanKind::kQuery && keys.range) {
      for (const Expr* c : conjuncts) {
        SortKeyOp op;
        const Expr* low = nullptr;
        const Expr* high = nullptr;
        if (!SortCondition(*c, keys.range->name, op, low, high)) continue;
        auto l = Value(*low);
        if (!l.ok()) return l.take_error();
        const json::value* h = nullptr;
        if (high) {
          auto hv = Value(*high);
          if (!hv.ok()) return hv.take_error();
          h = *hv;
        }
        bool typed = TypeIs(**l, *keys.range) && (!h || TypeIs(*h, *keys.range));
        if (op == SortKeyOp::kBeginsWith && keys.range->type == "N") typed = false;
        if (!typed) continue;  // narrows nothing; the filter decides
        plan_.sort_op = op;
        plan_.sort_low = *l;
        plan_.sort_high = h;
        break;
      }
    }
    return OrderBy(keys);
  }

  aws::Status OrderBy(const Keys& keys) {
    if (s_.order_by.empty()) return aws::OkStatus();
    bool hash_ordered = false;
    bool hash_descending = false;
    for (const OrderKey& k : s_.order_by) {
      bool is_hash = keys.hash && k.name == keys.hash->name;
      bool is_range = keys.range && k.name == keys.range->name;
      if (!is_hash && !is_range)
        return errors::Validation("Variable reference " + k.name + " in ORDER BY clause must be part of the primary key");
      if (is_hash) {
        hash_ordered = true;
        hash_descending = k.descending;
      } else {
        plan_.forward = !k.descending;
      }
    }
    if (plan_.kind != PlanKind::kQuery)
      return errors::Validation("Must have at least one non-optional hash key condition in WHERE clause when using "
                                "ORDER BY clause.");
    if (hash_ordered) {
      std::stable_sort(plan_.partitions.begin(), plan_.partitions.end(),
                       [&](const json::value* a, const json::value* b) {
                         int c = CompareForOrder(*a, *b).value_or(0);
                         return hash_descending ? c > 0 : c < 0;
                       });
    }
    return aws::OkStatus();
  }

  aws::Status Exists() {
    if (context_ != Context::kTransaction)
      return errors::Validation("EXISTS can only be used in ExecuteTransaction write requests.");
    if (plan_.index) return errors::Validation("Operations on indices are not supported in transactions");
    std::vector<const Expr*> rest;
    auto key = FullKey(rest, false);
    if (!key.ok() || rest.empty()) {
      if (!key.ok() && key.error().message != kIncompleteKey) return key.take_error();
      return errors::Validation("EXISTS() must contain a single item read with additional condition");
    }
    plan_.kind = PlanKind::kConditionCheck;
    return Conditions(rest);
  }

  aws::Status Insert() {
    plan_.kind = PlanKind::kInsert;
    if (s_.item.kind != Expr::Kind::kMap && s_.item.kind != Expr::Kind::kParam)
      return errors::Validation(
          "Unsupported format in item expression. Please use struct format {...} to express item values for insert "
          "statement." + s_.item.pos.At());
    auto item = ToItem(s_.item, params_);
    if (!item.ok()) return item.take_error();
    plan_.item = std::move(*item);
    const Table& table = *plan_.table;
    const KeyAttribute* attrs[2] = {&table.hash, table.range ? &*table.range : nullptr};
    for (int k = 0; k < 2 && attrs[k]; ++k) {
      const json::value* v = plan_.item.if_contains(attrs[k]->name);
      if (!v) return errors::Validation("Key attribute should be present in the item: Key " + attrs[k]->name);
      if (!TypeIs(*v, *attrs[k]))
        return errors::Validation("Key attribute's data type should match its data type in table's schema: Key " +
                                  attrs[k]->name);
      CLOUDLET_TRY(CheckKeyValue(*attrs[k], *v, k == 0));
      plan_.key[attrs[k]->name] = *v;
    }
    plan_.storage_key = Database::ItemKey(table, plan_.key.at(table.hash.name),
                                          table.range ? &plan_.key.at(table.range->name) : nullptr);
    return aws::OkStatus();
  }

  aws::Status CheckReturning() {
    if (s_.returning != Returning::kNone && context_ == Context::kTransaction)
      return errors::Validation("RETURNING clause is not supported in ExecuteTransaction.");
    plan_.returning = s_.returning;
    return aws::OkStatus();
  }

  aws::Status Update() {
    plan_.kind = PlanKind::kUpdate;
    std::vector<const Expr*> rest;
    CLOUDLET_TRY(FullKey(rest, true));
    auto update = ToUpdate(s_.actions, bindings_);
    if (!update.ok()) return update.take_error();
    for (const auto& attr : update->TopLevelAttributes()) {
      if (plan_.table->IsKeyAttribute(attr))
        return errors::Validation("One or more parameter values were invalid: Cannot update attribute " + attr +
                                  ". This attribute is part of the key");
    }
    plan_.update = std::move(*update);
    CLOUDLET_TRY(Conditions(rest));
    // An UPDATE changes an existing item only.
    expr::Condition exists;
    exists.kind = expr::Condition::Kind::kFunction;
    exists.function = expr::Function::kAttributeExists;
    expr::Operand key;
    key.kind = expr::Operand::Kind::kPath;
    key.path.elements.push_back(expr::PathElement::Name(plan_.table->hash.name));
    exists.operands.push_back(std::move(key));
    std::vector<expr::Condition> parts;
    parts.push_back(std::move(exists));
    if (plan_.condition) parts.push_back(std::move(*plan_.condition));
    plan_.condition = AllOf(std::move(parts));
    return CheckReturning();
  }

  aws::Status Delete() {
    plan_.kind = PlanKind::kDelete;
    if (s_.returning != Returning::kNone && s_.returning != Returning::kAllOld)
      return errors::Validation("Invalid returning clause: RETURNING " + s_.returning_text +
                                " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
    std::vector<const Expr*> rest;
    CLOUDLET_TRY(FullKey(rest, true));
    CLOUDLET_TRY(Conditions(rest));
    return CheckReturning();
  }

  const Statement& s_;
  const Parameters& params_;
  Context context_;
  Plan plan_;
  Bindings bindings_;
};

}  // namespace

json::object Plan::Project(const json::object& item) const {
  if (select_all) return item;
  json::object out;
  for (const auto& p : projection) {
    if (const json::value* v = expr::Resolve(p.path, &item)) out[p.name] = *v;
  }
  return out;
}

Result<Plan> PlanStatement(const Statement& statement, TablePtr table, const Parameters& parameters,
                           Context context) {
  return Planner(statement, std::move(table), parameters, context).Run();
}

}  // namespace cloudlet::dynamodb::partiql
