// The DynamoDB Streams API (JSON 1.0, target prefix DynamoDBStreams_20120810.):
// ListStreams DescribeStream GetShardIterator GetRecords, over StreamStore.
// Served on DynamoDB's port (the AWS endpoint is streams.dynamodb.<region>
// with signing name dynamodb) and called in-process by Lambda's pollers.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::dynamodb {

class StreamStore;

struct StreamsContext {
  StreamStore& streams;
  // The caller's region and account: streams of others are not found.
  // Empty: any (in-process callers, who name streams by ARN).
  std::string_view region;
  std::string_view account;
  // Shard iterators expire this long after GetShardIterator issued them.
  std::chrono::milliseconds iterator_lifetime{std::chrono::minutes(15)};
};

using StreamsOperation = aws::Result<std::string> (*)(StreamsContext& ctx, boost::json::object& request);

// nullptr for a name the Streams API does not have.
StreamsOperation FindStreamsOperation(std::string_view name);

aws::Result<std::string> ListStreams(StreamsContext& ctx, boost::json::object& request);
aws::Result<std::string> DescribeStream(StreamsContext& ctx, boost::json::object& request);
aws::Result<std::string> GetShardIterator(StreamsContext& ctx, boost::json::object& request);
aws::Result<std::string> GetRecords(StreamsContext& ctx, boost::json::object& request);

}  // namespace cloudlet::dynamodb
