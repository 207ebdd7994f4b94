// ExecuteStatement's NextToken: where a SELECT's next page starts (which of
// its partitions, after which storage key), bound to the statement and
// parameters it was issued for. The token is base64 of
//   "v1" 0x00 hex(request hash) 0x00 decimal(partition) 0x00 storage-key bytes
// and is opaque to clients, as DynamoDB's is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "aws/error.h"
#include "dynamodb/partiql/values.h"

namespace cloudlet::dynamodb::partiql {

struct Continuation {
  std::size_t partition = 0;  // index into the plan's partitions (0 for a Scan)
  std::string after_key;      // storage key of the last item read; empty: the partition's start
};

// A stable hash of the statement text and its parameters.
uint64_t RequestHash(std::string_view statement, const Parameters& parameters);

std::string EncodeNextToken(uint64_t request_hash, const Continuation& c);

// "Invalid NextToken" for a token this server did not issue, "NextToken does
// not match request" for one issued for another statement or parameters.
aws::Result<Continuation> DecodeNextToken(std::string_view token, uint64_t request_hash);

}  // namespace cloudlet::dynamodb::partiql
