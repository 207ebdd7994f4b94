// Decimal: DynamoDB's Number. Tables of input -> expected output; add a row
// when a conformance suite finds a case.
#include "dynamodb/number.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace cloudlet::dynamodb {
namespace {

std::string Zeros(int n) { return std::string(static_cast<std::size_t>(n), '0'); }

std::string Canonical(std::string_view text) {
  auto d = Decimal::Parse(text);
  if (!d.ok()) return "error: " + d.error().message;
  return d->ToString();
}

Decimal D(std::string_view text) {
  auto d = Decimal::Parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : Decimal{};
}

// ------------------------------------------------------------- parsing --

struct CanonicalCase {
  std::string input;
  std::string expected;
};

TEST(DecimalParse, CanonicalForm) {
  const std::string max38 = "99999999999999999999999999999999999999";
  const CanonicalCase cases[] = {
      {"0", "0"},
      {"-0", "0"},
      {"+0", "0"},
      {"0.000", "0"},
      {"0e1000", "0"},
      {"-0.0e-5", "0"},
      {"00042", "42"},
      {"1.0", "1"},
      {"3.1400", "3.14"},
      {"1.5E2", "150"},
      {"1.5e2", "150"},
      {"+5", "5"},
      {"-7", "-7"},
      {".5", "0.5"},
      {"+.5", "0.5"},
      {"-.5", "-0.5"},
      {"5.", "5"},
      {"1e+2", "100"},
      {"1E+3", "1000"},
      {"100", "100"},
      {"1000e-3", "1"},
      {"0.1e1", "1"},
      {"1.23e1", "12.3"},
      {"1.5e-3", "0.0015"},
      {"0001.23", "1.23"},
      {"-17e5", "-1700000"},
      {"-17.4E37", "-174" + Zeros(36)},
      {"-7.1234", "-7.1234"},
      {"1E-130", "0." + Zeros(129) + "1"},
      {"-1E-130", "-0." + Zeros(129) + "1"},
      {"1E+125", "1" + Zeros(125)},
      {"1e125", "1" + Zeros(125)},
      {"9.9999999999999999999999999999999999999E+125", max38 + Zeros(88)},
      {"-9.9999999999999999999999999999999999999E+125", "-" + max38 + Zeros(88)},
      {max38, max38},
      {"12345678901234567890123456789012345678e88", "12345678901234567890123456789012345678" + Zeros(88)},
      {"0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001"},
      {"3.1415926535897932384626433832795028841", "3.1415926535897932384626433832795028841"},
      {"314159265358979323846.26433832795028841", "314159265358979323846.26433832795028841"},
      {"31415926535897932384626433832795028841e30", "31415926535897932384626433832795028841" + Zeros(30)},
      // trailing zeros are not significant, however many
      {"1" + Zeros(100), "1" + Zeros(100)},
      {"10000000000000000000000000000000000000000.000000", "1" + Zeros(40)},
      {"0.000000000000000000000000000000000000000000000000012", "0." + Zeros(49) + "12"},
      {"1.000000000000000000000000000000000000000000000000000", "1"},
  };
  for (const auto& c : cases) EXPECT_EQ(Canonical(c.input), c.expected) << "input: " << c.input;
}

TEST(DecimalParse, NotNumeric) {
  const std::string cases[] = {" 1",  "1 ",  "NaN", "-NaN", "Infinity", "-Infinity", "dog", "-dog", "1e",
                               "1.2.3", ".",  "0x10", "+",   "-",       "+e2",      "1+2", "++5",  "1_000",
                               "e5",   "1e+", "1e5.5", "--1", "1,5",    "1e-",      "..1", "1..", "\xd9\xa1",
                               "1E2E3", "0x", "+-1", "1\n"};
  for (const auto& c : cases) {
    auto d = Decimal::Parse(c);
    ASSERT_FALSE(d.ok()) << c;
    EXPECT_EQ(d.error().code, "ValidationException");
    EXPECT_EQ(d.error().message, "The parameter cannot be converted to a numeric value: " + c) << c;
  }
  auto empty = Decimal::Parse("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message, "The parameter cannot be converted to a numeric value");
}

struct ErrorCase {
  std::string input;
  std::string_view message;
};

TEST(DecimalParse, RangeAndPrecision) {
  const ErrorCase cases[] = {
      {"123456789012345678901234567890123456789", kNumberTooPreciseMessage},
      {"1.23456789012345678901234567890123456789", kNumberTooPreciseMessage},
      {"3.14159265358979323846264338327950288419", kNumberTooPreciseMessage},
      {"314159265358979323846264338327950288419e30", kNumberTooPreciseMessage},
      {"1000000000000000000000000000000000000001", kNumberTooPreciseMessage},
      {"-0.100000000000000000000000000000000000001", kNumberTooPreciseMessage},
      // precision is checked before range (Dynoxide's order)
      {"123456789012345678901234567890123456789e200", kNumberTooPreciseMessage},
      {"1E+126", kNumberOverflowMessage},
      {"-1E+126", kNumberOverflowMessage},
      {"11e125", kNumberOverflowMessage},
      {"10E125", kNumberOverflowMessage},
      {"12345678901234567890123456789012345678e89", kNumberOverflowMessage},
      {"1e99999999999999999999999", kNumberOverflowMessage},
      {"1" + Zeros(126), kNumberOverflowMessage},
      {"1E-131", kNumberUnderflowMessage},
      {"-1E-131", kNumberUnderflowMessage},
      {"0.9e-130", kNumberUnderflowMessage},
      {"1e-99999999999999999999999", kNumberUnderflowMessage},
      {"0." + Zeros(130) + "1", kNumberUnderflowMessage},
  };
  for (const auto& c : cases) {
    auto d = Decimal::Parse(c.input);
    ASSERT_FALSE(d.ok()) << c.input;
    EXPECT_EQ(d.error().code, "ValidationException");
    EXPECT_EQ(d.error().message, c.message) << c.input;
  }
}

TEST(DecimalParse, Parts) {
  Decimal d = D("-1.50E3");
  EXPECT_TRUE(d.is_negative());
  EXPECT_EQ(static_cast<uint64_t>(d.coefficient()), 15u);
  EXPECT_EQ(d.exponent(), 2);
  EXPECT_EQ(d.digit_count(), 2);
  EXPECT_EQ(d.scientific_exponent(), 3);
  EXPECT_TRUE(D("-0").is_zero());
  EXPECT_FALSE(D("-0").is_negative());
  EXPECT_EQ(Decimal::FromInt(-9223372036854775807LL - 1).ToString(), "-9223372036854775808");
  EXPECT_EQ(Decimal::FromInt(1200).ToString(), "1200");
  EXPECT_EQ(Decimal::FromInt(0).ToString(), "0");
  EXPECT_EQ(D("1.5").Negated().ToString(), "-1.5");
  EXPECT_EQ(D("0").Negated().ToString(), "0");
}

// ---------------------------------------------------------- arithmetic --

struct ArithmeticCase {
  std::string a;
  char op;
  std::string b;
  std::string expected;  // canonical result or "error: <message>"
};

TEST(DecimalArithmetic, AddSubtract) {
  const std::string overflow = "error: " + std::string(kNumberOverflowMessage);
  const std::string underflow = "error: " + std::string(kNumberUnderflowMessage);
  const std::string nines38 = "99999999999999999999999999999999999999";
  const ArithmeticCase cases[] = {
      {"1", '+', "1", "2"},
      {"0.1", '+', "0.2", "0.3"},
      {"1", '-', "1", "0"},
      {"-5", '+', "3", "-2"},
      {"3", '-', "5", "-2"},
      {"-0.5", '+', "0.5", "0"},
      {"12.5", '-', "12.25", "0.25"},
      {"0", '+', "-3.5", "-3.5"},
      {"-3.5", '-', "0", "-3.5"},
      {"0", '-', "3.5", "-3.5"},
      {"999", '+', "1", "1000"},
      {"1000", '-', "1", "999"},
      {"1", '+', "10000000000000000000000", "10000000000000000000001"},
      {"10000000000000000000000", '-', "1", "9999999999999999999999"},
      {"100000000000000000000", '-', "0.00000000000000001", "99999999999999999999.99999999999999999"},
      {nines38, '+', "1", "1" + Zeros(38)},  // carry out of 38 digits, still exact
      {nines38, '+', "2", overflow},          // needs 39 digits
      {"1E38", '-', "1", nines38},            // borrow across 38 digits (wide path)
      {"-1E38", '+', "1", "-" + nines38},
      {"1E38", '-', "0.1", overflow},
      {"1E37", '+', "1", "1" + Zeros(36) + "1"},
      {"1E38", '+', "1", overflow},
      {"1E50", '+', "1", overflow},  // DynamoDB answers "overflow" for lost precision
      {"1E50", '-', "1", overflow},
      {"1E-50", '+', "1", overflow},
      {"12345678901234567890123456789E10", '+', "0.5", overflow},
      {"9E125", '+', "9E125", overflow},
      {"9E125", '-', "-9E125", overflow},
      {"-9E125", '-', "9E125", overflow},
      {"9.9999999999999999999999999999999999999E+125", '+', "1E+88", overflow},
      {"1E-130", '-', "1E-130", "0"},
      {"1E-130", '+', "1E-130", "0." + Zeros(129) + "2"},
      {"2E-130", '-', "1.5E-130", underflow},
      {"1.1E-129", '-', "1E-129", "0." + Zeros(129) + "1"},
      {"1E125", '+', "1E125", "2" + Zeros(125)},
      {"5E125", '+', "5E125", overflow},
      {"123.456", '-', "123.457", "-0.001"},
      {"-123.456", '-', "-123.457", "0.001"},
  };
  for (const auto& c : cases) {
    auto r = c.op == '+' ? Decimal::Add(D(c.a), D(c.b)) : Decimal::Subtract(D(c.a), D(c.b));
    const std::string got = r.ok() ? r->ToString() : "error: " + r.error().message;
    EXPECT_EQ(got, c.expected) << c.a << ' ' << c.op << ' ' << c.b;
  }
}

// Random small operands: a + b - b == a, and the sum moves a the way b's
// sign says.
TEST(DecimalArithmetic, RandomIdentities) {
  std::mt19937_64 rng(42);
  auto random_decimal = [&] {
    std::string s;
    if (rng() % 2) s += '-';
    const int digits = 1 + static_cast<int>(rng() % 18);
    s += static_cast<char>('1' + rng() % 9);
    for (int i = 1; i < digits; ++i) s += static_cast<char>('0' + rng() % 10);
    s += "e" + std::to_string(static_cast<int>(rng() % 21) - 10);
    return D(s);
  };
  for (int i = 0; i < 20000; ++i) {
    Decimal a = random_decimal(), b = random_decimal();
    auto sum = Decimal::Add(a, b);
    if (!sum.ok()) continue;
    auto back = Decimal::Subtract(*sum, b);
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(back->ToString(), a.ToString()) << a.ToString() << " + " << b.ToString();
    ASSERT_EQ(Decimal::Compare(*sum, a), b.is_negative() ? -1 : 1);
    ASSERT_EQ(Decimal::Add(b, a)->ToString(), sum->ToString());
    // The canonical text parses back to the same value.
    ASSERT_EQ(D(sum->ToString()), *sum);
  }
}

// ---------------------------------------------------------- comparison --

struct CompareCase {
  std::string a, b;
  int expected;
};

TEST(DecimalCompare, Table) {
  const CompareCase cases[] = {
      {"1", "2", -1},
      {"2", "1", 1},
      {"-1", "-2", 1},
      {"0", "-0", 0},
      {"1E-130", "0", 1},
      {"-1E-130", "0", -1},
      {"10", "9.99", 1},
      {"1.5", "1.50", 0},
      {"100", "1E2", 0},
      {"-100", "-99", -1},
      {"0.001", "0.01", -1},
      {"1.2", "1.15", 1},
      {"-1.2", "-1.15", -1},
      {"9.9999999999999999999999999999999999999E+125", "1E+125", 1},
      {"12345678901234567890123456789012345678", "12345678901234567890123456789012345679", -1},
      {"-9.9999999999999999999999999999999999999E+125", "-1E-130", -1},
      {"1", "1.0000000000000000000000000000000000001", -1},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Decimal::Compare(D(c.a), D(c.b)), c.expected) << c.a << " vs " << c.b;
    EXPECT_EQ(Decimal::Compare(D(c.b), D(c.a)), -c.expected) << c.b << " vs " << c.a;
  }
  EXPECT_TRUE(D("1.0") == D("1"));
  EXPECT_TRUE(D("-2") < D("1"));
}

// ---------------------------------------------------------------- size --

TEST(DecimalSize, StorageSize) {
  const std::pair<std::string, std::size_t> cases[] = {
      {"0", 1},      {"-0", 1},    {"1", 2},      {"42", 2},   {"-42", 3},  {"123", 3},
      {"1.5", 3},    {"0.5", 2},   {"0.001", 2},  {"100", 2},  {"10.25", 3}, {"1E+125", 2},
      {"12345678901234567890123456789012345678", 20},          {"-1.5", 4}, {"0.12345", 4},
  };
  for (const auto& [text, size] : cases) EXPECT_EQ(D(text).StorageSize(), size) << text;
}

}  // namespace
}  // namespace cloudlet::dynamodb
