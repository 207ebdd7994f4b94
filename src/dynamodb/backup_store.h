// On-demand backups in the store:
//   0x16 region 0x00 backup-arn     -> backup record (JSON, below)
//   0x17 backup-id(4) hash(4) pk sk -> the item's text at backup time
// A record holds the backup's name, status, creation time, size and item
// count, and the source table's catalog record (TableRecord) as it was, from
// which a restore builds the new table. CreateBackup copies the items from
// one store snapshot (a consistent point in time) before it answers, so an
// acknowledged backup is complete and durable. A restore copies them back
// through the item write path in the background (the new table is CREATING
// meanwhile, and resumes after a restart); the backup is in use until then.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "aws/error.h"
#include "dynamodb/database.h"

namespace cloudlet::dynamodb {

struct Backup {
  std::string arn;
  std::string name;
  uint32_t id = 0;  // the 0x17 prefix of its items
  std::string status = "AVAILABLE";
  double created = 0;  // epoch seconds
  uint64_t size_bytes = 0;
  uint64_t item_count = 0;
  boost::json::object table;  // TableRecord of the source table
};

// Copies `table`'s items as of now and records the backup.
aws::Result<Backup> CreateTableBackup(Database& db, const Table& table, std::string_view name,
                                      std::string_view account_id);
aws::Result<std::optional<Backup>> FindBackup(Database& db, std::string_view region, std::string_view arn);
// Backups of a region in ARN order, starting after `exclusive_start` (empty: from the first).
aws::Result<std::vector<Backup>> ListRegionBackups(Database& db, std::string_view region,
                                                   std::string_view exclusive_start);
// Removes the record and the items; BackupInUseException while a restore reads it.
aws::Status DeleteTableBackup(Database& db, std::string_view region, const Backup& backup);

// Creates `target` (already shaped from the backup, restoring = true) and
// copies the backup's items into it in the background.
aws::Result<TablePtr> RestoreBackup(Database& db, const Backup& backup, Table target);
// After a restart: the restores that were under way start again.
void ResumeBackupJobs(Database& db);

aws::AwsError BackupNotFound(std::string_view arn);
aws::AwsError BackupInUse();

}  // namespace cloudlet::dynamodb
