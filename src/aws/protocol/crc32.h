#pragma once
#include <cstdint>
#include <string_view>

namespace cloudlet::aws {
// CRC-32 (IEEE, reflected; zlib's crc32) of `data`: DynamoDB's x-amz-crc32.
uint32_t Crc32(std::string_view data);
}  // namespace cloudlet::aws
