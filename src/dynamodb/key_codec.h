// Order-preserving byte encoding of key attribute values (S, N, B), so that
// a table's items sort in the store exactly as DynamoDB orders them and a
// Query is one range scan.
//
// An item's storage key is
//   table_prefix + BE32(PartitionHash(Encode(pk))) + Encode(pk) [+ Encode(sk)]
// Items of one partition are contiguous and sorted by sort key; partitions
// are spread by hash, which is what Scan segments split on.
//
// Encode(v) is self-delimiting (no encoding is a prefix of another) and
// bytewise order of encodings equals DynamoDB's order of values of one type:
//   S, B   the bytes (UTF-8 / decoded), each 0x00 written as 00 FF, then 00 01.
//   N      one byte class: 01 negative, 02 zero, 03 positive; then for
//          non-zero numbers one byte of exponent (scientific exponent + 130,
//          0..255) and the digits packed two per byte as 1 + 10*d1 + d2
//          (an odd last digit padded with 0), then a 00 terminator; for
//          negative numbers the exponent and digit bytes, terminator
//          included, are inverted (255 - b), so larger magnitudes sort first.
//   e.g. 0 -> 02;  1 -> 03 82 0B 00;  -1 -> 01 7D F4 FF;  "a" -> 61 00 01.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "aws/error.h"
#include "dynamodb/attribute_value.h"

namespace cloudlet::dynamodb {

// Appends the encoding of a normalised S, N or B attribute value to *out.
// Returns false (appending nothing) for any other value.
bool EncodeKeyValue(const boost::json::value& av, std::string* out);

// Decodes one value of `type` (S, N or B) from the front of *in, advancing
// *in past it; the result is the wire attribute value ({"S":...} etc.).
// Errors (Internal) only for bytes this encoder did not produce.
aws::Result<boost::json::value> DecodeKeyValue(std::string_view* in, AttrType type);

// Stable 32-bit hash of an encoded partition key value: the same on every
// run and machine (64-bit FNV-1a with a fixed seed, then a murmur3 finaliser;
// the upper 32 bits).
uint32_t PartitionHash(std::string_view encoded_partition_key);

// Appends BE32(hash) to *out.
void AppendHash(uint32_t hash, std::string* out);

// table_prefix + BE32(hash) + Encode(pk), appended to *out: the prefix shared
// by every item of one partition. False if pk is not S, N or B.
bool AppendPartitionPrefix(std::string_view table_prefix, const boost::json::value& pk, std::string* out);
// The same for a multi-attribute partition key (a GSI's up to four HASH
// attributes): table_prefix + BE32(hash of the concatenated encodings) +
// Encode(pk1) ... Encode(pkN). With one value it is the key above, byte for byte.
bool AppendPartitionPrefix(std::string_view table_prefix, std::span<const boost::json::value* const> pks,
                           std::string* out);

// ------------------------------------------------------------- ranges --

// Half-open byte range [lower, upper) of storage keys; an empty `upper`
// means no upper bound. Empty when lower >= upper (e.g. BETWEEN with its
// bounds reversed).
struct KeyRange {
  std::string lower;
  std::string upper;
  bool empty() const { return !upper.empty() && lower >= upper; }
  bool Contains(std::string_view key) const { return key >= lower && (upper.empty() || key < upper); }
};

// The smallest key greater than `key` (key + 00): for "start after key".
std::string KeySuccessor(std::string_view key);
// The smallest string greater than every string starting with `prefix`
// (trailing FF bytes dropped, last byte incremented); "" if there is none,
// meaning "no upper bound".
std::string PrefixEnd(std::string_view prefix);

// Every key starting with `prefix` (a table or a partition).
KeyRange PrefixRange(std::string_view prefix);

// Scan segment `segment` of `total_segments`: the partitions whose hash lies
// in [segment * 2^32 / total, (segment + 1) * 2^32 / total). Requires
// 0 <= segment < total_segments.
KeyRange SegmentRange(std::string_view table_prefix, uint32_t segment, uint32_t total_segments);

// The sort-key conditions of a KeyConditionExpression.
enum class SortKeyOp : uint8_t { kAll, kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };

// The keys of one partition (prefix from AppendPartitionPrefix) whose sort
// key satisfies `op`; keys may carry more bytes after the sort key (index
// entries end with the table key), since every bound is the prefix range of
// an encoded value, never that value's exact key. `v1` is the operand (the lower bound for BETWEEN), `v2`
// the upper bound for BETWEEN; both normalised S/N/B values of the sort key's
// type (begins_with: S or B). Callers validate types and report DynamoDB's
// errors (e.g. BETWEEN bounds reversed); here a reversed BETWEEN is simply an
// empty range. Error (Internal) only for a value that is not S/N/B.
aws::Result<KeyRange> SortKeyRange(std::string_view partition_prefix, SortKeyOp op,
                                   const boost::json::value* v1 = nullptr,
                                   const boost::json::value* v2 = nullptr);

}  // namespace cloudlet::dynamodb
