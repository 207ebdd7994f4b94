// Secondary indexes (global and local): their definition, the storage key of
// an index entry, what an entry holds (the projection), and the changes a
// table write makes to the entries of each index.
//
// An index entry's storage key is
//   0x11 index-id(4) BE32(PartitionHash(Encode(ipk1)..Encode(ipkN))) Encode(ipk1)..Encode(ipkN)
//        Encode(isk1)..Encode(iskM) Encode(tpk) [Encode(tsk)]
// (ipk/isk the index's partition and sort key attributes in KeySchema order,
// tpk/tsk the table keys; key_codec.h has Encode). A GSI may have up to four
// of each (multi-attribute keys); an LSI has one of each. Encodings are
// self-delimiting and order-preserving, so a composite sort key sorts
// attribute by attribute, and a condition on a leading run of sort
// attributes is one prefix range. With one attribute each the layout is the
// single-attribute one, byte for byte.
// The table key at the end makes entries with equal index keys distinct and
// orders them by table key, so pages over ties are stable. Each index has its
// own id (from the table-id counter, never reused), so a deleted index's
// entries can never reappear under a new index of the same name. The value is
// the projected item as wire JSON: the whole item text for ALL, the table and
// index keys (plus NonKeyAttributes for INCLUDE) otherwise.
//
// An item lacking any of an index's key attributes has no entry in that
// index (sparse indexes); one whose index key attribute has another type than declared, or
// is an empty S/B, is rejected before anything is written (CheckIndexKeys).
#pragma once

#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"

namespace cloudlet::storage {
class WriteBatch;
}

namespace cloudlet::dynamodb {

struct KeyAttribute {
  std::string name;
  std::string type;  // "S", "N" or "B"
};

enum class ProjectionType : uint8_t { kKeysOnly, kInclude, kAll };
enum class IndexStatus : uint8_t { kCreating, kActive, kDeleting };

struct SecondaryIndex {
  std::string name;
  bool global = true;
  uint32_t id = 0;
  // Partition key attributes (1 to 4, KeySchema order; an LSI has the
  // table's) and sort key attributes (0 to 4; an LSI has exactly 1).
  std::vector<KeyAttribute> hash_keys;
  std::vector<KeyAttribute> range_keys;
  ProjectionType projection = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // INCLUDE only
  IndexStatus status = IndexStatus::kActive;
  // The GSI's ProvisionedThroughput as DescribeTable reports it (GSIs only).
  boost::json::object throughput;

  bool IsKeyAttribute(std::string_view attr) const;
  // Every key attribute: the partition attributes, then the sort attributes.
  template <class F>
  void ForEachKeyAttribute(F&& f) const {
    for (const auto& a : hash_keys) f(a);
    for (const auto& a : range_keys) f(a);
  }
  // Whether a read of this index can see `attr` without going to the table.
  bool Projects(std::string_view attr, const KeyAttribute& table_hash, const std::optional<KeyAttribute>& table_range) const;
};

// The indexes of one table, shared read-only; replaced as a whole.
using IndexList = std::vector<SecondaryIndex>;
using IndexListPtr = std::shared_ptr<const IndexList>;

// Key schema of the table an entry points back to.
struct TableKeys {
  const KeyAttribute& hash;
  const std::optional<KeyAttribute>& range;
};

// 0x11 index-id: the prefix of all entries of one index.
std::string IndexPrefix(uint32_t index_id);

// The entry key of `item` in `index`, or nullopt when the item lacks one of
// the index's key attributes (sparse). Key values must already have passed CheckIndexKeys.
std::optional<std::string> IndexEntryKey(const SecondaryIndex& index, TableKeys table, const boost::json::object& item);

// The entry key built from a map of key attributes (an ExclusiveStartKey):
// every index key attribute and the table keys, each with its declared type;
// nullopt when one is missing or mistyped, or the map has other attributes.
std::optional<std::string> IndexEntryKeyFromKey(const SecondaryIndex& index, TableKeys table,
                                                const boost::json::object& key);

// The projected entry: `item_text` itself for ALL (no re-encoding),
// otherwise the keys and included attributes of `item`.
std::string IndexEntryValue(const SecondaryIndex& index, TableKeys table, const boost::json::object& item,
                            std::string_view item_text);

// The index keys and table keys of an entry (a LastEvaluatedKey).
boost::json::object IndexEntryKeyAttributes(const SecondaryIndex& index, TableKeys table,
                                            const boost::json::object& entry);

// DynamoDB's rejection of an item whose index key attribute is mistyped or an
// empty S/B, naming the first offending index in name order.
aws::Status CheckIndexKeys(const IndexList& indexes, const boost::json::object& item);

// Counts per index of entries written or removed by one table write, for
// ConsumedCapacity (1 unit per entry put or deleted, DynamoDB's rule).
struct IndexWriteCounts {
  std::vector<std::pair<std::string, bool>> touched;  // index name, global; once per entry put or deleted
  // Tables with LSIs: the item collection's size after the write (bytes).
  std::optional<uint64_t> collection_bytes;
};

// What an item weighs in its item collection: its text and its LSI entries.
uint64_t CollectionBytes(const IndexList& indexes, TableKeys table, const boost::json::object& item,
                         std::string_view item_text);

// Adds to `batch` the entry changes of every index in `indexes` (any status
// but DELETING) when the table item goes from `old_item` (null: absent) to
// `new_item` (null: deleted); `new_text` is the serialised new item. An entry
// whose key and value are unchanged is left alone.
void AddIndexChanges(const IndexList& indexes, TableKeys table, const boost::json::object* old_item,
                     const boost::json::object* new_item, std::string_view new_text, storage::WriteBatch& batch,
                     IndexWriteCounts* counts = nullptr);

// Catalog record of an index (persisted with the table) and back.
boost::json::object IndexRecord(const SecondaryIndex& index);
SecondaryIndex IndexFromRecord(const boost::json::object& record);

std::string_view ProjectionTypeName(ProjectionType type);

}  // namespace cloudlet::dynamodb
