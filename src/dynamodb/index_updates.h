// UpdateTable's GlobalSecondaryIndexUpdates, and the background jobs that
// follow them.
//
// Create adds the index as CREATING and backfills it from the table's items
// on a background thread; writes maintain it from the moment it is published
// (Database::WriteItem takes the live index list under the item's lock), and
// the backfill waits for the writes already in flight before it reads, so no
// item is missed. When the backfill ends the index becomes ACTIVE. Delete
// marks it DELETING (writes stop maintaining it), removes its entries with
// one range delete and then drops it from the table, with the attribute
// definitions no key uses any longer. DynamoDB allows one index creation or
// deletion per UpdateTable call.
#pragma once

#include <boost/json/object.hpp>

#include <functional>
#include <vector>

#include "aws/error.h"
#include "dynamodb/database.h"
#include "dynamodb/request_validation.h"

namespace cloudlet::dynamodb {

// Model constraints of GlobalSecondaryIndexUpdates.
aws::Status CheckIndexUpdateConstraints(const boost::json::object& req, ConstraintErrors& errors);

// Applies the updates to `table` (a copy about to replace the current one).
// `jobs` receives what must start once the new table is published.
aws::Status ApplyGlobalIndexUpdates(Database& db, const boost::json::object& req, std::string_view billing,
                                    Table& table, std::vector<std::function<void()>>* jobs);

// Backfills index `index_id` of the table, then marks it ACTIVE.
void StartBackfill(Database& db, const Table& table, uint32_t index_id);
// Removes the entries of DELETING index `index_id`, then the index itself.
void StartIndexDeletion(Database& db, const Table& table, uint32_t index_id);
// After a restart: starts again the backfills and deletions that were under way.
void ResumeIndexJobs(Database& db);

}  // namespace cloudlet::dynamodb
