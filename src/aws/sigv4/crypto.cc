#include "aws/sigv4/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>

namespace cloudlet::aws::sigv4 {
namespace {

std::atomic<std::uint64_t> constant_time_calls{0};

Digest Hmac(const void* key, std::size_t key_len, std::string_view data) {
  Digest out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key, static_cast<int>(key_len),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len);
  return out;
}

}  // namespace

Digest Sha256(std::string_view data) {
  Digest out{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
  return out;
}

std::string Sha256Hex(std::string_view data) { return Hex(Sha256(data)); }

Digest HmacSha256(std::string_view key, std::string_view data) {
  return Hmac(key.data(), key.size(), data);
}

Digest HmacSha256(const Digest& key, std::string_view data) {
  return Hmac(key.data(), key.size(), data);
}

std::string Hex(const Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(digest.size() * 2, '\0');
  for (std::size_t i = 0; i < digest.size(); ++i) {
    out[2 * i] = kDigits[digest[i] >> 4];
    out[2 * i + 1] = kDigits[digest[i] & 0xf];
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  constant_time_calls.fetch_add(1, std::memory_order_relaxed);
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::uint64_t ConstantTimeEqualsCalls() {
  return constant_time_calls.load(std::memory_order_relaxed);
}

}  // namespace cloudlet::aws::sigv4
