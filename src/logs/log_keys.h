// The key layout of CloudWatch Logs in the store, and the position of an
// event within its stream. Every key starts with 0x30 (DynamoDB owns 0x01,
// 0x02 and 0x10, Lambda 0x20):
//
//   0x30 'G' region 0x00 group                          -> group record (JSON)
//   0x30 'S' region 0x00 group 0x00 stream               -> stream record (JSON)
//   0x30 'E' region 0x00 group 0x00 stream 0x00 position -> event: 8-byte ingestion time, message
//
// Group names ([.-_/#A-Za-z0-9]+) and stream names (validated to hold no
// 0x00) never contain the separator, so a stream's events are one
// contiguous range ordered by position, and GetLogEvents is a range scan.
// A position is the event timestamp (8 bytes, big-endian, sign bit flipped
// so negative times sort first) then a per-stream sequence number (8 bytes,
// big-endian) that keeps events with equal timestamps in arrival order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudlet::logs {

inline constexpr char kKeyPrefix = 0x30;

struct Position {
  int64_t timestamp = 0;
  uint64_t sequence = 0;
  auto operator<=>(const Position&) const = default;

  static constexpr Position Min() { return {INT64_MIN, 0}; }
  // The first position after this one (saturates at the largest).
  Position Next() const;
};

std::string GroupKey(std::string_view region, std::string_view group);
// Every group key of `region` whose name starts with `name_prefix`.
std::string GroupScanPrefix(std::string_view region, std::string_view name_prefix = {});
// Stream records and event keys of one group (for listing and deletion).
std::string StreamKey(std::string_view region, std::string_view group, std::string_view stream);
std::string StreamScanPrefix(std::string_view region, std::string_view group, std::string_view name_prefix = {});
std::string EventGroupPrefix(std::string_view region, std::string_view group);
std::string EventStreamPrefix(std::string_view region, std::string_view group, std::string_view stream);
std::string EventKey(std::string_view region, std::string_view group, std::string_view stream, Position position);

// The smallest key greater than every key starting with `prefix`.
std::string PrefixEnd(std::string_view prefix);

// The 16 bytes of a position in a key, and back.
void AppendPosition(std::string& out, Position position);
std::optional<Position> DecodePosition(std::string_view bytes);

// A position as 32 hex digits (the body of paging tokens), and back.
std::string PositionHex(Position position);
std::optional<Position> ParsePositionHex(std::string_view hex);

}  // namespace cloudlet::logs
