// Consumed capacity as DynamoDB reports it: reads in 4 KB units (half for
// eventually consistent reads), writes in 1 KB units, rounded up.
#pragma once

#include <boost/json/object.hpp>

#include <cstddef>
#include <string_view>

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

}  // namespace cloudlet::dynamodb
