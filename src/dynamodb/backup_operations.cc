// CreateBackup DescribeBackup ListBackups DeleteBackup RestoreTableFromBackup
// DescribeContinuousBackups UpdateContinuousBackups (backup_store.h holds the
// data). Point-in-time recovery can be switched on and described, but
// RestoreTableToPointInTime is not served.
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <chrono>
#include <random>
#include <set>

#include "dynamodb/backup_operations.h"
#include "dynamodb/backup_store.h"
#include "dynamodb/database.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_definitions.h"
#include "dynamodb/request_validation.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

double NowSeconds() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() / 1000.0;
}

aws::AwsError TableNotFoundException(std::string_view name) {
  return aws::AwsError::Make(400, "TableNotFoundException", fmt::format("Table not found: {}", name),
                             errors::kServiceNs);
}

void CheckName(const json::object& req, std::string_view member, std::string_view path, ConstraintErrors& errors) {
  auto* v = req.if_contains(member);
  if (v == nullptr || v->is_null()) {
    errors.Add(nullptr, path, "Member must not be null");
    return;
  }
  std::string_view name = v->get_string();
  if (name.size() < 3) errors.Add(v, path, "Member must have length greater than or equal to 3");
  if (name.size() > 255) errors.Add(v, path, "Member must have length less than or equal to 255");
  bool ok = true;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) ok = false;
  if (!ok) errors.Add(v, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
}

aws::Status CheckBackupArn(const json::object& req, ConstraintErrors& errors) {
  CLOUDLET_TRY(StringMember(req, "BackupArn"));
  auto* v = req.if_contains("BackupArn");
  if (v == nullptr || v->is_null()) {
    errors.Add(nullptr, "backupArn", "Member must not be null");
  } else {
    std::size_t n = v->get_string().size();
    if (n < 37) errors.Add(v, "backupArn", "Member must have length greater than or equal to 37");
    if (n > 1024) errors.Add(v, "backupArn", "Member must have length less than or equal to 1024");
  }
  return aws::OkStatus();
}

Result<Backup> RequireBackup(OperationContext& ctx, const json::object& req) {
  std::string_view arn = req.at("BackupArn").get_string();
  auto found = FindBackup(ctx.db, ctx.region, arn);
  if (!found.ok()) return found.take_error();
  if (!*found) return BackupNotFound(arn);
  return std::move(**found);
}

std::string_view Text(const json::object& o, std::string_view member) {
  auto* v = o.if_contains(member);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
}

json::object Details(const Backup& b, std::string_view status) {
  return json::object{{"BackupArn", b.arn},          {"BackupName", b.name},
                      {"BackupSizeBytes", b.size_bytes}, {"BackupStatus", status},
                      {"BackupType", "USER"},        {"BackupCreationDateTime", b.created}};
}

std::string_view BillingModeOf(const json::object& description) {
  if (auto* s = description.if_contains("BillingModeSummary")) return Text(s->as_object(), "BillingMode");
  return "PROVISIONED";
}

json::object Description(Database& db, const Backup& b, std::string_view status) {
  Table source = TableFromRecord(b.table);
  const json::object& d = source.description;
  json::object table;
  for (const char* member : {"TableName", "TableId", "TableArn", "KeySchema", "ProvisionedThroughput"})
    if (auto* v = d.if_contains(member)) table[member] = *v;
  table["TableSizeBytes"] = b.size_bytes;
  table["TableCreationDateTime"] = d.at("CreationDateTime");
  table["ItemCount"] = b.item_count;
  table["BillingMode"] = BillingModeOf(d);
  json::object features;
  if (!source.indexes->empty()) {
    json::object indexes;
    DescribeIndexes(db, source, Text(d, "TableArn"), indexes);
    for (const char* kind : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
      auto* list = indexes.if_contains(kind);
      if (!list) continue;
      json::array trimmed;
      for (const auto& index : list->as_array()) {
        json::object one;
        for (const char* member : {"IndexName", "KeySchema", "Projection", "ProvisionedThroughput"})
          if (auto* v = index.as_object().if_contains(member)) one[member] = *v;
        trimmed.push_back(std::move(one));
      }
      features[kind] = std::move(trimmed);
    }
  }
  if (source.ttl_attribute)
    features["TimeToLiveDescription"] =
        json::object{{"TimeToLiveStatus", "ENABLED"}, {"AttributeName", *source.ttl_attribute}};
  json::object out{{"BackupDetails", Details(b, status)}, {"SourceTableDetails", std::move(table)}};
  if (!features.empty()) out["SourceTableFeatureDetails"] = std::move(features);
  return out;
}

// The indexes of a restored table: the backup's, or the subset an override names.
aws::Status ApplyIndexOverride(const json::object& req, const char* member, bool global, Table& t) {
  auto list = ArrayMember(req, member);
  if (!list.ok()) return list.take_error();
  if (!*list) return aws::OkStatus();
  std::set<std::string> kept;
  for (const auto& index : **list) {
    if (!index.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
    std::string name(Text(index.get_object(), "IndexName"));
    bool exists = false;
    for (const auto& i : *t.indexes) exists = exists || (i.global == global && i.name == name);
    if (!exists)
      return errors::Validation(fmt::format("One or more parameter values were invalid: {} {} is not part of the "
                                            "backup", global ? "GlobalSecondaryIndex" : "LocalSecondaryIndex", name));
    kept.insert(name);
  }
  auto next = std::make_shared<IndexList>();
  for (const auto& i : *t.indexes)
    if (i.global != global || kept.contains(i.name)) next->push_back(i);
  t.indexes = std::move(next);
  return aws::OkStatus();
}

}  // namespace

Result<std::string> CreateBackup(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(StringMember(req, "TableName"));
  CLOUDLET_TRY(StringMember(req, "BackupName"));
  ConstraintErrors errors;
  CheckName(req, "BackupName", "backupName", errors);
  CheckTableName(req, errors);
  if (auto e = errors.Error()) return *e;
  std::string_view name = req.at("TableName").get_string();
  auto table = ctx.db.Find(ctx.region, TableNameOf(ctx, name));
  if (!table || table->restoring) return TableNotFoundException(name);
  auto backup = CreateTableBackup(ctx.db, *table, req.at("BackupName").get_string(), ctx.account_id);
  if (!backup.ok()) return backup.take_error();
  json::object out;
  out["BackupDetails"] = Details(*backup, backup->status);
  return json::serialize(out);
}

Result<std::string> DescribeBackup(OperationContext& ctx, json::object& req) {
  ConstraintErrors errors;
  CLOUDLET_TRY(CheckBackupArn(req, errors));
  if (auto e = errors.Error()) return *e;
  auto backup = RequireBackup(ctx, req);
  if (!backup.ok()) return backup.take_error();
  json::object out;
  out["BackupDescription"] = Description(ctx.db, *backup, backup->status);
  return json::serialize(out);
}

Result<std::string> DeleteBackup(OperationContext& ctx, json::object& req) {
  ConstraintErrors errors;
  CLOUDLET_TRY(CheckBackupArn(req, errors));
  if (auto e = errors.Error()) return *e;
  auto backup = RequireBackup(ctx, req);
  if (!backup.ok()) return backup.take_error();
  json::object description = Description(ctx.db, *backup, "DELETED");
  CLOUDLET_TRY(DeleteTableBackup(ctx.db, ctx.region, *backup));
  json::object out;
  out["BackupDescription"] = std::move(description);
  return json::serialize(out);
}

Result<std::string> ListBackups(OperationContext& ctx, json::object& req) {
  auto table_name = StringMember(req, "TableName");
  if (!table_name.ok()) return table_name.take_error();
  auto start = StringMember(req, "ExclusiveStartBackupArn");
  if (!start.ok()) return start.take_error();
  auto limit = IntMember(req, "Limit");
  if (!limit.ok()) return limit.take_error();
  CLOUDLET_TRY(StringMember(req, "BackupType"));
  for (const char* bound : {"TimeRangeLowerBound", "TimeRangeUpperBound"})
    if (auto* v = req.if_contains(bound); v && !v->is_null() && !v->is_number())
      return errors::Serialization("Unexpected value type in payload: expected timestamp");
  ConstraintErrors errors;
  if (*limit && **limit < 1) errors.Add(req.if_contains("Limit"), "limit", "Member must have value greater than or equal to 1");
  if (*limit && **limit > 100) errors.Add(req.if_contains("Limit"), "limit", "Member must have value less than or equal to 100");
  if (*table_name) CheckTableName(req, errors);
  if (*start && (*start)->size() < 37)
    errors.Add(req.if_contains("ExclusiveStartBackupArn"), "exclusiveStartBackupArn",
               "Member must have length greater than or equal to 37");
  CheckEnum(req, "BackupType", "backupType", {"USER", "SYSTEM", "AWS_BACKUP", "ALL"}, errors);
  if (auto e = errors.Error()) return *e;
  auto bound = [&](const char* member, double fallback) {
    auto* v = req.if_contains(member);
    return v && v->is_number() ? v->to_number<double>() : fallback;
  };
  double lower = bound("TimeRangeLowerBound", -1), upper = bound("TimeRangeUpperBound", 1e300);
  std::string_view type = Text(req, "BackupType");
  bool user_backups = type.empty() || type == "USER" || type == "ALL";
  std::string_view wanted = *table_name ? TableNameOf(ctx, **table_name) : std::string_view{};
  auto all = ListRegionBackups(ctx.db, ctx.region, *start ? **start : std::string_view{});
  if (!all.ok()) return all.take_error();
  std::size_t n = *limit ? std::size_t(**limit) : SIZE_MAX;
  json::array summaries;
  json::object out;
  for (const auto& b : *all) {
    if (!user_backups) break;
    const json::object& d = b.table.at("description").as_object();
    if (!wanted.empty() && Text(d, "TableName") != wanted) continue;
    if (b.created < lower || b.created >= upper) continue;
    if (summaries.size() == n) {
      out["LastEvaluatedBackupArn"] = summaries.back().at("BackupArn");
      break;
    }
    json::object s = Details(b, b.status);
    s["TableName"] = d.at("TableName");
    s["TableId"] = d.at("TableId");
    s["TableArn"] = d.at("TableArn");
    summaries.push_back(std::move(s));
  }
  out["BackupSummaries"] = std::move(summaries);
  return json::serialize(out);
}

Result<std::string> RestoreTableFromBackup(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(StringMember(req, "TargetTableName"));
  CLOUDLET_TRY(StringMember(req, "BillingModeOverride"));
  auto pt_member = ObjectMember(req, "ProvisionedThroughputOverride");
  if (!pt_member.ok()) return pt_member.take_error();
  ConstraintErrors errors;
  CLOUDLET_TRY(CheckBackupArn(req, errors));
  CheckName(req, "TargetTableName", "targetTableName", errors);
  CheckEnum(req, "BillingModeOverride", "billingModeOverride", {"PROVISIONED", "PAY_PER_REQUEST"}, errors);
  if (auto e = errors.Error()) return *e;
  auto backup = RequireBackup(ctx, req);
  if (!backup.ok()) return backup.take_error();
  std::string target_name(req.at("TargetTableName").get_string());
  if (ctx.db.Find(ctx.region, target_name))
    return aws::AwsError::Make(400, "TableAlreadyExistsException", "Table already exists: " + target_name,
                               errors::kServiceNs);

  Table t = TableFromRecord(backup->table);
  // Tags, streams, TTL and deletion protection are not restored (as on DynamoDB).
  t.name = target_name;
  t.tags = {};
  t.ttl_attribute.reset();
  t.stream_id = 0;  // the restored table must not write into the source table's stream
  t.pitr_since.reset();
  t.restoring = true;
  CLOUDLET_TRY(ApplyIndexOverride(req, "GlobalSecondaryIndexOverride", true, t));
  CLOUDLET_TRY(ApplyIndexOverride(req, "LocalSecondaryIndexOverride", false, t));
  json::object& d = t.description;
  std::string source_arn(Text(d, "TableArn"));
  for (const char* member : {"StreamSpecification", "LatestStreamArn", "LatestStreamLabel", "DeletionProtectionEnabled",
                             "RestoreSummary", "GlobalSecondaryIndexes", "LocalSecondaryIndexes"})
    d.erase(member);
  double now = NowSeconds();
  d["TableName"] = target_name;
  d["TableArn"] = fmt::format("arn:aws:dynamodb:{}:{}:table/{}", ctx.region, ctx.account_id, target_name);
  {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    uint64_t a = rng(), b = rng();
    d["TableId"] = fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", uint32_t(a >> 32), uint16_t(a >> 16),
                               uint16_t(a) & 0xFFF, uint16_t((b >> 48) & 0x3FFF) | 0x8000, b & 0xFFFFFFFFFFFFull);
  }
  d["CreationDateTime"] = now;
  std::string_view billing = Text(req, "BillingModeOverride");
  if (billing == "PAY_PER_REQUEST") {
    d["BillingModeSummary"] = {{"BillingMode", "PAY_PER_REQUEST"}, {"LastUpdateToPayPerRequestDateTime", now}};
    d["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}};
  } else if (billing == "PROVISIONED" || *pt_member) {
    if (!*pt_member && BillingModeOf(d) != "PROVISIONED")
      return errors::Validation("One or more parameter values were invalid: ProvisionedThroughput must be specified "
                                "when BillingMode is PROVISIONED");
    d["BillingModeSummary"] = {{"BillingMode", "PROVISIONED"}};
    if (*pt_member) {
      const json::object& pt = **pt_member;
      if (!pt.contains("ReadCapacityUnits") || !pt.contains("WriteCapacityUnits") ||
          !pt.at("ReadCapacityUnits").is_number() || !pt.at("WriteCapacityUnits").is_number())
        return errors::Validation("One or more parameter values were invalid: ReadCapacityUnits and "
                                  "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
      d["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0},
                                    {"ReadCapacityUnits", pt.at("ReadCapacityUnits")},
                                    {"WriteCapacityUnits", pt.at("WriteCapacityUnits")}};
    }
  }
  // Definitions no remaining key uses go with the indexes left out.
  std::set<std::string> used = {t.hash.name};
  if (t.range) used.insert(t.range->name);
  for (const auto& i : *t.indexes) i.ForEachKeyAttribute([&](const KeyAttribute& a) { used.insert(a.name); });
  json::array defs;
  for (const auto& def : d.at("AttributeDefinitions").as_array())
    if (used.contains(std::string(Text(def.as_object(), "AttributeName")))) defs.push_back(def);
  d["AttributeDefinitions"] = std::move(defs);
  d["RestoreSummary"] = json::object{{"SourceBackupArn", backup->arn},
                                     {"SourceTableArn", source_arn},
                                     {"RestoreDateTime", now},
                                     {"RestoreInProgress", true}};
  auto created = RestoreBackup(ctx.db, *backup, std::move(t));
  if (!created.ok()) {
    if (created.error().code == "ResourceInUseException")
      return aws::AwsError::Make(400, "TableAlreadyExistsException", "Table already exists: " + target_name,
                                 errors::kServiceNs);
    return created.take_error();
  }
  json::object description = (*created)->description;
  description["TableStatus"] = "CREATING";
  description["ItemCount"] = 0;
  description["TableSizeBytes"] = 0;
  if (!(*created)->indexes->empty()) DescribeIndexes(ctx.db, **created, Text(description, "TableArn"), description);
  json::object out;
  out["TableDescription"] = std::move(description);
  return json::serialize(out);
}

Result<std::string> RestoreTableToPointInTime(OperationContext&, json::object&) {
  return aws::AwsError::Make(400, "UnknownOperationException", "", errors::kCoralNs);
}

Result<std::string> DescribeContinuousBackups(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(StringMember(req, "TableName"));
  ConstraintErrors errors;
  CheckTableName(req, errors);
  if (auto e = errors.Error()) return *e;
  std::string_view name = req.at("TableName").get_string();
  auto table = ctx.db.Find(ctx.region, TableNameOf(ctx, name));
  if (!table) return TableNotFoundException(name);
  json::object pitr;
  if (table->pitr_since) {
    pitr = {{"PointInTimeRecoveryStatus", "ENABLED"},
            {"RecoveryPeriodInDays", 35},
            {"EarliestRestorableDateTime", *table->pitr_since},
            {"LatestRestorableDateTime", NowSeconds()}};
  } else {
    pitr = {{"PointInTimeRecoveryStatus", "DISABLED"}};
  }
  json::object out;
  out["ContinuousBackupsDescription"] =
      json::object{{"ContinuousBackupsStatus", "ENABLED"}, {"PointInTimeRecoveryDescription", std::move(pitr)}};
  return json::serialize(out);
}

Result<std::string> UpdateContinuousBackups(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(StringMember(req, "TableName"));
  auto spec = ObjectMember(req, "PointInTimeRecoverySpecification");
  if (!spec.ok()) return spec.take_error();
  ConstraintErrors errors;
  CheckTableName(req, errors);
  std::optional<bool> enabled;
  if (!*spec) {
    errors.Add(nullptr, "pointInTimeRecoverySpecification", "Member must not be null");
  } else {
    auto e = BoolMember(**spec, "PointInTimeRecoveryEnabled");
    if (!e.ok()) return e.take_error();
    enabled = *e;
    if (!enabled)
      errors.Add(nullptr, "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled", "Member must not be null");
    auto days = IntMember(**spec, "RecoveryPeriodInDays");
    if (!days.ok()) return days.take_error();
    if (*days && (**days < 1 || **days > 35))
      errors.Add((*spec)->if_contains("RecoveryPeriodInDays"), "pointInTimeRecoverySpecification.recoveryPeriodInDays",
                 **days < 1 ? "Member must have value greater than or equal to 1"
                            : "Member must have value less than or equal to 35");
    if (*days && **days != 35)
      return errors::Validation("RecoveryPeriodInDays other than 35 is not supported by cloudlet");
  }
  if (auto e = errors.Error()) return *e;
  std::string_view name = req.at("TableName").get_string();
  auto found = ctx.db.Find(ctx.region, TableNameOf(ctx, name));
  if (!found) return TableNotFoundException(name);
  Table table = *found;
  if (*enabled && !table.pitr_since) table.pitr_since = NowSeconds();
  if (!*enabled) table.pitr_since.reset();
  CLOUDLET_TRY(ctx.db.Replace(table));
  json::object q{{"TableName", table.name}};
  return DescribeContinuousBackups(ctx, q);
}

}  // namespace cloudlet::dynamodb
