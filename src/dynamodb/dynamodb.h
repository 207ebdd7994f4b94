// The DynamoDB service: the JSON 1.0 API of Amazon DynamoDB over the
// embedded store. This is the one header other modules include.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "aws/service.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::dynamodb {

// The store must outlive the service. Tables and items live under the key
// prefixes documented in item_keys.h.
std::unique_ptr<aws::Service> MakeDynamoDbService(storage::KvStore& store, const aws::ServiceEnvironment& env);

// The DynamoDB Streams API as other modules call it (Lambda's event source
// mappings poll it as AWS's pollers do): `operation` is ListStreams,
// DescribeStream, GetShardIterator or GetRecords; the request and the answer
// are the wire JSON of that operation; errors are the ones the wire API gives.
using StreamsCallFn =
    std::function<aws::Result<std::string>(std::string_view operation, std::string_view request_json)>;

struct DynamoDb {
  std::unique_ptr<aws::Service> service;
  // Valid while `service` lives.
  StreamsCallFn call_streams;
};

struct DynamoDbOptions {
  // How often the time-to-live sweeper looks for expired items.
  std::chrono::milliseconds ttl_sweep_interval{1000};
};

DynamoDb MakeDynamoDb(storage::KvStore& store, const aws::ServiceEnvironment& env, DynamoDbOptions options = {});

}  // namespace cloudlet::dynamodb
