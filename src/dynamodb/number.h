// DynamoDB's Number type as an exact decimal.
//
// A DynamoDB number has at most 38 significant digits and a magnitude of
// 1E-130 .. 9.9999999999999999999999999999999999999E+125 (or is zero). A
// Decimal holds exactly that: a sign, a coefficient below 10^38 without
// trailing zeros, and a power of ten. Every Decimal is in range and
// normalised, so two Decimals are equal exactly when their fields are.
//
// Wire grammar accepted by Parse (what DynamoDB accepts; nothing else, not
// even surrounding spaces):
//
//   number      = [ "+" | "-" ] coefficient [ exponent ]
//   coefficient = digit* [ "." digit* ]      ; at least one digit in total
//   exponent    = ( "e" | "E" ) [ "+" | "-" ] digit+
//
//   "00042" -> 42     "1.0" -> 1     ".5" -> 0.5     "1.5E2" -> 150
//   "-0" -> 0         "0e1000" -> 0  "1E-130" -> 0.000...0001 (plain digits)
//
// ToString() prints the canonical form DynamoDB stores and returns: plain
// decimal digits (never an exponent), no leading or trailing zeros, no "+",
// zero as "0".
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::dynamodb {

// Exact texts DynamoDB uses for a number it rejects.
inline constexpr std::string_view kNumberNotNumericMessage =
    "The parameter cannot be converted to a numeric value";  // + ": <text>" unless empty
inline constexpr std::string_view kNumberTooPreciseMessage =
    "Attempting to store more than 38 significant digits in a Number";
inline constexpr std::string_view kNumberOverflowMessage =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
inline constexpr std::string_view kNumberUnderflowMessage =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

class Decimal {
 public:
  static constexpr int kMaxDigits = 38;
  static constexpr int kMaxScientificExponent = 125;   // largest is 9.99..9E+125
  static constexpr int kMinScientificExponent = -130;  // smallest is 1E-130

  // Zero.
  constexpr Decimal() = default;

  // Parses DynamoDB wire text. Errors are ValidationExceptions with DynamoDB's
  // texts, checked in Dynoxide's order: grammar, then 38 digits, then
  // overflow, then underflow (dynalite checks the range before the digits;
  // which one AWS follows is unverified). Cost: one pass over the text, no
  // allocation unless it fails.
  static aws::Result<Decimal> Parse(std::string_view text);

  // An integer; always representable.
  static Decimal FromInt(int64_t value);

  // Exact sum and difference. A result that needs more than 38 significant
  // digits is an error with the *overflow* text, which is what DynamoDB
  // answers for e.g. 1E50 + 1; a result beyond the range is overflow or
  // underflow.
  static aws::Result<Decimal> Add(const Decimal& a, const Decimal& b);
  static aws::Result<Decimal> Subtract(const Decimal& a, const Decimal& b);

  // -1, 0 or 1 by numeric value.
  static int Compare(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal&, const Decimal&) = default;
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
    return Compare(a, b) <=> 0;
  }

  // Canonical text (see the top of this file). AppendTo appends to *out.
  std::string ToString() const;
  void AppendTo(std::string* out) const;

  // Bytes this number counts for in an item's size: one, plus one per two
  // significant digits on each side of the decimal point (rounded up), plus
  // one if negative. 42 -> 2, -42 -> 3, 0 -> 1, 1.5 -> 3.
  std::size_t StorageSize() const;

  Decimal Negated() const;
  bool is_zero() const { return coefficient_ == 0; }
  bool is_negative() const { return negative_; }

  // The parts: value = (negative ? -1 : 1) * coefficient * 10^exponent, where
  // coefficient < 10^38 and (unless zero) is not a multiple of 10.
  unsigned __int128 coefficient() const { return coefficient_; }
  int exponent() const { return exponent_; }
  // Number of digits in the coefficient (0 for zero).
  int digit_count() const;
  // Exponent of the leading digit: 150 -> 2, 0.05 -> -2. Meaningless for zero.
  int scientific_exponent() const { return exponent_ + digit_count() - 1; }

  // Builds a Decimal from parts that may carry trailing zeros; checks range
  // and precision like Add does. For decoders and arithmetic.
  static aws::Result<Decimal> FromParts(bool negative, unsigned __int128 coefficient,
                                        int64_t exponent);

 private:
  unsigned __int128 coefficient_ = 0;
  int32_t exponent_ = 0;
  bool negative_ = false;
};

}  // namespace cloudlet::dynamodb
