#include "dynamodb/backup_store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <chrono>
#include <mutex>
#include <random>
#include <set>

#include "dynamodb/errors.h"
#include "dynamodb/key_codec.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

namespace {

constexpr char kBackupTag = 0x16;
constexpr char kBackupItemTag = 0x17;
constexpr std::size_t kItemPrefixBytes = 5;  // 0x10 table-id(4)

// Backups a running restore reads (BackupInUseException for DeleteBackup).
std::mutex in_use_mu;
std::multiset<std::string> in_use;

aws::AwsError StorageError(const storage::Status& st) {
  return errors::InternalServerError("storage: " + st.ToString());
}

std::string RecordKey(std::string_view region, std::string_view arn) {
  std::string key(1, kBackupTag);
  key.append(region);
  key.push_back('\0');
  key.append(arn);
  return key;
}

std::string ItemsPrefix(uint32_t backup_id) {
  std::string out(1, kBackupItemTag);
  for (int i = 3; i >= 0; --i) out.push_back(char(backup_id >> (8 * i)));
  return out;
}

json::object ToRecord(const Backup& b) {
  return json::object{{"arn", b.arn},       {"name", b.name},          {"id", b.id},
                      {"status", b.status}, {"created", b.created},    {"size", b.size_bytes},
                      {"count", b.item_count}, {"table", b.table}};
}

Backup FromRecord(const json::object& o) {
  Backup b;
  b.arn = std::string(o.at("arn").as_string());
  b.name = std::string(o.at("name").as_string());
  b.id = uint32_t(o.at("id").to_number<uint64_t>());
  b.status = std::string(o.at("status").as_string());
  b.created = o.at("created").to_number<double>();
  b.size_bytes = o.at("size").to_number<uint64_t>();
  b.item_count = o.at("count").to_number<uint64_t>();
  b.table = o.at("table").as_object();
  return b;
}

double NowSeconds() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() / 1000.0;
}

// "01700000000000-1a2b3c4d": creation milliseconds and a random tail, as DynamoDB's backup ARNs end.
std::string BackupSuffix(double created) {
  thread_local std::mt19937 rng{std::random_device{}()};
  return fmt::format("{:014d}-{:08x}", int64_t(created * 1000), rng());
}

class InUse {
 public:
  explicit InUse(std::string arn) : arn_(std::move(arn)) {
    std::lock_guard lock(in_use_mu);
    in_use.insert(arn_);
  }
  ~InUse() {
    std::lock_guard lock(in_use_mu);
    in_use.erase(in_use.find(arn_));
  }

 private:
  std::string arn_;
};

// The restore job: copies the backup's items into the table through the
// item write path, then marks the table ACTIVE.
void StartRestoreJob(Database& db, const Table& table, const Backup& backup) {
  auto shared = std::make_shared<const Table>(table);
  auto use = std::make_shared<InUse>(backup.arn);
  std::string source = ItemsPrefix(backup.id);
  db.RunInBackground([&db, shared, use, source](std::stop_token stop) {
    const Table& t = *shared;
    std::string table_prefix = Database::TablePrefix(t);
    auto it = db.store().NewIterator(
        storage::IteratorOptions{.lower_bound = source, .upper_bound = PrefixEnd(source), .fill_cache = false});
    std::size_t seen = 0;
    for (it->Seek(source); it->Valid(); it->Next()) {
      if (stop.stop_requested()) return;
      if (++seen % 1024 == 0) {
        auto current = db.Find(t.region, t.name);
        if (!current || current->id != t.id) return;  // dropped meanwhile
      }
      std::string key = table_prefix;
      key.append(it->key().substr(source.size()));
      json::object item = json::parse(it->value()).as_object();
      std::lock_guard lock(db.LockFor(key));
      StagedWrites staged;
      // The item as it was: its index keys were valid for the same definitions.
      if (!db.StageItemWrite(t, key, nullptr, &item, it->value(), staged).ok()) continue;
      if (!db.CommitStaged(staged).ok()) return;
    }
    if (!it->status().ok()) return;
    (void)db.Modify(t.region, t.name, t.id, [](Table& current) {
      current.restoring = false;
      if (auto* summary = current.description.if_contains("RestoreSummary"))
        summary->as_object()["RestoreInProgress"] = false;
      return aws::OkStatus();
    });
  });
}

}  // namespace

aws::AwsError BackupNotFound(std::string_view arn) {
  return aws::AwsError::Make(400, "BackupNotFoundException", fmt::format("Backup not found: {}", arn),
                             errors::kServiceNs);
}

aws::AwsError BackupInUse() {
  return aws::AwsError::Make(400, "BackupInUseException",
                             "There is another ongoing conflicting backup control plane operation on the table. The "
                             "backup is either being created, deleted or restored to a table.",
                             errors::kServiceNs);
}

aws::Result<Backup> CreateTableBackup(Database& db, const Table& table, std::string_view name,
                                      std::string_view account_id) {
  auto id = db.NewIndexId();
  if (!id.ok()) return id.take_error();
  Backup b;
  b.name = std::string(name);
  b.id = *id;
  b.created = NowSeconds();
  b.arn = fmt::format("arn:aws:dynamodb:{}:{}:table/{}/backup/{}", table.region, account_id, table.name,
                      BackupSuffix(b.created));
  b.table = TableRecord(table);
  std::string target = ItemsPrefix(b.id);
  std::string prefix = Database::TablePrefix(table);
  auto snapshot = db.store().GetSnapshot();
  auto it = db.store().NewIterator(storage::IteratorOptions{
      .lower_bound = prefix, .upper_bound = PrefixEnd(prefix), .snapshot = snapshot.get(), .fill_cache = false});
  storage::WriteBatch batch;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    std::string key = target;
    key.append(it->key().substr(kItemPrefixBytes));
    batch.Put(key, it->value());
    ++b.item_count;
    b.size_bytes += it->value().size();
    if (batch.ByteSize() >= (4u << 20)) {
      if (auto st = db.store().Write(batch); !st.ok()) return StorageError(st);
      batch.Clear();
    }
  }
  if (!it->status().ok()) return StorageError(it->status());
  // The record last, with the final batch: a backup is listed only once complete.
  batch.Put(RecordKey(table.region, b.arn), json::serialize(ToRecord(b)));
  if (auto st = db.store().Write(batch); !st.ok()) return StorageError(st);
  return b;
}

aws::Result<std::optional<Backup>> FindBackup(Database& db, std::string_view region, std::string_view arn) {
  std::string value;
  auto st = db.store().Get(RecordKey(region, arn), &value);
  if (st.IsNotFound()) return std::optional<Backup>{};
  if (!st.ok()) return StorageError(st);
  return std::optional<Backup>{FromRecord(json::parse(value).as_object())};
}

aws::Result<std::vector<Backup>> ListRegionBackups(Database& db, std::string_view region,
                                                   std::string_view exclusive_start) {
  std::string lower = RecordKey(region, exclusive_start);
  if (!exclusive_start.empty()) lower.push_back('\0');
  std::string prefix = RecordKey(region, "");
  std::vector<Backup> out;
  auto it = db.store().NewIterator(storage::IteratorOptions{.lower_bound = lower, .upper_bound = PrefixEnd(prefix)});
  for (it->Seek(lower); it->Valid(); it->Next()) out.push_back(FromRecord(json::parse(it->value()).as_object()));
  if (!it->status().ok()) return StorageError(it->status());
  return out;
}

aws::Status DeleteTableBackup(Database& db, std::string_view region, const Backup& backup) {
  std::lock_guard lock(in_use_mu);
  if (in_use.contains(backup.arn)) return BackupInUse();
  std::string items = ItemsPrefix(backup.id);
  storage::WriteBatch batch;
  batch.Delete(RecordKey(region, backup.arn));
  batch.DeleteRange(items, PrefixEnd(items));
  if (auto st = db.store().Write(batch); !st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Result<TablePtr> RestoreBackup(Database& db, const Backup& backup, Table target) {
  auto created = db.Create(std::move(target));
  if (!created.ok()) return created.take_error();
  StartRestoreJob(db, **created, backup);
  return created;
}

void ResumeBackupJobs(Database& db) {
  for (const auto& table : db.AllTables()) {
    if (!table->restoring) continue;
    auto* summary = table->description.if_contains("RestoreSummary");
    auto* arn = summary ? summary->as_object().if_contains("SourceBackupArn") : nullptr;
    if (!arn || !arn->is_string()) continue;
    auto backup = FindBackup(db, table->region, arn->get_string());
    if (backup.ok() && *backup) StartRestoreJob(db, *table, **backup);
  }
}

}  // namespace cloudlet::dynamodb
