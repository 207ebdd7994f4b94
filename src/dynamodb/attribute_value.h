// DynamoDB attribute values in their wire JSON form.
//
// An attribute value is a boost::json object with exactly one type key:
//   {"S":"x"} {"N":"12.5"} {"B":"AAE="} {"BOOL":true} {"NULL":true}
//   {"M":{"name":<av>,...}} {"L":[<av>,...]} {"SS":["a"]} {"NS":["1"]} {"BS":["AAE="]}
// and an item is an object name -> attribute value. cloudlet keeps items in
// this form and stores their serialized text, so the validators below also
// *normalise*: numbers become canonical ("1.50E1" -> "15"), stray null or
// unknown members are dropped. After ValidateAttributeValue/ValidateAttributeMap
// succeed, a value is "normalised", and the functions further down rely on
// that (string equality of N and B payloads is value equality).
//
// Validation follows DynamoDB's three stages, and reports the first error of
// the earliest stage found anywhere in the map or value:
//   1. JSON shape (SerializationException, e.g. {"S":5} -> "NUMBER_VALUE cannot
//      be converted to String"; bad base64);
//   2. the value itself (empty AttributeValue, bad numbers, more than one
//      datatype, NULL:false);
//   3. collection rules (nesting beyond 32 levels, empty sets, duplicates).
// Errors are aws::AwsError without namespace prefix; the DynamoDB layer adds it.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::dynamodb {

// The ten types. NUL is DynamoDB's NULL (a macro name in C++).
enum class AttrType : uint8_t { S, N, B, BOOL, NUL, M, L, SS, NS, BS };

// "S", "N", ..., "NULL", ... as on the wire.
std::string_view TypeName(AttrType type);
// The type a wire tag names, or nullopt for anything else.
std::optional<AttrType> TypeFromName(std::string_view tag);
// The type of a normalised attribute value (its only key), or nullopt if `av`
// is not a one-key object with a type tag. O(1).
std::optional<AttrType> TypeOf(const boost::json::value& av);
// The payload of a one-key attribute value ({"S":"x"} -> "x"); `av` must be
// a normalised attribute value.
const boost::json::value& Payload(const boost::json::value& av);

inline bool IsSetType(AttrType t) { return t == AttrType::SS || t == AttrType::NS || t == AttrType::BS; }
inline bool IsKeyType(AttrType t) { return t == AttrType::S || t == AttrType::N || t == AttrType::B; }

// ------------------------------------------------------------ validation --

// Where a value came from; decides how DynamoDB words an error about it.
enum class ValueOrigin : uint8_t {
  kItem,                       // Item, Key, AttributeUpdates values: bare messages
  kExpressionAttributeValues,  // "ExpressionAttributeValues contains invalid value: <msg> for key :v"
  kExclusiveStartKey,          // some messages prefixed "The provided starting key is invalid: "
};

struct ValueContext {
  ValueOrigin origin = ValueOrigin::kItem;
  // The map key the value is stored under (":v" for ExpressionAttributeValues).
  std::string_view key;
};

// Validates and normalises one attribute value in place.
aws::Status ValidateAttributeValue(boost::json::value& av, const ValueContext& context = {});

// Validates and normalises every value of a name -> attribute value map (an
// Item, a Key, ExpressionAttributeValues, an ExclusiveStartKey); each entry's
// name is its key for messages. The stages apply across the whole map: a
// SerializationException in the last entry wins over a bad number in the first.
aws::Status ValidateAttributeMap(boost::json::object& map, ValueOrigin origin = ValueOrigin::kItem);

// An Item: ValidateAttributeMap with ValueOrigin::kItem.
inline aws::Status ValidateItem(boost::json::object& item) { return ValidateAttributeMap(item); }

// Depth limit: a top-level attribute value is level 1; a value at level 33
// is rejected. JSON parsers feeding these functions must allow at least
// 2 * 32 + (depth of the request around the item) levels.
inline constexpr int kMaxNestingLevels = 32;

// Levels of a normalised value: 1 for a scalar, a set or an empty document,
// 1 + the deepest element for a non-empty L or M.
int NestingLevels(const boost::json::value& av);

// The nesting rule alone, for items built by the server (UpdateItem's result):
// every attribute at most kMaxNestingLevels deep, with ValidateItem's message.
aws::Status CheckItemNesting(const boost::json::object& item);

// ------------------------------------------------------------------ size --
// All sizes take normalised values.

// Bytes a value counts for (without its name): S UTF-8 bytes, B decoded
// bytes, N see Decimal::StorageSize, BOOL/NULL 1, sets the sum of their
// elements, L 3 + 1 per element + elements, M 3 + (name + 1 + value) per entry.
std::size_t ValueSize(const boost::json::value& av);
// name bytes + ValueSize(av).
std::size_t AttributeSize(std::string_view name, const boost::json::value& av);
// Sum of AttributeSize over the item; compare with kMaxItemSize.
std::size_t ItemSize(const boost::json::object& item);
inline constexpr std::size_t kMaxItemSize = 400 * 1024;

// ----------------------------------------------------------- comparisons --
// Both take normalised values.

// DynamoDB equality: same type and value; N numerically, sets as unordered
// sets, L element-wise, M entry-wise. Values of different types are unequal.
bool Equals(const boost::json::value& a, const boost::json::value& b);

// Order of two values of the same scalar type S (bytes of UTF-8), N (numeric)
// or B (unsigned bytes): <0, 0 or >0. nullopt for other or mixed types.
std::optional<int> CompareForOrder(const boost::json::value& a, const boost::json::value& b);

}  // namespace cloudlet::dynamodb
