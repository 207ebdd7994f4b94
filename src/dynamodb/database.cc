#include "dynamodb/database.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "dynamodb/errors.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/ttl_index.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

namespace {

constexpr char kCatalogTag = 0x01;
constexpr char kCounterTag = 0x02;
constexpr char kItemTag = 0x10;
constexpr char kCollectionTag = 0x12;
const std::string kNextIdKey = std::string(1, kCounterTag) + "next-table-id";

void AppendBigEndian32(uint32_t v, std::string* out) {
  char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  out->append(b, 4);
}

aws::AwsError StorageError(const storage::Status& st) {
  return errors::InternalServerError("storage: " + st.ToString());
}

}  // namespace

json::object TableRecord(const Table& t) {
  json::object o;
  o["region"] = t.region;
  o["name"] = t.name;
  o["id"] = t.id;
  o["hash"] = json::object{{"name", t.hash.name}, {"type", t.hash.type}};
  if (t.range) o["range"] = json::object{{"name", t.range->name}, {"type", t.range->type}};
  o["description"] = t.description;
  o["tags"] = t.tags;
  if (t.stream_id != 0) o["stream_id"] = t.stream_id;
  if (!t.indexes->empty()) {
    json::array indexes;
    for (const auto& index : *t.indexes) indexes.push_back(IndexRecord(index));
    o["indexes"] = std::move(indexes);
  }
  if (t.ttl_attribute) o["ttl"] = *t.ttl_attribute;
  if (t.pitr_since) o["pitr"] = *t.pitr_since;
  if (t.restoring) o["restoring"] = true;
  return o;
}

Table TableFromRecord(const json::object& o) {
  Table t;
  t.region = std::string(o.at("region").as_string());
  t.name = std::string(o.at("name").as_string());
  t.id = static_cast<uint32_t>(o.at("id").to_number<uint64_t>());
  t.hash = {std::string(o.at("hash").at("name").as_string()), std::string(o.at("hash").at("type").as_string())};
  if (auto* r = o.if_contains("range"))
    t.range = KeyAttribute{std::string(r->at("name").as_string()), std::string(r->at("type").as_string())};
  t.description = o.at("description").as_object();
  t.tags = o.at("tags").as_object();
  if (auto* stream = o.if_contains("stream_id")) t.stream_id = static_cast<uint32_t>(stream->to_number<uint64_t>());
  if (auto* indexes = o.if_contains("indexes")) {
    auto list = std::make_shared<IndexList>();
    for (const auto& record : indexes->as_array()) list->push_back(IndexFromRecord(record.as_object()));
    t.indexes = std::move(list);
    t.live_indexes->Store(t.indexes);
  }
  if (auto* ttl = o.if_contains("ttl"); ttl && ttl->is_string()) t.ttl_attribute = std::string(ttl->get_string());
  t.live_ttl->Store(t.ttl_attribute);
  if (auto* pitr = o.if_contains("pitr"); pitr && pitr->is_number()) t.pitr_since = pitr->to_number<double>();
  if (auto* restoring = o.if_contains("restoring"); restoring && restoring->is_bool()) t.restoring = restoring->get_bool();
  return t;
}

Database::Database(storage::KvStore& store) : store_(store) { Load(); }

Database::~Database() {
  std::vector<std::jthread> jobs;
  {
    std::lock_guard lock(jobs_mu_);
    jobs.swap(jobs_);
  }
  for (auto& job : jobs) job.request_stop();
  jobs.clear();  // joins
}

void Database::RunInBackground(std::function<void(std::stop_token)> job) {
  std::lock_guard lock(jobs_mu_);
  std::erase_if(jobs_, [](std::jthread& t) { return !t.joinable(); });
  jobs_.emplace_back(std::move(job));
}

void Database::WaitForWritesInFlight() {
  for (auto& stripe : stripes_) std::lock_guard lock(stripe);
}

std::string Database::CatalogKey(std::string_view region, std::string_view name) {
  std::string key(1, kCatalogTag);
  key.append(region);
  key.push_back('\0');
  key.append(name);
  return key;
}

void Database::Load() {
  std::string value;
  if (store_.Get(kNextIdKey, &value).ok() && value.size() == 4) {
    next_id_ = (uint32_t(uint8_t(value[0])) << 24) | (uint32_t(uint8_t(value[1])) << 16) |
               (uint32_t(uint8_t(value[2])) << 8) | uint32_t(uint8_t(value[3]));
  }
  std::string lower(1, kCatalogTag), upper(1, kCatalogTag + 1);
  auto it = store_.NewIterator(storage::IteratorOptions{.lower_bound = lower, .upper_bound = upper});
  for (it->Seek(lower); it->Valid(); it->Next()) {
    boost::system::error_code ec;
    auto parsed = json::parse(it->value(), ec);
    if (ec || !parsed.is_object()) continue;
    auto table = std::make_shared<const Table>(TableFromRecord(parsed.as_object()));
    tables_[std::string(it->key())] = std::move(table);
  }
}

TablePtr Database::Find(std::string_view region, std::string_view name) const {
  std::string key = CatalogKey(region, name);
  std::shared_lock lock(catalog_mu_);
  auto it = tables_.find(key);
  return it == tables_.end() ? nullptr : it->second;
}

aws::Status Database::Persist(const Table& table) {
  auto st = store_.Put(CatalogKey(table.region, table.name), json::serialize(TableRecord(table)));
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Result<TablePtr> Database::Create(Table table) {
  std::unique_lock lock(catalog_mu_);
  std::string key = CatalogKey(table.region, table.name);
  if (tables_.contains(key)) return errors::ResourceInUse("Table already exists: " + table.name);
  table.id = next_id_++;
  if (!table.indexes->empty()) {
    auto indexes = std::make_shared<IndexList>(*table.indexes);
    for (auto& index : *indexes) index.id = next_id_++;
    table.indexes = std::move(indexes);
  }
  table.live_indexes = std::make_shared<LiveIndexes>(table.indexes);
  table.live_ttl = std::make_shared<LiveTimeToLive>();
  table.live_ttl->Store(table.ttl_attribute);
  std::string counter;
  AppendBigEndian32(next_id_, &counter);
  storage::WriteBatch batch;
  batch.Put(kNextIdKey, counter);
  batch.Put(key, json::serialize(TableRecord(table)));
  if (auto st = store_.Write(batch); !st.ok()) return StorageError(st);
  auto ptr = std::make_shared<const Table>(std::move(table));
  tables_[key] = ptr;
  return TablePtr(ptr);
}

aws::Status Database::Replace(Table table) {
  std::unique_lock lock(catalog_mu_);
  std::string key = CatalogKey(table.region, table.name);
  auto it = tables_.find(key);
  if (it == tables_.end() || it->second->id != table.id) return errors::TableNotFound(table.name);
  CLOUDLET_TRY(Persist(table));
  table.live_indexes = it->second->live_indexes;
  table.live_indexes->Store(table.indexes);
  table.live_ttl = it->second->live_ttl;
  table.live_ttl->Store(table.ttl_attribute);
  it->second = std::make_shared<const Table>(std::move(table));
  return aws::OkStatus();
}

aws::Status Database::Modify(std::string_view region, std::string_view name, uint32_t table_id,
                             const std::function<aws::Status(Table&)>& change) {
  std::unique_lock lock(catalog_mu_);
  auto it = tables_.find(CatalogKey(region, name));
  if (it == tables_.end() || it->second->id != table_id) return errors::TableNotFound(std::string(name));
  Table table = *it->second;
  CLOUDLET_TRY(change(table));
  CLOUDLET_TRY(Persist(table));
  table.live_indexes->Store(table.indexes);
  table.live_ttl->Store(table.ttl_attribute);
  it->second = std::make_shared<const Table>(std::move(table));
  return aws::OkStatus();
}

aws::Result<uint32_t> Database::NewIndexId() {
  std::unique_lock lock(catalog_mu_);
  uint32_t id = next_id_++;
  std::string counter;
  AppendBigEndian32(next_id_, &counter);
  if (auto st = store_.Put(kNextIdKey, counter); !st.ok()) return StorageError(st);
  return id;
}

aws::Result<TablePtr> Database::Drop(std::string_view region, std::string_view name) {
  std::unique_lock lock(catalog_mu_);
  std::string key = CatalogKey(region, name);
  auto it = tables_.find(key);
  if (it == tables_.end()) return errors::TableNotFound(std::string(name));
  TablePtr table = it->second;
  std::string prefix = TablePrefix(*table);
  storage::WriteBatch batch;
  batch.Delete(key);
  batch.DeleteRange(prefix, PrefixEnd(prefix));
  for (const auto& index : *table->indexes) {
    std::string index_prefix = IndexPrefix(index.id);
    batch.DeleteRange(index_prefix, PrefixEnd(index_prefix));
  }
  std::string collections = prefix;
  collections[0] = kCollectionTag;
  batch.DeleteRange(collections, PrefixEnd(collections));
  std::string expiries = TimeToLivePrefix(table->id);
  batch.DeleteRange(expiries, PrefixEnd(expiries));
  if (auto st = store_.Write(batch); !st.ok()) return StorageError(st);
  tables_.erase(it);
  return table;
}

std::vector<TablePtr> Database::List(std::string_view region, std::string_view exclusive_start,
                                     std::size_t limit) const {
  std::vector<TablePtr> out;
  std::string start = CatalogKey(region, exclusive_start);
  std::string region_prefix = CatalogKey(region, "");
  std::shared_lock lock(catalog_mu_);
  auto it = exclusive_start.empty() ? tables_.lower_bound(region_prefix) : tables_.upper_bound(start);
  for (; it != tables_.end() && out.size() < limit && it->first.starts_with(region_prefix); ++it)
    out.push_back(it->second);
  return out;
}

std::vector<TablePtr> Database::AllTables() const {
  std::shared_lock lock(catalog_mu_);
  std::vector<TablePtr> out;
  for (const auto& [key, table] : tables_) out.push_back(table);
  return out;
}

std::size_t Database::CountTables(std::string_view region) const {
  return List(region, "", SIZE_MAX).size();
}

Database::Stats Database::TableStats(const Table& table) const {
  Stats stats;
  std::string prefix = TablePrefix(table);
  std::string upper = PrefixEnd(prefix);
  auto it = store_.NewIterator(storage::IteratorOptions{.lower_bound = prefix, .upper_bound = upper});
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    ++stats.item_count;
    stats.size_bytes += it->value().size();
  }
  return stats;
}

Database::Stats Database::IndexStats(const SecondaryIndex& index) const {
  Stats stats;
  std::string prefix = IndexPrefix(index.id);
  std::string upper = PrefixEnd(prefix);
  auto it = store_.NewIterator(storage::IteratorOptions{.lower_bound = prefix, .upper_bound = upper});
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    ++stats.item_count;
    stats.size_bytes += it->value().size();
  }
  return stats;
}

std::string Database::TablePrefix(const Table& table) {
  std::string prefix(1, kItemTag);
  AppendBigEndian32(table.id, &prefix);
  return prefix;
}

std::string Database::PartitionPrefix(const Table& table, const json::value& hash_value) {
  std::string out;
  AppendPartitionPrefix(TablePrefix(table), hash_value, &out);
  return out;
}

std::string Database::ItemKey(const Table& table, const json::value& hash_value, const json::value* range_value) {
  std::string key = PartitionPrefix(table, hash_value);
  if (range_value) EncodeKeyValue(*range_value, &key);
  return key;
}

aws::Result<std::optional<std::string>> Database::GetItem(std::string_view key) const {
  std::string value;
  auto st = store_.Get(key, &value);
  if (st.IsNotFound()) return std::optional<std::string>{};
  if (!st.ok()) return StorageError(st);
  return std::optional<std::string>{std::move(value)};
}

StagedWrites::StagedWrites() : batch_(std::make_unique<storage::WriteBatch>()) {}
StagedWrites::~StagedWrites() = default;

aws::Status Database::WriteItem(const Table& table, std::string_view key, const std::optional<std::string>* old_text,
                                const json::object* new_item, std::string_view new_text, IndexWriteCounts* counts,
                                ChangeOrigin origin) {
  bool captured = capture_ != nullptr && capture_->Enabled(table);
  if (!captured && !table.live_indexes->any.load() && !table.live_ttl->enabled.load()) {
    auto st = new_item ? store_.Put(key, new_text) : store_.Delete(key);
    if (!st.ok()) return StorageError(st);
    return aws::OkStatus();
  }
  StagedWrites staged;
  CLOUDLET_TRY(StageItemWrite(table, key, old_text, new_item, new_text, staged, counts, origin));
  return CommitStaged(staged);
}

aws::Status Database::StageItemWrite(const Table& table, std::string_view key,
                                     const std::optional<std::string>* old_text, const json::object* new_item,
                                     std::string_view new_text, StagedWrites& staged, IndexWriteCounts* counts,
                                     ChangeOrigin origin) {
  bool captured = capture_ != nullptr && capture_->Enabled(table);
  bool indexed = table.live_indexes->any.load();
  IndexListPtr indexes = indexed ? table.live_indexes->list.load() : nullptr;
  std::shared_ptr<const std::string> ttl_attribute;
  if (table.live_ttl->enabled.load()) ttl_attribute = table.live_ttl->attribute.load();
  if (indexed && new_item) CLOUDLET_TRY(CheckIndexKeys(*indexes, *new_item));
  std::optional<std::string> read_here;
  if ((indexed || captured || ttl_attribute) && old_text == nullptr) {
    auto got = GetItem(key);
    if (!got.ok()) return got.take_error();
    read_here = std::move(got.value());
    old_text = &read_here;
  }
  json::object old_item;
  if (old_text && *old_text) old_item = json::parse(**old_text).as_object();
  const json::object* old_ptr = old_text && *old_text ? &old_item : nullptr;
  std::string_view old_view = old_ptr ? std::string_view(**old_text) : std::string_view{};
  // Stage into a scratch batch first, so a failure leaves `staged` as it was.
  storage::WriteBatch batch;
  if (indexed) {
    AddIndexChanges(*indexes, table.Keys(), old_ptr, new_item, new_text, batch, counts);
    bool has_lsi = std::any_of(indexes->begin(), indexes->end(), [](const auto& i) { return !i.global; });
    if (has_lsi) {
      // The collection key is the item key's partition prefix: 0x12 in place of 0x10.
      std::string partition =
          PartitionPrefix(table, new_item ? new_item->at(table.hash.name) : old_item.at(table.hash.name));
      CLOUDLET_TRY(UpdateCollectionSize(table, *indexes, partition, old_ptr, old_view, new_item, new_text, staged,
                                        counts));
    }
  }
  if (ttl_attribute) AddTimeToLiveChanges(table.id, *ttl_attribute, key, old_ptr, new_item, batch);
  if (captured) CLOUDLET_TRY(capture_->Stage(table, key, old_ptr, old_view, new_item, new_text, origin, batch));
  if (new_item) {
    batch.Put(key, new_text);
  } else {
    batch.Delete(key);
  }
  staged.batch().AppendBatch(batch);
  return aws::OkStatus();
}

aws::Status Database::CommitStaged(StagedWrites& staged) {
  for (const auto& [key, size] : staged.collection_sizes_) {
    if (size == 0) {
      staged.batch().Delete(key);
    } else {
      char b[8];
      for (int i = 0; i < 8; ++i) b[i] = char(size >> (56 - 8 * i));
      staged.batch().Put(key, std::string_view(b, 8));
    }
  }
  staged.collection_sizes_.clear();
  auto st = store_.Write(staged.batch());
  staged.collection_locks_.clear();
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Status Database::UpdateCollectionSize(const Table& table, const IndexList& indexes, std::string_view partition,
                                           const json::object* old_item, std::string_view old_text,
                                           const json::object* new_item, std::string_view new_text,
                                           StagedWrites& staged, IndexWriteCounts* counts) {
  std::string key(partition);
  key[0] = kCollectionTag;
  std::size_t stripe = std::hash<std::string>{}(key) % collection_stripes_.size();
  bool held = std::any_of(staged.collection_locks_.begin(), staged.collection_locks_.end(),
                          [stripe](const auto& l) { return l.first == stripe; });
  if (!held) staged.collection_locks_.emplace_back(stripe, std::unique_lock(collection_stripes_[stripe]));
  uint64_t size = 0;
  if (auto it = staged.collection_sizes_.find(key); it != staged.collection_sizes_.end()) {
    size = it->second;
  } else {
    std::string value;
    auto st = store_.Get(key, &value);
    if (!st.ok() && !st.IsNotFound()) return StorageError(st);
    for (std::size_t i = 0; st.ok() && i < 8 && i < value.size(); ++i) size = (size << 8) | uint8_t(value[i]);
  }
  uint64_t before = old_item ? CollectionBytes(indexes, table.Keys(), *old_item, old_text) : 0;
  uint64_t after = new_item ? CollectionBytes(indexes, table.Keys(), *new_item, new_text) : 0;
  size = size >= before ? size - before : 0;
  if (after > before && size + after > collection_limit_.load())
    return aws::AwsError::Make(400, "ItemCollectionSizeLimitExceededException", "Collection size exceeded.",
                               errors::kServiceNs);
  size += after;
  staged.collection_sizes_[key] = size;
  if (counts) counts->collection_bytes = size;
  return aws::OkStatus();
}

std::mutex& Database::LockFor(std::string_view key) {
  return stripes_[std::hash<std::string_view>{}(key) % stripes_.size()];
}

TransactionLocks::~TransactionLocks() {
  if (db_) db_->UnlockTransaction(stripes_);
}

void Database::UnlockTransaction(const std::vector<std::size_t>& stripes) {
  {
    std::lock_guard lock(transaction_keys_mu_);
    for (std::size_t s : stripes) transaction_keys_.erase(s);
  }
  for (std::size_t s : stripes) stripes_[s].unlock();
}

std::optional<TransactionLocks> Database::LockTransaction(const std::vector<std::string_view>& keys,
                                                          std::vector<bool>* conflicts) {
  std::vector<std::pair<std::size_t, std::string_view>> by_stripe;
  by_stripe.reserve(keys.size());
  for (auto key : keys) by_stripe.emplace_back(std::hash<std::string_view>{}(key) % stripes_.size(), key);
  std::sort(by_stripe.begin(), by_stripe.end());
  std::vector<std::size_t> held;
  held.reserve(by_stripe.size());
  for (std::size_t i = 0; i < by_stripe.size();) {
    std::size_t s = by_stripe[i].first, end = i;
    while (end < by_stripe.size() && by_stripe[end].first == s) ++end;
    if (!stripes_[s].try_lock()) {
      bool conflict = false;
      {
        std::lock_guard lock(transaction_keys_mu_);
        if (auto it = transaction_keys_.find(s); it != transaction_keys_.end()) {
          conflicts->assign(keys.size(), false);
          for (std::size_t k = 0; k < keys.size(); ++k)
            for (const auto& other : it->second)
              if (keys[k] == other) (*conflicts)[k] = conflict = true;
        }
      }
      if (conflict) {
        UnlockTransaction(held);
        return std::nullopt;
      }
      // A single-item write, or a transaction on other items of the stripe: wait.
      stripes_[s].lock();
    }
    held.push_back(s);
    {
      std::lock_guard lock(transaction_keys_mu_);
      auto& mine = transaction_keys_[s];
      for (std::size_t k = i; k < end; ++k) mine.emplace_back(by_stripe[k].second);
    }
    i = end;
  }
  return TransactionLocks(this, std::move(held));
}

}  // namespace cloudlet::dynamodb
