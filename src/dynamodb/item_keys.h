// Turning request members into item keys, with DynamoDB's checks: the Key of
// GetItem/UpdateItem/DeleteItem must name exactly the table's key attributes,
// the Item of PutItem must contain them with the declared types, key values
// must be non-empty and within 2048 (partition) / 1024 (sort) bytes.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "aws/error.h"
#include "dynamodb/database.h"

namespace cloudlet::dynamodb {

// Validates a Key member (already value-validated) against the schema and
// returns the storage key.
aws::Result<std::string> StorageKeyFromKey(const Table& table, const boost::json::object& key);
// Validates the key attributes of an Item and returns the storage key.
aws::Result<std::string> StorageKeyFromItem(const Table& table, const boost::json::object& item);
// The key attributes of an item (for LastEvaluatedKey, UnprocessedKeys...).
boost::json::object KeyOf(const Table& table, const boost::json::object& item);
// Checks one key value's emptiness and size limits.
aws::Status CheckKeyValue(const KeyAttribute& attribute, const boost::json::value& value, bool is_hash);

}  // namespace cloudlet::dynamodb
