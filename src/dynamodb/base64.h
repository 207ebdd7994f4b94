// Base64 (RFC 4648, standard alphabet, "=" padding) as DynamoDB's B and BS
// values use it.
//
// DynamoDB decodes binary members strictly and answers a bad one with a
// SerializationException; the texts (sic, "dectected") are DynamoDB's:
//   length not a multiple of 4 -> "Base64 encoded length is expected a multiple of 4 bytes but found: <n>"
//   anything else malformed    -> "Invalid last non-pad Base64 character dectected"
// Because validation is strict (no whitespace, padding only at the end, the
// unused bits of the last character zero), every byte string has exactly one
// valid encoding: two valid encodings are equal iff their bytes are.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::dynamodb {

// OkStatus() or the SerializationException above.
aws::Status ValidateBase64(std::string_view text);

// Number of bytes `text` decodes to; `text` must be valid.
std::size_t Base64DecodedSize(std::string_view text);

// Appends the decoded bytes of valid `text` to *out. Returns false (and
// appends nothing) if `text` is not valid.
bool Base64Decode(std::string_view text, std::string* out);

// Appends the canonical encoding of `bytes` to *out.
void Base64Encode(std::string_view bytes, std::string* out);

}  // namespace cloudlet::dynamodb
