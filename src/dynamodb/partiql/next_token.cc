#include "dynamodb/partiql/next_token.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <charconv>

#include "dynamodb/base64.h"
#include "dynamodb/errors.h"

namespace cloudlet::dynamodb::partiql {

uint64_t RequestHash(std::string_view statement, const Parameters& parameters) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  auto mix = [&h](std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  };
  mix(statement);
  for (const auto& p : parameters) mix(boost::json::serialize(p));
  return h;
}

std::string EncodeNextToken(uint64_t request_hash, const Continuation& c) {
  std::string raw = fmt::format("v1{}{:016x}{}{}{}", '\0', request_hash, '\0', c.partition, '\0');
  raw += c.after_key;
  std::string out;
  Base64Encode(raw, &out);
  return out;
}

aws::Result<Continuation> DecodeNextToken(std::string_view token, uint64_t request_hash) {
  auto invalid = [] { return errors::Validation("Invalid NextToken"); };
  std::string raw;
  if (!ValidateBase64(token).ok() || !Base64Decode(token, &raw)) return invalid();
  std::string_view rest = raw;
  auto field = [&rest](std::string_view* out) {
    auto zero = rest.find('\0');
    if (zero == std::string_view::npos) return false;
    *out = rest.substr(0, zero);
    rest.remove_prefix(zero + 1);
    return true;
  };
  std::string_view version, hash, partition;
  if (!field(&version) || version != "v1" || !field(&hash) || !field(&partition)) return invalid();
  uint64_t h = 0;
  auto [p1, e1] = std::from_chars(hash.data(), hash.data() + hash.size(), h, 16);
  Continuation c;
  auto [p2, e2] = std::from_chars(partition.data(), partition.data() + partition.size(), c.partition);
  if (e1 != std::errc() || p1 != hash.data() + hash.size() || e2 != std::errc() ||
      p2 != partition.data() + partition.size())
    return invalid();
  if (h != request_hash) return errors::Validation("NextToken does not match request");
  c.after_key.assign(rest);
  return c;
}

}  // namespace cloudlet::dynamodb::partiql
