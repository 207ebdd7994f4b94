#include <cstdint>
#include <random>

#include "http/request_context.h"

namespace cloudlet::http {
namespace {

// xoshiro-style generator: a request id must be unique, not secret, and
// costs nothing next to the request it names.
struct FastRandom {
  uint64_t s0, s1;
  FastRandom() {
    std::random_device rd;
    s0 = (uint64_t(rd()) << 32) ^ rd();
    s1 = (uint64_t(rd()) << 32) ^ rd() ^ 0x9E3779B97F4A7C15ull;
  }
  uint64_t Next() {
    uint64_t x = s0, y = s1;
    s0 = y;
    x ^= x << 23;
    s1 = x ^ y ^ (x >> 17) ^ (y >> 26);
    return s1 + y;
  }
};

}  // namespace

std::string NewRequestId() {
  thread_local FastRandom rng;
  uint64_t hi = rng.Next(), lo = rng.Next();
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // variant 1
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  int pos = 0;
  auto put = [&](uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      out[pos++] = kHex[(v >> (i * 4)) & 0xF];
    }
  };
  put(hi, 16);
  put(lo, 16);
  return out;
}

}  // namespace cloudlet::http
