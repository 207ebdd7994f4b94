// Consumed capacity as DynamoDB reports it: reads in 4 KB units (half for
// eventually consistent reads), writes in 1 KB units, rounded up.
#pragma once

#include <boost/json/object.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlet::dynamodb {

inline double ReadUnits(std::size_t bytes, bool consistent) {
  double units = bytes == 0 ? 1 : double((bytes + 4095) / 4096);
  return consistent ? units : units / 2;
}
inline double WriteUnits(std::size_t bytes) { return bytes == 0 ? 1 : double((bytes + 1023) / 1024); }

enum class CapacityMode { kNone, kTotal, kIndexes };

// "ConsumedCapacity" object for `table`, or an empty object for kNone.
inline boost::json::object ConsumedCapacity(std::string_view table, double units, CapacityMode mode,
                                            bool read) {
  boost::json::object c;
  if (mode == CapacityMode::kNone) return c;
  c["TableName"] = table;
  c["CapacityUnits"] = units;
  c[read ? "ReadCapacityUnits" : "WriteCapacityUnits"] = units;
  if (mode == CapacityMode::kIndexes) {
    c["Table"] = boost::json::object{{"CapacityUnits", units}, {read ? "ReadCapacityUnits" : "WriteCapacityUnits", units}};
  }
  return c;
}

// Units charged to one secondary index by a request.
struct IndexUnits {
  std::string name;
  bool global = true;
  double units = 0;
};

// ConsumedCapacity of a request that also charged secondary indexes: the
// total covers the table and every index; INDEXES mode lists them under
// "Table", "GlobalSecondaryIndexes" and "LocalSecondaryIndexes".
inline boost::json::object ConsumedCapacity(std::string_view table, double table_units,
                                            const std::vector<IndexUnits>& indexes, CapacityMode mode, bool read) {
  double total = table_units;
  for (const auto& index : indexes) total += index.units;
  boost::json::object c = ConsumedCapacity(table, total, mode, read);
  if (mode != CapacityMode::kIndexes) return c;
  const char* kind = read ? "ReadCapacityUnits" : "WriteCapacityUnits";
  c["Table"] = boost::json::object{{"CapacityUnits", table_units}, {kind, table_units}};
  boost::json::object globals, locals;
  for (const auto& index : indexes) {
    auto& map = index.global ? globals : locals;
    double previous = map.contains(index.name) ? map.at(index.name).at("CapacityUnits").to_number<double>() : 0;
    map[index.name] = boost::json::object{{"CapacityUnits", previous + index.units}, {kind, previous + index.units}};
  }
  if (!globals.empty()) c["GlobalSecondaryIndexes"] = std::move(globals);
  if (!locals.empty()) c["LocalSecondaryIndexes"] = std::move(locals);
  return c;
}

}  // namespace cloudlet::dynamodb
