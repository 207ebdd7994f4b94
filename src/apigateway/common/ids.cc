#include "apigateway/common/ids.h"

#include <cstdint>
#include <random>

#include "apigateway/common/base64.h"

namespace cloudlet::apigateway {
namespace {

// Unique, not secret: a small fast generator per thread.
uint64_t NextRandom() {
  thread_local uint64_t s0 = [] {
    std::random_device rd;
    return (uint64_t(rd()) << 32) ^ rd();
  }();
  thread_local uint64_t s1 = [] {
    std::random_device rd;
    return (uint64_t(rd()) << 32) ^ rd() ^ 0x9E3779B97F4A7C15ull;
  }();
  uint64_t x = s0, y = s1;
  s0 = y;
  x ^= x << 23;
  s1 = x ^ y ^ (x >> 17) ^ (y >> 26);
  return s1 + y;
}

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

std::string NewResourceId(std::size_t length) {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string id(length, 'a');
  uint64_t bits = NextRandom();
  int left = 10;  // 6-bit draws per 64-bit word
  for (char& c : id) {
    if (left == 0) bits = NextRandom(), left = 10;
    c = kAlphabet[(bits & 63) % kAlphabet.size()];
    bits >>= 6;
    --left;
  }
  return id;
}

std::string NewKeyValue(std::size_t length) {
  // A secret: drawn from the system's random device, not the fast generator.
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device rd;
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    uint32_t r = rd();
    for (int i = 0; i < 5 && out.size() < length; ++i, r >>= 6)
      if ((r & 63) < kAlphabet.size()) out.push_back(kAlphabet[r & 63]);
  }
  return out;
}

std::string NewGatewayRequestId() {
  char raw[11];
  uint64_t a = NextRandom(), b = NextRandom();
  for (int i = 0; i < 8; ++i) raw[i] = static_cast<char>(a >> (i * 8));
  for (int i = 0; i < 3; ++i) raw[8 + i] = static_cast<char>(b >> (i * 8));
  return Base64Encode(std::string_view(raw, sizeof raw));
}

std::string NewRequestUuid() {
  uint64_t a = NextRandom(), b = NextRandom();
  a = (a & ~0xF000ull) | 0x4000ull;                            // version 4
  b = (b & ~(3ull << 62)) | (2ull << 62);                      // variant 10
  std::string out;
  out.reserve(36);
  for (int i = 15; i >= 0; --i) {
    out.push_back(kHex[(a >> (i * 4)) & 0xF]);
    if (i == 8 || i == 4) out.push_back('-');
  }
  out.push_back('-');
  for (int i = 15; i >= 0; --i) {
    out.push_back(kHex[(b >> (i * 4)) & 0xF]);
    if (i == 12) out.push_back('-');
  }
  return out;
}

std::string NewTraceId(std::chrono::system_clock::time_point now) {
  auto secs = static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  std::string out = "Root=1-";
  for (int i = 7; i >= 0; --i) out.push_back(kHex[(secs >> (i * 4)) & 0xF]);
  out.push_back('-');
  uint64_t a = NextRandom(), b = NextRandom();
  for (int i = 15; i >= 0; --i) out.push_back(kHex[(a >> (i * 4)) & 0xF]);
  for (int i = 7; i >= 0; --i) out.push_back(kHex[(b >> (i * 4)) & 0xF]);
  return out;
}

}  // namespace cloudlet::apigateway
