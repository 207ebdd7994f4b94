#include "dynamodb/number.h"

#include <algorithm>
#include <array>
#include <utility>

namespace cloudlet::dynamodb {
namespace {

using u128 = unsigned __int128;
using aws::AwsError;

constexpr std::array<u128, 39> MakePowersOfTen() {
  std::array<u128, 39> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}
constexpr std::array<u128, 39> kPow10 = MakePowersOfTen();  // 10^0 .. 10^38
constexpr u128 kCoefficientLimit = kPow10[38];

int DigitCount(u128 v) {
  if (v == 0) return 0;
  // kPow10[n-1] <= v < kPow10[n]
  int n = static_cast<int>(std::upper_bound(kPow10.begin(), kPow10.end(), v) - kPow10.begin());
  return n;  // v < 10^38 in every caller, so n <= 38
}

AwsError NotNumeric(std::string_view text) {
  if (text.empty()) return AwsError::Validation(std::string(kNumberNotNumericMessage));
  std::string msg;
  msg.reserve(kNumberNotNumericMessage.size() + 2 + text.size());
  msg.append(kNumberNotNumericMessage).append(": ").append(text);
  return AwsError::Validation(std::move(msg));
}
AwsError Overflow() { return AwsError::Validation(std::string(kNumberOverflowMessage)); }
AwsError Underflow() { return AwsError::Validation(std::string(kNumberUnderflowMessage)); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Unsigned 256-bit integer, little-endian 64-bit limbs: just what exact
// addition of two 38-digit coefficients at exponents up to 38 apart needs.
struct U256 {
  std::array<uint64_t, 4> w{};

  static U256 From(u128 v) {
    U256 r;
    r.w[0] = static_cast<uint64_t>(v);
    r.w[1] = static_cast<uint64_t>(v >> 64);
    return r;
  }
  void MulSmall(uint64_t m) {
    u128 carry = 0;
    for (auto& limb : w) {
      u128 t = static_cast<u128>(limb) * m + carry;
      limb = static_cast<uint64_t>(t);
      carry = t >> 64;
    }
  }
  // Divides by d in place and returns the remainder.
  uint64_t DivSmall(uint64_t d) {
    u128 rem = 0;
    for (int i = 3; i >= 0; --i) {
      u128 cur = (rem << 64) | w[i];
      w[i] = static_cast<uint64_t>(cur / d);
      rem = cur % d;
    }
    return static_cast<uint64_t>(rem);
  }
  bool IsZero() const { return (w[0] | w[1] | w[2] | w[3]) == 0; }
  bool FitsU128() const { return (w[2] | w[3]) == 0; }
  u128 Low() const { return (static_cast<u128>(w[1]) << 64) | w[0]; }
  static int Cmp(const U256& a, const U256& b) {
    for (int i = 3; i >= 0; --i) {
      if (a.w[i] != b.w[i]) return a.w[i] < b.w[i] ? -1 : 1;
    }
    return 0;
  }
  static U256 Add(const U256& a, const U256& b) {
    U256 r;
    u128 carry = 0;
    for (int i = 0; i < 4; ++i) {
      u128 t = static_cast<u128>(a.w[i]) + b.w[i] + carry;
      r.w[i] = static_cast<uint64_t>(t);
      carry = t >> 64;
    }
    return r;
  }
  // a - b for a >= b.
  static U256 Sub(const U256& a, const U256& b) {
    U256 r;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; ++i) {
      uint64_t bi = b.w[i] + borrow;
      uint64_t next_borrow = (bi < borrow) || (a.w[i] < bi) ? 1 : 0;
      r.w[i] = a.w[i] - bi;
      borrow = next_borrow;
    }
    return r;
  }
};

}  // namespace

int Decimal::digit_count() const { return DigitCount(coefficient_); }

aws::Result<Decimal> Decimal::FromParts(bool negative, u128 coefficient, int64_t exponent) {
  if (coefficient == 0) return Decimal{};
  while (coefficient % 10 == 0) {
    coefficient /= 10;
    ++exponent;
  }
  if (coefficient >= kCoefficientLimit) return Overflow();
  int64_t sci = exponent + DigitCount(coefficient) - 1;
  if (sci > kMaxScientificExponent) return Overflow();
  if (sci < kMinScientificExponent) return Underflow();
  Decimal d;
  d.negative_ = negative;
  d.coefficient_ = coefficient;
  d.exponent_ = static_cast<int32_t>(exponent);
  return d;
}

aws::Result<Decimal> Decimal::Parse(std::string_view text) {
  const std::size_t n = text.size();
  if (n == 0) return NotNumeric(text);
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    i = 1;
  }

  u128 coefficient = 0;
  int significant = 0;        // digits already folded into `coefficient`
  int64_t pending_zeros = 0;  // zeros after the last non-zero digit
  int64_t fraction_digits = 0;
  bool seen_digit = false, seen_nonzero = false, seen_dot = false, too_precise = false;
  for (; i < n; ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_dot) return NotNumeric(text);
      seen_dot = true;
      continue;
    }
    if (!IsDigit(c)) break;
    seen_digit = true;
    if (seen_dot) ++fraction_digits;
    if (c == '0') {
      if (seen_nonzero) ++pending_zeros;
      continue;
    }
    if (seen_nonzero) {
      int64_t needed = significant + pending_zeros + 1;
      if (needed > kMaxDigits) {
        too_precise = true;
      } else if (!too_precise) {
        coefficient = coefficient * kPow10[pending_zeros + 1] + static_cast<unsigned>(c - '0');
        significant = static_cast<int>(needed);
      }
    } else {
      seen_nonzero = true;
      coefficient = static_cast<unsigned>(c - '0');
      significant = 1;
    }
    pending_zeros = 0;
  }
  if (!seen_digit) return NotNumeric(text);

  int64_t explicit_exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    std::size_t start = i;
    for (; i < n && IsDigit(text[i]); ++i) {
      // Saturate: any exponent this large is out of range for a non-zero value.
      if (explicit_exponent < 1'000'000'000'000LL) explicit_exponent = explicit_exponent * 10 + (text[i] - '0');
    }
    if (i == start) return NotNumeric(text);
    if (exponent_negative) explicit_exponent = -explicit_exponent;
  }
  if (i != n) return NotNumeric(text);

  if (!seen_nonzero) return Decimal{};
  if (too_precise) return AwsError::Validation(std::string(kNumberTooPreciseMessage));
  return FromParts(negative, coefficient, pending_zeros - fraction_digits + explicit_exponent);
}

Decimal Decimal::FromInt(int64_t value) {
  bool negative = value < 0;
  u128 magnitude = negative ? static_cast<u128>(-(value + 1)) + 1 : static_cast<u128>(value);
  return FromParts(negative, magnitude, 0).value();  // |int64| < 10^19: always in range
}

Decimal Decimal::Negated() const {
  Decimal d = *this;
  if (!d.is_zero()) d.negative_ = !d.negative_;
  return d;
}

aws::Result<Decimal> Decimal::Add(const Decimal& a, const Decimal& b) {
  if (a.is_zero()) return b;
  if (b.is_zero()) return a;
  const Decimal* hi = &a;  // the operand with the larger exponent
  const Decimal* lo = &b;
  if (hi->exponent_ < lo->exponent_) std::swap(hi, lo);
  const int shift = hi->exponent_ - lo->exponent_;
  // With the exponents 39 or more apart the exact result spans more than 38
  // digits: its last digit is lo's last (non-zero) digit, its first lies at
  // or above hi's exponent (minus one for a borrow), which is >= 38 above.
  if (shift > kMaxDigits) return Overflow();

  const bool same_sign = hi->negative_ == lo->negative_;
  if (DigitCount(hi->coefficient_) + shift <= kMaxDigits) {
    // Fast path: both aligned coefficients are below 10^38, so u128 suffices.
    u128 x = hi->coefficient_ * kPow10[shift];
    u128 y = lo->coefficient_;
    if (same_sign) return FromParts(hi->negative_, x + y, lo->exponent_);
    if (x == y) return Decimal{};
    return x > y ? FromParts(hi->negative_, x - y, lo->exponent_)
                 : FromParts(lo->negative_, y - x, lo->exponent_);
  }

  U256 x = U256::From(hi->coefficient_);
  for (int s = shift; s > 0; s -= 19) x.MulSmall(static_cast<uint64_t>(kPow10[std::min(s, 19)]));
  U256 y = U256::From(lo->coefficient_);
  U256 magnitude;
  bool negative;
  if (same_sign) {
    magnitude = U256::Add(x, y);
    negative = hi->negative_;
  } else {
    int c = U256::Cmp(x, y);
    if (c == 0) return Decimal{};
    magnitude = c > 0 ? U256::Sub(x, y) : U256::Sub(y, x);
    negative = c > 0 ? hi->negative_ : lo->negative_;
  }
  int64_t exponent = lo->exponent_;
  // lo's last digit is non-zero and x is a multiple of 10^shift, so the sum
  // has no trailing zeros unless the shift is 0 (handled by the fast path);
  // still, strip defensively before the width check.
  while (true) {
    U256 q = magnitude;
    if (q.DivSmall(10) != 0) break;
    magnitude = q;
    ++exponent;
  }
  if (!magnitude.FitsU128() || magnitude.Low() >= kCoefficientLimit) return Overflow();
  return FromParts(negative, magnitude.Low(), exponent);
}

aws::Result<Decimal> Decimal::Subtract(const Decimal& a, const Decimal& b) {
  return Add(a, b.Negated());
}

int Decimal::Compare(const Decimal& a, const Decimal& b) {
  const int sa = a.is_zero() ? 0 : (a.negative_ ? -1 : 1);
  const int sb = b.is_zero() ? 0 : (b.negative_ ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  const int na = a.digit_count(), nb = b.digit_count();
  const int ea = a.exponent_ + na - 1, eb = b.exponent_ + nb - 1;
  int magnitude;
  if (ea != eb) {
    magnitude = ea < eb ? -1 : 1;
  } else {
    const int width = std::max(na, nb);
    u128 x = a.coefficient_ * kPow10[width - na];
    u128 y = b.coefficient_ * kPow10[width - nb];
    magnitude = x == y ? 0 : (x < y ? -1 : 1);
  }
  return sa > 0 ? magnitude : -magnitude;
}

void Decimal::AppendTo(std::string* out) const {
  if (is_zero()) {
    out->push_back('0');
    return;
  }
  char digits[40];
  int count = 0;
  for (u128 v = coefficient_; v != 0; v /= 10) digits[39 - count++] = static_cast<char>('0' + static_cast<int>(v % 10));
  const std::string_view d(digits + 40 - count, static_cast<std::size_t>(count));
  if (negative_) out->push_back('-');
  if (exponent_ >= 0) {
    out->append(d);
    out->append(static_cast<std::size_t>(exponent_), '0');
  } else if (-exponent_ < count) {
    const std::size_t int_len = static_cast<std::size_t>(count + exponent_);
    out->append(d.substr(0, int_len));
    out->push_back('.');
    out->append(d.substr(int_len));
  } else {
    out->append("0.");
    out->append(static_cast<std::size_t>(-exponent_ - count), '0');
    out->append(d);
  }
}

std::string Decimal::ToString() const {
  std::string s;
  AppendTo(&s);
  return s;
}

std::size_t Decimal::StorageSize() const {
  if (is_zero()) return 1;
  const int n = digit_count();
  const int int_digits = std::clamp(scientific_exponent() + 1, 0, n);
  const int frac_digits = n - int_digits;
  return static_cast<std::size_t>((int_digits + 1) / 2 + (frac_digits + 1) / 2 + 1 + (negative_ ? 1 : 0));
}

}  // namespace cloudlet::dynamodb
