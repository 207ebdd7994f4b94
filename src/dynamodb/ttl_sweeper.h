// The time-to-live sweeper: deletes expired items of tables with TTL
// enabled, as the service (ChangeOrigin::kTimeToLive), in the background.
#pragma once

#include <chrono>

namespace cloudlet::dynamodb {

class Database;

// Starts the sweeper on `db` (Database::RunInBackground: stopped with it),
// looking for expired items every `interval`.
void StartTimeToLiveSweeper(Database& db, std::chrono::milliseconds interval);

}  // namespace cloudlet::dynamodb
