// The DynamoDB data in the store: the table catalog and the items.
//
// Key layout (all integers big-endian):
//   0x01 region 0x00 table-name        -> table record (JSON: id, description, tags)
//   0x02 "next-table-id"               -> counter
//   0x10 table-id(4) hash(4) pk sk     -> item (DynamoDB wire JSON, numbers canonical)
// hash is PartitionHash(pk): a Query is one range scan under
// 0x10 id hash pk, and Scan segment i of N covers an even slice of the hash space.
// A table id is never reused, so a dropped table's items (removed with one
// range delete) can never reappear under a new table of the same name.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "aws/error.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::dynamodb {

struct KeyAttribute {
  std::string name;
  std::string type;  // "S", "N" or "B"
};

struct Table {
  std::string region;
  std::string name;
  uint32_t id = 0;
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  // TableDescription as DescribeTable returns it, minus the live fields
  // (TableStatus, ItemCount, TableSizeBytes) that are filled when answering.
  boost::json::object description;
  boost::json::object tags;  // key -> value

  bool IsKeyAttribute(std::string_view attr) const {
    return attr == hash.name || (range && attr == range->name);
  }
};

using TablePtr = std::shared_ptr<const Table>;

class Database {
 public:
  explicit Database(storage::KvStore& store);

  storage::KvStore& store() { return store_; }

  // ---- catalog ----
  TablePtr Find(std::string_view region, std::string_view name) const;
  // Assigns the id; ResourceInUseException when the name exists in the region.
  aws::Result<TablePtr> Create(Table table);
  // Replaces the record of an existing table (UpdateTable, tags).
  aws::Status Replace(Table table);
  // Removes the table record and all its items.
  aws::Result<TablePtr> Drop(std::string_view region, std::string_view name);
  // Tables of a region in name order, starting after `exclusive_start`.
  std::vector<TablePtr> List(std::string_view region, std::string_view exclusive_start, std::size_t limit) const;
  std::size_t CountTables(std::string_view region) const;

  struct Stats {
    uint64_t item_count = 0;
    uint64_t size_bytes = 0;
  };
  // Live item count and size (DynamoDB refreshes these about every six hours;
  // cloudlet counts on demand, one pass over the table's key range).
  Stats TableStats(const Table& table) const;

  // ---- items ----
  // Prefix of all items of a table: 0x10 id.
  static std::string TablePrefix(const Table& table);
  // Full storage key from the key attribute values (already validated).
  static std::string ItemKey(const Table& table, const boost::json::value& hash_value,
                             const boost::json::value* range_value);
  // Prefix of all items of one partition: 0x10 id hash pk.
  static std::string PartitionPrefix(const Table& table, const boost::json::value& hash_value);

  // The item text, or nullopt when absent.
  aws::Result<std::optional<std::string>> GetItem(std::string_view key) const;
  aws::Status PutItem(std::string_view key, std::string_view item_json);
  aws::Status DeleteItem(std::string_view key);

  // Serialises read-check-write sequences on one item (conditional writes,
  // UpdateItem): a fixed set of striped mutexes chosen by key hash.
  std::mutex& LockFor(std::string_view key);

 private:
  static std::string CatalogKey(std::string_view region, std::string_view name);
  aws::Status Persist(const Table& table);
  void Load();

  storage::KvStore& store_;
  mutable std::shared_mutex catalog_mu_;
  std::map<std::string, TablePtr, std::less<>> tables_;  // CatalogKey -> table
  uint32_t next_id_ = 1;
  std::array<std::mutex, 1024> stripes_;
};

}  // namespace cloudlet::dynamodb
