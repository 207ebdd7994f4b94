// Key codec: encodings sort exactly as DynamoDB orders key values, decode
// back, and the range builder selects exactly the keys a condition matches.
#include "dynamodb/key_codec.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "dynamodb/base64.h"
#include "dynamodb/number.h"

namespace cloudlet::dynamodb {
namespace {

namespace json = boost::json;

json::value Av(std::string_view tag, std::string_view payload) {
  json::object o;
  o.emplace(tag, json::string(payload));
  return json::value(std::move(o));
}
json::value Num(std::string_view text) { return Av("N", Decimal::Parse(text)->ToString()); }
json::value Bin(std::string_view bytes) {
  std::string text;
  Base64Encode(bytes, &text);
  return Av("B", text);
}

std::string Enc(const json::value& v) {
  std::string out;
  EXPECT_TRUE(EncodeKeyValue(v, &out)) << json::serialize(v);
  return out;
}

std::string Hex(std::string_view s) {
  static const char* d = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out += ' ';
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

int Sign(int x) { return (x > 0) - (x < 0); }

// ------------------------------------------------------------ fixed cases --

TEST(KeyCodec, KnownEncodings) {
  const std::pair<json::value, std::string> cases[] = {
      {Num("0"), "02"},
      {Num("1"), "03 82 0B 00"},
      {Num("-1"), "01 7D F4 FF"},
      {Num("12"), "03 83 0D 00"},
      {Num("123"), "03 84 0D 1F 00"},
      {Num("1E-130"), "03 00 0B 00"},
      {Num("1E+125"), "03 FF 0B 00"},
      {Av("S", "a"), "61 00 01"},
      {Av("S", ""), "00 01"},
      {Av("S", std::string("a\0b", 3)), "61 00 FF 62 00 01"},
      {Bin(std::string("\xFF\x00", 2)), "FF 00 FF 00 01"},
  };
  for (const auto& [v, hex] : cases) EXPECT_EQ(Hex(Enc(v)), hex) << json::serialize(v);
  std::string out;
  EXPECT_FALSE(EncodeKeyValue(json::parse(R"({"BOOL":true})"), &out));
  EXPECT_FALSE(EncodeKeyValue(json::parse(R"({"SS":["a"]})"), &out));
  EXPECT_TRUE(out.empty());
}

// ------------------------------------------------------ random properties --

class RandomValues {
 public:
  explicit RandomValues(uint64_t seed) : rng_(seed) {}

  json::value Number() {
    if (rng_() % 20 == 0) return Num("0");
    for (;;) {
      std::string s;
      if (rng_() % 2) s += '-';
      const int digits = 1 + static_cast<int>(rng_() % (rng_() % 4 == 0 ? 38 : 4));
      // a small alphabet of digits makes shared prefixes and near-ties common
      for (int i = 0; i < digits; ++i) s += static_cast<char>('0' + (rng_() % 3 == 0 ? rng_() % 10 : (rng_() % 2) * 9));
      int exponent;
      switch (rng_() % 4) {
        case 0: exponent = static_cast<int>(rng_() % 7) - 3; break;
        case 1: exponent = 125 - digits + 1 - static_cast<int>(rng_() % 3); break;  // near the top
        case 2: exponent = -130 + static_cast<int>(rng_() % 3); break;               // near the bottom
        default: exponent = static_cast<int>(rng_() % 256) - 130 - digits; break;
      }
      s += "e" + std::to_string(exponent);
      auto d = Decimal::Parse(s);
      if (d.ok()) return Av("N", d->ToString());
    }
  }
  std::string Bytes() {
    static const char kAlphabet[] = {'\x00', '\x01', 'a', 'b', '\x7F', '\x80', '\xFE', '\xFF'};
    std::string s;
    const int n = static_cast<int>(rng_() % 6);
    for (int i = 0; i < n; ++i) s += kAlphabet[rng_() % sizeof(kAlphabet)];
    return s;
  }
  json::value String() { return Av("S", Bytes()); }
  json::value Binary() { return Bin(Bytes()); }
  json::value Of(AttrType t) { return t == AttrType::N ? Number() : t == AttrType::S ? String() : Binary(); }
  uint64_t Next() { return rng_(); }

 private:
  std::mt19937_64 rng_;
};

class KeyCodecProperty : public ::testing::TestWithParam<AttrType> {};

TEST_P(KeyCodecProperty, ByteOrderIsValueOrderAndDecodes) {
  const AttrType type = GetParam();
  RandomValues random(1234 + static_cast<int>(type));
  std::vector<json::value> values;
  for (int i = 0; i < 3000; ++i) values.push_back(random.Of(type));
  std::vector<std::string> encoded;
  for (const auto& v : values) encoded.push_back(Enc(v));

  // Pairwise on random pairs.
  for (int i = 0; i < 30000; ++i) {
    const std::size_t a = random.Next() % values.size(), b = random.Next() % values.size();
    const auto expected = CompareForOrder(values[a], values[b]);
    ASSERT_TRUE(expected.has_value());
    ASSERT_EQ(Sign(encoded[a].compare(encoded[b])), *expected)
        << json::serialize(values[a]) << " vs " << json::serialize(values[b]) << "\n"
        << Hex(encoded[a]) << "\n"
        << Hex(encoded[b]);
  }
  // Sorted by encoding, neighbours are in value order.
  std::vector<std::size_t> order(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return encoded[x] < encoded[y]; });
  for (std::size_t i = 1; i < order.size(); ++i) {
    ASSERT_LE(*CompareForOrder(values[order[i - 1]], values[order[i]]), 0);
  }
  // Round trip, also when followed by another encoding (self-delimiting).
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string tail = Enc(values[(i + 1) % values.size()]);
    const std::string both = encoded[i] + tail;
    std::string_view in = both;
    auto decoded = DecodeKeyValue(&in, type);
    ASSERT_TRUE(decoded.ok()) << Hex(encoded[i]);
    ASSERT_EQ(json::serialize(*decoded), json::serialize(values[i]));
    ASSERT_EQ(in, tail);
    auto second = DecodeKeyValue(&in, type);
    ASSERT_TRUE(second.ok());
    ASSERT_TRUE(in.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Types, KeyCodecProperty, ::testing::Values(AttrType::S, AttrType::N, AttrType::B),
                         [](const auto& info) { return std::string(TypeName(info.param)); });

TEST(KeyCodec, CompositeKeysOrderByPartitionThenSort) {
  RandomValues random(99);
  for (int i = 0; i < 5000; ++i) {
    json::value p1 = random.String(), p2 = random.String(), s1 = random.Number(), s2 = random.Number();
    const std::string k1 = Enc(p1) + Enc(s1), k2 = Enc(p2) + Enc(s2);
    int expected = *CompareForOrder(p1, p2);
    if (expected == 0) expected = *CompareForOrder(s1, s2);
    ASSERT_EQ(Sign(k1.compare(k2)), expected);
  }
}

TEST(KeyCodec, DecodeRejectsGarbage) {
  for (const std::string& bad : {std::string(""), std::string("\x03\x82", 2), std::string("\x03\x82\x0B", 3),
                                std::string("\x05", 1), std::string("\x03\x82\x70\x00", 4)}) {
    std::string_view in = bad;
    EXPECT_FALSE(DecodeKeyValue(&in, AttrType::N).ok()) << Hex(bad);
  }
  for (const std::string& bad : {std::string("abc"), std::string("a\0", 2), std::string("a\0\x02", 3)}) {
    std::string_view in = bad;
    EXPECT_FALSE(DecodeKeyValue(&in, AttrType::S).ok()) << Hex(bad);
  }
}

// ------------------------------------------------------------------ hash --

TEST(KeyCodec, PartitionHashIsStable) {
  // Fixed values: a change here changes every stored key.
  EXPECT_EQ(PartitionHash(""), PartitionHash(""));
  const uint32_t a = PartitionHash(Enc(Av("S", "a")));
  const uint32_t b = PartitionHash(Enc(Av("S", "b")));
  EXPECT_NE(a, b);
  EXPECT_EQ(PartitionHash(Enc(Av("S", "a"))), a);
  // Spread: 4 segments of 4000 keys each get a fair share.
  int counts[4] = {};
  for (int i = 0; i < 4000; ++i) counts[PartitionHash(Enc(Av("S", "user#" + std::to_string(i)))) >> 30]++;
  for (int c : counts) EXPECT_GT(c, 850);
}

TEST(KeyCodec, PartitionHashGolden) {
  std::string out;
  AppendHash(0x01020304u, &out);
  EXPECT_EQ(Hex(out), "01 02 03 04");
  // Golden values pin the function across builds and machines.
  // (Computed independently: 64-bit FNV-1a, murmur3 fmix64, upper half.)
  EXPECT_EQ(PartitionHash(""), 0xEFD01F60u);
  EXPECT_EQ(PartitionHash(Enc(Av("S", "a"))), 0xBC08481Fu);  // 61 00 01
  EXPECT_EQ(PartitionHash(Enc(Num("1"))), 0xF1054DE5u);      // 03 82 0B 00
}

// ---------------------------------------------------------------- ranges --

TEST(KeyCodec, SegmentsPartitionTheHashSpace) {
  const std::string prefix = "t\x01";
  for (uint32_t total : {1u, 2u, 3u, 7u, 1000u, 1000000u}) {
    RandomValues random(total);
    for (int i = 0; i < 2000; ++i) {
      std::string key;
      ASSERT_TRUE(AppendPartitionPrefix(prefix, random.String(), &key));
      int hits = 0;
      const uint32_t h = static_cast<uint32_t>(static_cast<unsigned char>(key[2])) << 24 |
                         static_cast<uint32_t>(static_cast<unsigned char>(key[3])) << 16 |
                         static_cast<uint32_t>(static_cast<unsigned char>(key[4])) << 8 |
                         static_cast<unsigned char>(key[5]);
      const uint32_t expected_segment = static_cast<uint32_t>((static_cast<uint64_t>(h) * total) >> 32);
      for (uint32_t s : {expected_segment, expected_segment == 0 ? 0u : expected_segment - 1,
                         expected_segment + 1 < total ? expected_segment + 1 : expected_segment}) {
        if (SegmentRange(prefix, s, total).Contains(key)) ++hits;
      }
      ASSERT_TRUE(SegmentRange(prefix, expected_segment, total).Contains(key));
      ASSERT_GE(hits, 1);
    }
  }
  // Segment ranges tile [prefix, PrefixEnd(prefix)).
  for (uint32_t total : {1u, 3u, 10u}) {
    EXPECT_EQ(SegmentRange(prefix, 0, total).lower, prefix + std::string(4, '\0'));
    for (uint32_t s = 1; s < total; ++s) EXPECT_EQ(SegmentRange(prefix, s - 1, total).upper, SegmentRange(prefix, s, total).lower);
    EXPECT_EQ(SegmentRange(prefix, total - 1, total).upper, PrefixEnd(prefix));
  }
}

TEST(KeyCodec, PrefixHelpers) {
  EXPECT_EQ(KeySuccessor("ab"), std::string("ab\0", 3));
  EXPECT_EQ(PrefixEnd("ab"), "ac");
  EXPECT_EQ(PrefixEnd("a\xFF\xFF"), "b");
  EXPECT_EQ(PrefixEnd("\xFF"), "");
  KeyRange r = PrefixRange("\xFF");
  EXPECT_FALSE(r.empty());
  EXPECT_TRUE(r.Contains("\xFF\xFF\xFF"));
  EXPECT_FALSE(r.Contains("\xFE"));
}

bool Matches(SortKeyOp op, const json::value& sk, const json::value* v1, const json::value* v2) {
  const auto c1 = v1 ? CompareForOrder(sk, *v1) : std::nullopt;
  switch (op) {
    case SortKeyOp::kAll: return true;
    case SortKeyOp::kEq: return *c1 == 0;
    case SortKeyOp::kLt: return *c1 < 0;
    case SortKeyOp::kLe: return *c1 <= 0;
    case SortKeyOp::kGt: return *c1 > 0;
    case SortKeyOp::kGe: return *c1 >= 0;
    case SortKeyOp::kBetween: return *c1 >= 0 && *CompareForOrder(sk, *v2) <= 0;
    case SortKeyOp::kBeginsWith: {
      auto text = [](const json::value& v) {
        const json::string& s = Payload(v).get_string();
        return std::string(s.data(), s.size());
      };
      std::string a, b;
      if (TypeOf(sk) == AttrType::S) {
        a = text(sk);
        b = text(*v1);
      } else {
        Base64Decode(text(sk), &a);
        Base64Decode(text(*v1), &b);
      }
      return a.compare(0, b.size(), b) == 0;
    }
  }
  return false;
}

TEST(KeyCodec, SortKeyRangesSelectExactlyTheMatchingKeys) {
  const SortKeyOp ops[] = {SortKeyOp::kAll, SortKeyOp::kEq, SortKeyOp::kLt,      SortKeyOp::kLe,
                           SortKeyOp::kGt,  SortKeyOp::kGe, SortKeyOp::kBetween, SortKeyOp::kBeginsWith};
  for (AttrType type : {AttrType::S, AttrType::N, AttrType::B}) {
    for (AttrType pk_type : {AttrType::S, AttrType::N}) {
      RandomValues random(7 + static_cast<int>(type) * 10 + static_cast<int>(pk_type));
      // One partition under test and a neighbour partition whose keys must never match.
      const std::string table("tbl\0", 4), other_table("tbl\x01", 4);
      json::value pk = random.Of(pk_type), other_pk = random.Of(pk_type);
      std::string partition, other_partition, other_table_partition;
      ASSERT_TRUE(AppendPartitionPrefix(table, pk, &partition));
      ASSERT_TRUE(AppendPartitionPrefix(table, other_pk, &other_partition));
      ASSERT_TRUE(AppendPartitionPrefix(other_table, pk, &other_table_partition));
      std::vector<json::value> sort_keys;
      for (int i = 0; i < 300; ++i) sort_keys.push_back(random.Of(type));
      for (int round = 0; round < 60; ++round) {
        for (SortKeyOp op : ops) {
          if (op == SortKeyOp::kBeginsWith && type == AttrType::N) continue;
          json::value v1 = random.Of(type), v2 = random.Of(type);
          if (round % 3 == 0) v1 = sort_keys[random.Next() % sort_keys.size()];  // hit existing keys
          if (op == SortKeyOp::kBetween && *CompareForOrder(v1, v2) > 0) std::swap(v1, v2);
          auto range = SortKeyRange(partition, op, &v1, &v2);
          ASSERT_TRUE(range.ok());
          for (const auto& sk : sort_keys) {
            const std::string key = partition + Enc(sk);
            ASSERT_EQ(range->Contains(key), Matches(op, sk, &v1, &v2))
                << "op " << static_cast<int>(op) << " sk " << json::serialize(sk) << " v1 " << json::serialize(v1)
                << " v2 " << json::serialize(v2);
            if (other_partition != partition) {
              ASSERT_FALSE(range->Contains(other_partition + Enc(sk)));
            }
            ASSERT_FALSE(range->Contains(other_table_partition + Enc(sk)));
          }
        }
      }
    }
  }
}

TEST(KeyCodec, BetweenReversedIsEmptyAndBadOperandsFail) {
  std::string partition;
  ASSERT_TRUE(AppendPartitionPrefix("t", Av("S", "p"), &partition));
  json::value lo = Num("1"), hi = Num("2");
  auto r = SortKeyRange(partition, SortKeyOp::kBetween, &hi, &lo);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  json::value boolean = json::parse(R"({"BOOL":true})");
  EXPECT_FALSE(SortKeyRange(partition, SortKeyOp::kEq, &boolean).ok());
  EXPECT_FALSE(SortKeyRange(partition, SortKeyOp::kBeginsWith, &lo).ok());
  EXPECT_FALSE(SortKeyRange(partition, SortKeyOp::kGt, nullptr).ok());
}

}  // namespace
}  // namespace cloudlet::dynamodb
