// StreamSpecification on CreateTable and UpdateTable: its checks, with
// DynamoDB's texts, and what enabling or disabling a stream does to the
// table (StreamSpecification, LatestStreamArn, LatestStreamLabel).
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>

#include "aws/error.h"
#include "dynamodb/database.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/stream_records.h"
#include "dynamodb/stream_store.h"

namespace cloudlet::dynamodb {

struct StreamChange {
  enum class Action { kNone, kEnable, kDisable };
  Action action = Action::kNone;
  StreamViewType view = StreamViewType::kNewAndOldImages;
};

// Model constraints of the request's StreamSpecification (members' types are
// SerializationExceptions, returned; constraint violations go to `errors`).
aws::Status CheckStreamSpecificationConstraints(const boost::json::object& req, ConstraintErrors& errors);

// What the request asks of the table's stream; `current` is the table being
// updated (nullptr: CreateTable). DynamoDB's ValidationExceptions for
// enabling an enabled stream, disabling none, a missing or superfluous view type.
aws::Result<StreamChange> StreamChangeOf(const boost::json::object& req, const Table* current);

// Enabling: creates the stream and points `table` at it (stream_id and the
// description's stream members); `*created` is the new stream, to Discard
// if the table cannot be written. Disabling: clears the table's stream and
// sets `*disabled_id` to the stream to Disable once the table is written.
aws::Status ApplyStreamChange(StreamStore& streams, std::string_view account, const StreamChange& change,
                              Table& table, StreamPtr* created, uint32_t* disabled_id);

}  // namespace cloudlet::dynamodb
