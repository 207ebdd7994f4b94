#include "dynamodb/index_updates.h"

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <map>
#include <mutex>
#include <set>

#include "dynamodb/errors.h"
#include "dynamodb/index_definitions.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/request_validation.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxGlobalIndexes = 20;

aws::AwsError OneIndexAtATime() {
  return errors::LimitExceeded("Subscriber limit exceeded: Only 1 online index can be created or deleted "
                               "simultaneously per table");
}

// The table's AttributeDefinitions as a name -> type map and a printed list.
std::map<std::string, std::string> DefinitionsOf(const Table& table, std::string* list) {
  std::map<std::string, std::string> defined;
  if (auto* defs = table.description.if_contains("AttributeDefinitions")) {
    for (const auto& d : defs->as_array()) {
      std::string name(d.at("AttributeName").as_string());
      defined.emplace(name, std::string(d.at("AttributeType").as_string()));
      *list += (list->empty() ? "" : ", ") + name;
    }
  }
  return defined;
}

// Keeps only the attribute definitions some key of the table or its indexes uses.
void PruneDefinitions(Table& table) {
  std::set<std::string> used = {table.hash.name};
  if (table.range) used.insert(table.range->name);
  for (const auto& index : *table.indexes)
    index.ForEachKeyAttribute([&](const KeyAttribute& a) { used.insert(a.name); });
  json::array kept;
  for (const auto& d : table.description.at("AttributeDefinitions").as_array())
    if (used.contains(std::string(d.at("AttributeName").as_string()))) kept.push_back(d);
  table.description["AttributeDefinitions"] = std::move(kept);
}

aws::Status CreateIndex(Database& db, const json::object& create, const json::object& req, std::string_view billing,
                        Table& table, std::vector<std::function<void()>>* jobs) {
  std::string defined_list;
  auto defined = DefinitionsOf(table, &defined_list);
  // The request's definitions come first: they may define the new key attributes.
  std::map<std::string, std::string> merged = defined;
  std::string merged_list;
  if (auto* defs = req.if_contains("AttributeDefinitions"); defs && defs->is_array()) {
    for (const auto& d : defs->get_array()) {
      auto* n = d.is_object() ? d.get_object().if_contains("AttributeName") : nullptr;
      auto* t = d.is_object() ? d.get_object().if_contains("AttributeType") : nullptr;
      if (!n || !t || !n->is_string() || !t->is_string()) continue;
      std::string name(d.at("AttributeName").as_string());
      std::string type(d.at("AttributeType").as_string());
      auto existing = defined.find(name);
      if (existing != defined.end() && existing->second != type)
        return errors::Validation(fmt::format("One or more parameter values were invalid: Attribute {} is already "
                                              "defined with type {}", name, existing->second));
      merged[name] = type;
      merged_list += (merged_list.empty() ? "" : ", ") + name;
    }
  }
  for (const auto& [name, type] : defined)
    if (merged_list.find(name) == std::string::npos) merged_list += (merged_list.empty() ? "" : ", ") + name;
  auto index = ParseGlobalIndex(create, merged, merged_list, billing);
  if (!index.ok()) return index.take_error();
  if (table.FindIndex(index->name))
    return errors::Validation("One or more parameter values were invalid: Duplicate index name: " + index->name);
  std::size_t globals = 0;
  for (const auto& existing : *table.indexes) {
    if (existing.global) ++globals;
    if (existing.status != IndexStatus::kActive) return OneIndexAtATime();
  }
  if (globals + 1 > kMaxGlobalIndexes)
    return errors::LimitExceeded("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  auto id = db.NewIndexId();
  if (!id.ok()) return id.take_error();
  index->id = *id;
  index->status = IndexStatus::kCreating;
  auto list = std::make_shared<IndexList>(*table.indexes);
  list->push_back(std::move(index.value()));
  CLOUDLET_TRY(CheckProjectedAttributeLimit(*list));
  // The new key attributes join the table's definitions.
  auto& defs = table.description["AttributeDefinitions"].as_array();
  list->back().ForEachKeyAttribute([&](const KeyAttribute& key) {
    if (defined.contains(key.name)) return;
    defs.push_back(json::object{{"AttributeName", key.name}, {"AttributeType", key.type}});
  });
  uint32_t index_id = *id;
  table.indexes = std::move(list);
  jobs->push_back([&db, &table, index_id] { StartBackfill(db, table, index_id); });
  return aws::OkStatus();
}

aws::Status DeleteIndex(Database& db, const json::object& del, Table& table,
                        std::vector<std::function<void()>>* jobs) {
  std::string_view name = del.at("IndexName").as_string();
  const SecondaryIndex* index = table.FindIndex(name);
  if (!index || !index->global)
    return errors::ResourceNotFound(fmt::format("Requested resource not found: Index: {} not found", name));
  for (const auto& existing : *table.indexes)
    if (existing.status != IndexStatus::kActive) return OneIndexAtATime();
  auto list = std::make_shared<IndexList>(*table.indexes);
  uint32_t index_id = index->id;
  for (auto& i : *list)
    if (i.id == index_id) i.status = IndexStatus::kDeleting;
  table.indexes = std::move(list);
  jobs->push_back([&db, &table, index_id] { StartIndexDeletion(db, table, index_id); });
  return aws::OkStatus();
}

aws::Status UpdateIndexThroughput(const json::object& update, std::string_view billing, Table& table) {
  std::string_view name = update.at("IndexName").as_string();
  const SecondaryIndex* index = table.FindIndex(name);
  if (!index || !index->global)
    return errors::ResourceNotFound(fmt::format("Requested resource not found: Index: {} not found", name));
  if (billing == "PAY_PER_REQUEST")
    return errors::Validation(fmt::format("One or more parameter values were invalid: ProvisionedThroughput should "
                                          "not be specified for index: {} when BillingMode is PAY_PER_REQUEST", name));
  const auto& pt = update.at("ProvisionedThroughput").as_object();
  for (const char* member : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
    auto* v = pt.if_contains(member);
    if (!v || !v->is_number() || v->to_number<double>() < 1)
      return errors::Validation(fmt::format("One or more parameter values were invalid: {} must be a positive "
                                            "number for index: {}", member, name));
  }
  auto list = std::make_shared<IndexList>(*table.indexes);
  for (auto& i : *list) {
    if (i.name != name) continue;
    i.throughput["ReadCapacityUnits"] = pt.at("ReadCapacityUnits");
    i.throughput["WriteCapacityUnits"] = pt.at("WriteCapacityUnits");
  }
  table.indexes = std::move(list);
  return aws::OkStatus();
}

}  // namespace

aws::Status CheckIndexUpdateConstraints(const json::object& req, ConstraintErrors& errors) {
  auto defs = ArrayMember(req, "AttributeDefinitions");
  if (!defs.ok()) return defs.take_error();
  if (*defs) {
    std::size_t i = 0;
    for (const auto& d : **defs) {
      ++i;
      if (!d.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
      CLOUDLET_TRY(StringMember(d.get_object(), "AttributeName"));
      CLOUDLET_TRY(StringMember(d.get_object(), "AttributeType"));
      std::string at = fmt::format("attributeDefinitions.{}.member", i);
      CheckEnum(d.get_object(), "AttributeType", at + ".attributeType", {"B", "N", "S"}, errors);
      if (!d.get_object().contains("AttributeType")) errors.Add(nullptr, at + ".attributeType", "Member must not be null");
      if (!d.get_object().contains("AttributeName")) errors.Add(nullptr, at + ".attributeName", "Member must not be null");
    }
  }
  auto updates = ArrayMember(req, "GlobalSecondaryIndexUpdates");
  if (!updates.ok()) return updates.take_error();
  if (!*updates) return aws::OkStatus();
  std::size_t i = 0;
  for (const auto& u : **updates) {
    ++i;
    if (!u.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
    std::string path = fmt::format("globalSecondaryIndexUpdates.{}.member", i);
    if (auto* create = u.get_object().if_contains("Create"); create && !create->is_null())
      CLOUDLET_TRY(CheckIndexConstraints(*create, path + ".create", true, errors));
    for (const char* action : {"Delete", "Update"}) {
      auto* spec = u.get_object().if_contains(action);
      if (!spec || spec->is_null()) continue;
      if (!spec->is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
      std::string at = path + (action[0] == 'D' ? ".delete" : ".update");
      auto* name = spec->get_object().if_contains("IndexName");
      if (!name || name->is_null()) {
        errors.Add(nullptr, at + ".indexName", "Member must not be null");
      } else if (!name->is_string()) {
        return errors::Serialization("Unexpected value type in payload: expected string");
      } else if (name->get_string().size() < 3) {
        errors.Add(name, at + ".indexName", "Member must have length greater than or equal to 3");
      }
      if (action[0] == 'U') {
        auto* pt = spec->get_object().if_contains("ProvisionedThroughput");
        if (!pt || pt->is_null()) errors.Add(nullptr, at + ".provisionedThroughput", "Member must not be null");
        else if (!pt->is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
      }
    }
  }
  return aws::OkStatus();
}

aws::Status ApplyGlobalIndexUpdates(Database& db, const json::object& req, std::string_view billing, Table& table,
                                    std::vector<std::function<void()>>* jobs) {
  auto* updates = req.if_contains("GlobalSecondaryIndexUpdates");
  if (!updates || updates->is_null()) return aws::OkStatus();
  std::set<std::string> named;
  std::size_t creates_and_deletes = 0;
  for (const auto& u : updates->as_array()) {
    const auto& o = u.as_object();
    auto present = [&](const char* m) { return o.contains(m) && !o.at(m).is_null(); };
    int actions = present("Create") + present("Delete") + present("Update");
    if (actions != 1)
      return errors::Validation("One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, "
                                "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be "
                                "null");
    const char* action = present("Create") ? "Create" : present("Delete") ? "Delete" : "Update";
    std::string name(o.at(action).at("IndexName").as_string());
    if (!named.insert(name).second)
      return errors::Validation("One or more parameter values were invalid: Only one global secondary index update "
                                "per index is allowed simultaneously. Index: " + name);
    if (action[0] != 'U') ++creates_and_deletes;
  }
  if (creates_and_deletes > 1) return OneIndexAtATime();
  for (const auto& u : updates->as_array()) {
    const auto& o = u.as_object();
    if (auto* c = o.if_contains("Create"); c && !c->is_null()) {
      CLOUDLET_TRY(CreateIndex(db, c->as_object(), req, billing, table, jobs));
    } else if (auto* d = o.if_contains("Delete"); d && !d->is_null()) {
      CLOUDLET_TRY(DeleteIndex(db, d->as_object(), table, jobs));
    } else {
      CLOUDLET_TRY(UpdateIndexThroughput(o.at("Update").as_object(), billing, table));
    }
  }
  return aws::OkStatus();
}

void StartBackfill(Database& db, const Table& table, uint32_t index_id) {
  std::string region = table.region, name = table.name;
  uint32_t table_id = table.id;
  std::string prefix = Database::TablePrefix(table);
  auto shared = std::make_shared<const Table>(table);
  db.RunInBackground([&db, shared, region, name, table_id, index_id, prefix](std::stop_token stop) {
    const SecondaryIndex* index = nullptr;
    for (const auto& i : *shared->indexes)
      if (i.id == index_id) index = &i;
    if (!index) return;
    // Writes that began before the index was published may not maintain it;
    // once they are done, every later write does, and this pass sees the rest.
    db.WaitForWritesInFlight();
    auto it = db.store().NewIterator(storage::IteratorOptions{.lower_bound = prefix, .upper_bound = PrefixEnd(prefix),
                                                               .fill_cache = false});
    std::size_t seen = 0;
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      if (stop.stop_requested()) return;
      if (++seen % 1024 == 0) {
        auto current = db.Find(region, name);
        if (!current || current->id != table_id) return;  // dropped meanwhile
      }
      std::string key(it->key());
      std::lock_guard lock(db.LockFor(key));
      auto got = db.GetItem(key);
      if (!got.ok() || !*got) continue;
      json::object item = json::parse(**got).as_object();
      if (CheckIndexKeys(IndexList{*index}, item).ok()) {
        if (auto entry = IndexEntryKey(*index, shared->Keys(), item))
          (void)db.store().Put(*entry, IndexEntryValue(*index, shared->Keys(), item, **got));
      }
    }
    (void)db.Modify(region, name, table_id, [index_id](Table& t) {
      auto list = std::make_shared<IndexList>(*t.indexes);
      for (auto& i : *list)
        if (i.id == index_id && i.status == IndexStatus::kCreating) i.status = IndexStatus::kActive;
      t.indexes = std::move(list);
      return aws::OkStatus();
    });
  });
}

void StartIndexDeletion(Database& db, const Table& table, uint32_t index_id) {
  std::string region = table.region, name = table.name;
  uint32_t table_id = table.id;
  db.RunInBackground([&db, region, name, table_id, index_id](std::stop_token) {
    db.WaitForWritesInFlight();
    std::string prefix = IndexPrefix(index_id);
    storage::WriteBatch batch;
    batch.DeleteRange(prefix, PrefixEnd(prefix));
    (void)db.store().Write(batch);
    (void)db.Modify(region, name, table_id, [index_id](Table& t) {
      auto list = std::make_shared<IndexList>();
      for (const auto& i : *t.indexes)
        if (i.id != index_id) list->push_back(i);
      t.indexes = std::move(list);
      PruneDefinitions(t);
      return aws::OkStatus();
    });
  });
}

void ResumeIndexJobs(Database& db) {
  for (const auto& table : db.AllTables()) {
    for (const auto& index : *table->indexes) {
      if (index.status == IndexStatus::kCreating) StartBackfill(db, *table, index.id);
      if (index.status == IndexStatus::kDeleting) StartIndexDeletion(db, *table, index.id);
    }
  }
}

}  // namespace cloudlet::dynamodb
