// DynamoDB Streams as data: stream records, sequence numbers, labels, ARNs,
// shard ids and shard iterators, as the Streams API spells them. Pure
// functions, no store: stream_store.h keeps what these build.
//
//   stream ARN   arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/2026-12-03T14:00:00.000
//   shard id     shardId-00000001764770400000-1a2b3c4d   (20-digit creation ms, 8 hex)
//   sequence     000001764770400000001                   (21 decimal digits, increasing per stream)
//   iterator     <stream ARN>|1|<base64 of "stream-id:position:issued-ms:horizon:check">
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dynamodb/database.h"

namespace cloudlet::dynamodb {

enum class StreamViewType { kKeysOnly, kNewImage, kOldImage, kNewAndOldImages };

std::string_view ViewTypeName(StreamViewType type);
std::optional<StreamViewType> ParseViewType(std::string_view name);

// Sequence numbers are 21+ digit decimal strings (the model allows 21-40);
// cloudlet's fit 64 bits and are printed zero-padded to 21 digits, so they
// also sort as text.
std::string SequenceNumberText(uint64_t sequence);
// nullopt for text that is not 21-40 digits; UINT64_MAX for a number past 64 bits.
std::optional<uint64_t> ParseSequenceNumber(std::string_view text);

// "2026-12-03T14:00:00.000" (UTC) from epoch milliseconds.
std::string StreamLabel(int64_t epoch_ms);
std::string StreamArn(std::string_view region, std::string_view account, std::string_view table,
                      std::string_view label);
// The table name inside a stream ARN, or nullopt when `arn` has not that shape.
struct StreamArnParts {
  std::string_view region;
  std::string_view account;
  std::string_view table;
  std::string_view label;
};
std::optional<StreamArnParts> ParseStreamArn(std::string_view arn);
std::string ShardId(int64_t created_ms, uint32_t stream_id);

// One item change as the capture sees it.
struct ChangeInput {
  const Table* table = nullptr;
  const boost::json::object* old_item = nullptr;  // null: the item did not exist
  std::string_view old_text;
  const boost::json::object* new_item = nullptr;  // null: deleted
  std::string_view new_text;
  ChangeOrigin origin = ChangeOrigin::kRequest;
};

struct RecordContext {
  StreamViewType view = StreamViewType::kNewAndOldImages;
  std::string_view region;
  uint32_t stream_id = 0;
  uint64_t sequence = 0;
  int64_t now_ms = 0;
};

// The record (JSON text, as GetRecords returns it) of a change, or nullopt
// when the write changed nothing: DynamoDB records no PutItem of an
// identical item, no UpdateItem that leaves the item as it was, no delete
// of an absent item.
std::optional<std::string> BuildStreamRecord(const ChangeInput& change, const RecordContext& context);

// 32 hex digits, unique per (stream, sequence).
std::string EventId(uint32_t stream_id, uint64_t sequence);

struct ShardIterator {
  std::string stream_arn;
  uint32_t stream_id = 0;
  uint64_t position = 0;   // the next sequence number to read
  int64_t issued_ms = 0;
  bool trim_horizon = false;  // starts at the oldest record still kept, wherever that is now
};
std::string EncodeShardIterator(const ShardIterator& iterator);
std::optional<ShardIterator> DecodeShardIterator(std::string_view text);

}  // namespace cloudlet::dynamodb
