#include "aws/protocol/crc32.h"

#include <isa-l/crc.h>

namespace cloudlet::aws {
uint32_t Crc32(std::string_view data) {
  return crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(data.data()), data.size());
}
}  // namespace cloudlet::aws
