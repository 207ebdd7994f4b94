// The few cryptographic primitives SigV4 needs, over OpenSSL 3. All functions
// are thread-safe and never fail: OpenSSL's one-shot SHA-256 and HMAC do not
// fail on valid inputs, and inputs here are plain byte strings.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cloudlet::aws::sigv4 {

using Digest = std::array<unsigned char, 32>;

// SHA-256 of `data`.
Digest Sha256(std::string_view data);
// Lowercase hex SHA-256 of `data`: the form SigV4 puts in canonical requests.
std::string Sha256Hex(std::string_view data);

// HMAC-SHA256 of `data` under `key` (any length).
Digest HmacSha256(std::string_view key, std::string_view data);
Digest HmacSha256(const Digest& key, std::string_view data);

// Lowercase hex of a digest.
std::string Hex(const Digest& digest);

// True when `a` and `b` are equal. For equal lengths the time taken does not
// depend on where they differ, so a caller cannot learn a correct signature
// byte by byte; lengths are not secret and are compared first.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// How many times ConstantTimeEquals has run in this process. Lets tests prove
// the verifier compares signatures through it rather than with ==.
std::uint64_t ConstantTimeEqualsCalls();

}  // namespace cloudlet::aws::sigv4
