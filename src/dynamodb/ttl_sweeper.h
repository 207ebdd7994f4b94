// The time-to-live sweeper: deletes expired items of tables with TTL
// enabled, as the service (ChangeOrigin::kTimeToLive), in the background.
//
// Each pass reads, per table with TTL enabled, the TTL index entries that
// expire before now (one range scan, ttl_index.h), re-reads each item under
// its lock and deletes it through Database::WriteItem if its TTL attribute
// still says it has expired (so its index entries go with it and the change
// capture sees a service deletion); entries that no longer match their item
// are dropped. The pass also purges expired idempotency records.
#pragma once

#include <chrono>
#include <cstdint>

#include "aws/error.h"

namespace cloudlet::dynamodb {

class Database;
struct Table;

// Starts the sweeper on `db` (Database::RunInBackground: stopped with it),
// looking for expired items every `interval`.
void StartTimeToLiveSweeper(Database& db, std::chrono::milliseconds interval);

// One pass at `now` (epoch seconds); returns the number of items deleted.
// At most `limit` items per table, so one pass never runs long.
std::size_t SweepExpiredItems(Database& db, int64_t now, std::size_t limit = 10000);

// After TTL is enabled on `table` (published): indexes its existing items in
// the background, once the writes in flight (which may not have seen the
// setting) have finished.
void StartTimeToLiveBackfill(Database& db, const Table& table);
// After TTL is disabled: removes the table's TTL index.
aws::Status DropTimeToLiveIndex(Database& db, const Table& table);

}  // namespace cloudlet::dynamodb
