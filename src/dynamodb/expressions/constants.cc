#include "dynamodb/expressions/constants.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>

namespace cloudlet::dynamodb::expr::internal {
namespace {

namespace json = boost::json;

// ------------------------------------------------------------ value types --

constexpr std::array<std::string_view, 10> kTypeTags = {"S",  "N",  "B",  "NULL", "BOOL",
                                                        "SS", "NS", "BS", "L",    "M"};

}  // namespace

std::string LongTypeName(std::string_view tag) {
  if (tag == "S") return "STRING";
  if (tag == "N") return "NUMBER";
  if (tag == "B") return "BINARY";
  if (tag == "BOOL") return "BOOLEAN";
  if (tag == "NULL") return "NULL";
  if (tag == "L") return "LIST";
  if (tag == "M") return "MAP";
  return std::string(tag);  // SS, NS, BS
}

namespace {

// ---------------------------------------------------- constant comparison --

// A decimal number as sign, digit string without leading/trailing zeros, and
// the exponent of its first digit; compares N values without precision loss.
struct Decimal {
  int sign = 0;  // -1, 0, 1
  std::string digits;
  long exponent = 0;
};

std::optional<Decimal> ParseDecimal(std::string_view s) {
  Decimal d;
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  std::string mantissa;
  long point = -1;
  for (; i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'); ++i) {
    if (s[i] == '.') {
      if (point >= 0) return std::nullopt;
      point = static_cast<long>(mantissa.size());
    } else {
      mantissa.push_back(s[i]);
    }
  }
  if (mantissa.empty()) return std::nullopt;
  if (point < 0) point = static_cast<long>(mantissa.size());
  long exp = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i >= s.size()) return std::nullopt;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (exp < 100000) exp = exp * 10 + (s[i] - '0');
    }
    if (eneg) exp = -exp;
  }
  if (i != s.size()) return std::nullopt;
  std::size_t first = mantissa.find_first_not_of('0');
  if (first == std::string::npos) return d;  // zero
  std::size_t last = mantissa.find_last_not_of('0');
  d.sign = negative ? -1 : 1;
  d.digits = mantissa.substr(first, last - first + 1);
  d.exponent = point - static_cast<long>(first) + exp;
  return d;
}

int CompareDecimal(const Decimal& a, const Decimal& b) {
  if (a.sign != b.sign) return a.sign < b.sign ? -1 : 1;
  if (a.sign == 0) return 0;
  int mag;
  if (a.exponent != b.exponent) {
    mag = a.exponent < b.exponent ? -1 : 1;
  } else {
    int c = a.digits.compare(b.digits);
    mag = c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return a.sign * mag;
}

std::string Base64Decode(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    int v = val(c);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

}  // namespace

// >0 when a > b; nullopt when the values cannot be ordered (not S/N/B).
std::optional<int> CompareConstants(const json::value& a, const json::value& b,
                                    const std::string& tag) {
  const json::value* x = a.as_object().if_contains(tag);
  const json::value* y = b.as_object().if_contains(tag);
  if (!x || !y || !x->is_string() || !y->is_string()) return std::nullopt;
  std::string_view xs = x->as_string(), ys = y->as_string();
  if (tag == "N") {
    auto dx = ParseDecimal(xs), dy = ParseDecimal(ys);
    if (!dx || !dy) return std::nullopt;
    return CompareDecimal(*dx, *dy);
  }
  if (tag == "B") {
    std::string bx = Base64Decode(xs), by = Base64Decode(ys);
    auto less = [](const std::string& l, const std::string& r) {
      return std::lexicographical_compare(
          l.begin(), l.end(), r.begin(), r.end(), [](char p, char q) {
            return static_cast<unsigned char>(p) < static_cast<unsigned char>(q);
          });
    };
    return less(bx, by) ? -1 : less(by, bx) ? 1 : 0;
  }
  if (tag == "S") {
    int c = xs.compare(ys);  // std::string_view compares as unsigned char
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return std::nullopt;
}

// "{N:2}" as DynamoDB prints a constant in BETWEEN messages.
std::string ConstantForMessage(const json::value& v, const std::string& tag) {
  const json::value* inner = v.as_object().if_contains(tag);
  std::string text;
  if (inner == nullptr) {
    text = "";
  } else if (inner->is_string()) {
    text = std::string(inner->as_string());
  } else {
    text = json::serialize(*inner);
  }
  return "AttributeValue: {" + tag + ":" + text + "}";
}

bool IsTypeTag(std::string_view name) {
  return std::find(kTypeTags.begin(), kTypeTags.end(), name) != kTypeTags.end();
}

std::string TypeTag(const boost::json::value& v) {
  const boost::json::object* o = v.if_object();
  if (o == nullptr || o->size() != 1) return {};
  std::string_view key = o->begin()->key();
  for (std::string_view t : kTypeTags) {
    if (t == key) return std::string(t);
  }
  return {};
}

std::string OperandTypeName(const boost::json::value& v) {
  std::string tag = TypeTag(v);
  return tag.empty() ? tag : LongTypeName(tag);
}

}  // namespace cloudlet::dynamodb::expr::internal
