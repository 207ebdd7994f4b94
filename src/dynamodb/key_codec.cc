#include "dynamodb/key_codec.h"

#include <boost/json/object.hpp>

#include "dynamodb/base64.h"
#include "dynamodb/number.h"

namespace cloudlet::dynamodb {
namespace {

namespace json = boost::json;
using aws::AwsError;
using u128 = unsigned __int128;

constexpr char kNegative = 0x01, kZero = 0x02, kPositive = 0x03;
constexpr int kExponentBias = 130;  // scientific exponent -130..125 -> byte 0..255

std::string_view View(const json::value& v) {
  const json::string& s = v.get_string();
  return {s.data(), s.size()};
}

// Bytes with 0x00 escaped as 00 FF (no terminator).
void AppendEscaped(std::string_view bytes, std::string* out) {
  for (char c : bytes) {
    out->push_back(c);
    if (c == '\0') out->push_back('\xFF');
  }
}

void AppendTerminatedBytes(std::string_view bytes, std::string* out) {
  AppendEscaped(bytes, out);
  out->push_back('\0');
  out->push_back('\x01');
}

void AppendNumber(const Decimal& d, std::string* out) {
  if (d.is_zero()) {
    out->push_back(kZero);
    return;
  }
  const bool negative = d.is_negative();
  const uint8_t flip = negative ? 0xFF : 0x00;
  out->push_back(negative ? kNegative : kPositive);
  out->push_back(static_cast<char>(static_cast<uint8_t>(d.scientific_exponent() + kExponentBias) ^ flip));
  // Digits most significant first.
  char digits[40];
  int n = 0;
  for (u128 v = d.coefficient(); v != 0; v /= 10) digits[39 - n++] = static_cast<char>(v % 10);
  const char* first = digits + 40 - n;
  for (int i = 0; i < n; i += 2) {
    const int hi = first[i];
    const int lo = i + 1 < n ? first[i + 1] : 0;
    out->push_back(static_cast<char>(static_cast<uint8_t>(1 + 10 * hi + lo) ^ flip));
  }
  out->push_back(static_cast<char>(flip));  // terminator: 00, or FF when inverted
}

// Reads escaped bytes up to and including the 00 01 terminator.
bool ReadTerminatedBytes(std::string_view* in, std::string* out) {
  std::string_view s = *in;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\0') {
      out->push_back(s[i]);
      continue;
    }
    if (i + 1 >= s.size()) return false;
    if (s[i + 1] == '\x01') {
      in->remove_prefix(i + 2);
      return true;
    }
    if (s[i + 1] != '\xFF') return false;
    out->push_back('\0');
    ++i;
  }
  return false;
}

AwsError Corrupt() { return AwsError::Internal("corrupt key encoding"); }

json::value Wrap(std::string_view tag, std::string_view payload) {
  json::object o;
  o.emplace(tag, json::string(payload));
  return json::value(std::move(o));
}

uint64_t Fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

}  // namespace

bool EncodeKeyValue(const json::value& av, std::string* out) {
  const auto type = TypeOf(av);
  if (!type) return false;
  const json::value& p = Payload(av);
  if (!p.is_string()) return false;
  switch (*type) {
    case AttrType::S:
      AppendTerminatedBytes(View(p), out);
      return true;
    case AttrType::B: {
      std::string bytes;
      if (!Base64Decode(View(p), &bytes)) return false;
      AppendTerminatedBytes(bytes, out);
      return true;
    }
    case AttrType::N: {
      auto d = Decimal::Parse(View(p));
      if (!d.ok()) return false;
      AppendNumber(*d, out);
      return true;
    }
    default:
      return false;
  }
}

aws::Result<json::value> DecodeKeyValue(std::string_view* in, AttrType type) {
  switch (type) {
    case AttrType::S: {
      std::string bytes;
      if (!ReadTerminatedBytes(in, &bytes)) return Corrupt();
      return Wrap("S", bytes);
    }
    case AttrType::B: {
      std::string bytes;
      if (!ReadTerminatedBytes(in, &bytes)) return Corrupt();
      std::string text;
      Base64Encode(bytes, &text);
      return Wrap("B", text);
    }
    case AttrType::N: {
      std::string_view s = *in;
      if (s.empty()) return Corrupt();
      if (s[0] == kZero) {
        in->remove_prefix(1);
        return Wrap("N", "0");
      }
      if ((s[0] != kNegative && s[0] != kPositive) || s.size() < 3) return Corrupt();
      const bool negative = s[0] == kNegative;
      const uint8_t flip = negative ? 0xFF : 0x00;
      const int sci = static_cast<int>(static_cast<uint8_t>(s[1]) ^ flip) - kExponentBias;
      u128 coefficient = 0;
      int digits = 0;
      std::size_t i = 2;
      for (;; ++i) {
        if (i >= s.size()) return Corrupt();
        const uint8_t b = static_cast<uint8_t>(s[i]) ^ flip;
        if (b == 0) break;
        if (b > 100 || digits >= Decimal::kMaxDigits) return Corrupt();
        coefficient = coefficient * 100 + (b - 1);
        digits += 2;
      }
      in->remove_prefix(i + 1);
      // value = 0.d1d2...dn * 10^(sci + 1) = coefficient * 10^(sci + 1 - digits)
      auto d = Decimal::FromParts(negative, coefficient, static_cast<int64_t>(sci) + 1 - digits);
      if (!d.ok()) return Corrupt();
      return Wrap("N", d->ToString());
    }
    default:
      return Corrupt();
  }
}

uint32_t PartitionHash(std::string_view encoded_partition_key) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a offset basis
  for (char c : encoded_partition_key) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return static_cast<uint32_t>(Fmix64(h) >> 32);
}

void AppendHash(uint32_t hash, std::string* out) {
  out->push_back(static_cast<char>(hash >> 24));
  out->push_back(static_cast<char>(hash >> 16));
  out->push_back(static_cast<char>(hash >> 8));
  out->push_back(static_cast<char>(hash));
}

bool AppendPartitionPrefix(std::string_view table_prefix, const json::value& pk, std::string* out) {
  const json::value* pks[1] = {&pk};
  return AppendPartitionPrefix(table_prefix, std::span<const json::value* const>(pks), out);
}

bool AppendPartitionPrefix(std::string_view table_prefix, std::span<const json::value* const> pks,
                           std::string* out) {
  const std::size_t start = out->size();
  out->append(table_prefix);
  out->append(4, '\0');  // hash placeholder
  const std::size_t key_start = out->size();
  for (const json::value* pk : pks) {
    if (pk == nullptr || !EncodeKeyValue(*pk, out)) {
      out->resize(start);
      return false;
    }
  }
  const uint32_t h = PartitionHash(std::string_view(*out).substr(key_start));
  for (int i = 0; i < 4; ++i) (*out)[key_start - 4 + i] = char(h >> (24 - 8 * i));
  return true;
}

std::string KeySuccessor(std::string_view key) {
  std::string s(key);
  s.push_back('\0');
  return s;
}

std::string PrefixEnd(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty() && static_cast<uint8_t>(s.back()) == 0xFF) s.pop_back();
  if (!s.empty()) s.back() = static_cast<char>(static_cast<uint8_t>(s.back()) + 1);
  return s;
}

KeyRange PrefixRange(std::string_view prefix) { return KeyRange{std::string(prefix), PrefixEnd(prefix)}; }

KeyRange SegmentRange(std::string_view table_prefix, uint32_t segment, uint32_t total_segments) {
  const uint64_t lo = (static_cast<uint64_t>(segment) << 32) / total_segments;
  const uint64_t hi = (static_cast<uint64_t>(segment + 1ULL) << 32) / total_segments;
  KeyRange r;
  r.lower.assign(table_prefix);
  AppendHash(static_cast<uint32_t>(lo), &r.lower);
  if (hi >= (1ULL << 32)) {
    r.upper = PrefixEnd(table_prefix);
  } else {
    r.upper.assign(table_prefix);
    AppendHash(static_cast<uint32_t>(hi), &r.upper);
  }
  return r;
}

aws::Result<KeyRange> SortKeyRange(std::string_view partition_prefix, SortKeyOp op, const json::value* v1,
                                   const json::value* v2) {
  KeyRange r;
  if (op == SortKeyOp::kAll) return PrefixRange(partition_prefix);

  auto encode = [&](const json::value* v, std::string* out) {
    out->assign(partition_prefix);
    return v != nullptr && EncodeKeyValue(*v, out);
  };
  auto bad = [] { return AwsError::Internal("sort key condition operand is not an S, N or B value"); };

  switch (op) {
    case SortKeyOp::kEq:
      if (!encode(v1, &r.lower)) return bad();
      r.upper = PrefixEnd(r.lower);
      return r;
    case SortKeyOp::kLt:
      if (!encode(v1, &r.upper)) return bad();
      r.lower.assign(partition_prefix);
      return r;
    case SortKeyOp::kLe:
      if (!encode(v1, &r.upper)) return bad();
      r.upper = PrefixEnd(r.upper);
      r.lower.assign(partition_prefix);
      return r;
    case SortKeyOp::kGt:
      if (!encode(v1, &r.lower)) return bad();
      r.lower = PrefixEnd(r.lower);
      r.upper = PrefixEnd(partition_prefix);
      return r;
    case SortKeyOp::kGe:
      if (!encode(v1, &r.lower)) return bad();
      r.upper = PrefixEnd(partition_prefix);
      return r;
    case SortKeyOp::kBetween:
      if (!encode(v1, &r.lower) || !encode(v2, &r.upper)) return bad();
      r.upper = PrefixEnd(r.upper);
      return r;
    case SortKeyOp::kBeginsWith: {
      const auto type = v1 != nullptr ? TypeOf(*v1) : std::nullopt;
      if (!type || !Payload(*v1).is_string()) return bad();
      r.lower.assign(partition_prefix);
      if (*type == AttrType::S) {
        AppendEscaped(View(Payload(*v1)), &r.lower);
      } else if (*type == AttrType::B) {
        std::string bytes;
        if (!Base64Decode(View(Payload(*v1)), &bytes)) return bad();
        AppendEscaped(bytes, &r.lower);
      } else {
        return bad();
      }
      r.upper = PrefixEnd(r.lower);
      return r;
    }
    case SortKeyOp::kAll:
      break;
  }
  return PrefixRange(partition_prefix);
}

}  // namespace cloudlet::dynamodb
