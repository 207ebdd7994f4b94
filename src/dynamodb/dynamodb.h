// The DynamoDB service: the JSON 1.0 API of Amazon DynamoDB over the
// embedded store. This is the one header other modules include.
#pragma once

#include <memory>

#include "aws/service.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::dynamodb {

// The store must outlive the service. Tables and items live under the key
// prefixes documented in item_keys.h.
std::unique_ptr<aws::Service> MakeDynamoDbService(storage::KvStore& store, const aws::ServiceEnvironment& env);

}  // namespace cloudlet::dynamodb
