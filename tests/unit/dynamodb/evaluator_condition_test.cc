// Data-driven tests of ConditionExpression evaluation: each row is an item
// (JSON; the default below, or "" for no item), an expression, and the
// expected outcome "true", "false" or "ERR:<exact message>" (parse errors
// included, so rows document where DynamoDB rejects a case).
#include <gtest/gtest.h>

#include <string>

#include "evaluator_test_util.h"

namespace cloudlet::dynamodb::expr {
namespace {

using evaltest::ParseItem;
using evaltest::Request;

constexpr const char* kItem = R"({
  "pk":{"S":"k1"}, "s":{"S":"hello"}, "e":{"S":""}, "n":{"N":"42"}, "neg":{"N":"-7.5"},
  "big":{"N":"12345678901234567890123456789012345678"}, "tiny":{"N":"1E-130"},
  "b":{"B":"AQID"}, "t":{"BOOL":true}, "f":{"BOOL":false}, "nul":{"NULL":true},
  "m":{"M":{"x":{"N":"1"}, "y":{"S":"why"}, "deep":{"M":{"z":{"L":[{"N":"5"}]}}}, "dot.key":{"S":"dk"}}},
  "l":{"L":[{"S":"a"}, {"N":"2"}, {"M":{"k":{"S":"v"}}}, {"L":[{"N":"1"}, {"N":"2"}]}]},
  "ss":{"SS":["a","b","c"]}, "ns":{"NS":["1","2.5","-3"]}, "bs":{"BS":["AQ==","Ag=="]},
  "em":{"M":{}}, "el":{"L":[]}
})";

constexpr const char* kNames = R"({"#dot":"dot.key", "#s":"s", "#m":"m", "#x":"x"})";

constexpr const char* kValues = R"({
  ":s":{"S":"hello"}, ":he":{"S":"he"}, ":ll":{"S":"ll"}, ":z":{"S":"zzz"}, ":a":{"S":"a"},
  ":e":{"S":""}, ":w":{"S":"wh"}, ":v":{"S":"v"}, ":dk":{"S":"dk"}, ":H":{"S":"Hello"},
  ":n0":{"N":"0"}, ":n1":{"N":"1"}, ":n2":{"N":"2"}, ":n3":{"N":"3"}, ":n4":{"N":"4"},
  ":n5":{"N":"5"}, ":n6":{"N":"6"}, ":n42":{"N":"42"}, ":n42f":{"N":"42.000"}, ":n42e":{"N":"4.2E1"},
  ":n100":{"N":"100"}, ":n25":{"N":"2.50"}, ":nm3":{"N":"-3"}, ":nm8":{"N":"-8"},
  ":big":{"N":"12345678901234567890123456789012345678"},
  ":big1":{"N":"12345678901234567890123456789012345679"}, ":tiny":{"N":"1e-130"},
  ":b":{"B":"AQID"}, ":b1":{"B":"AQ=="}, ":b2":{"B":"Ag=="}, ":b23":{"B":"AgM="}, ":b4":{"B":"BA=="},
  ":be":{"B":""},
  ":t":{"BOOL":true}, ":f":{"BOOL":false}, ":nul":{"NULL":true},
  ":m":{"M":{"y":{"S":"why"}, "x":{"N":"1.0"}, "dot.key":{"S":"dk"}, "deep":{"M":{"z":{"L":[{"N":"5"}]}}}}},
  ":m2":{"M":{"x":{"N":"1"}}},
  ":l":{"L":[{"S":"a"}, {"N":"2.0"}, {"M":{"k":{"S":"v"}}}, {"L":[{"N":"1"}, {"N":"2"}]}]},
  ":lrev":{"L":[{"N":"2"}, {"S":"a"}, {"M":{"k":{"S":"v"}}}, {"L":[{"N":"1"}, {"N":"2"}]}]},
  ":mk":{"M":{"k":{"S":"v"}}}, ":l12":{"L":[{"N":"1"}, {"N":"2"}]},
  ":ss":{"SS":["c","a","b"]}, ":ss2":{"SS":["a","b"]}, ":ns":{"NS":["-3","2.50","1"]},
  ":ns2":{"NS":["1","2.5"]}, ":bs":{"BS":["Ag==","AQ=="]},
  ":tS":{"S":"S"}, ":tN":{"S":"N"}, ":tB":{"S":"B"}, ":tBOOL":{"S":"BOOL"}, ":tNULL":{"S":"NULL"},
  ":tM":{"S":"M"}, ":tL":{"S":"L"}, ":tSS":{"S":"SS"}, ":tNS":{"S":"NS"}, ":tBS":{"S":"BS"},
  ":tBad":{"S":"STRING"}, ":tLower":{"S":"s"}
})";

struct Case {
  std::string expr;
  std::string expected;           // "true", "false", "ERR:<message>"
  const char* item = kItem;       // "" = no item
};

std::string Evaluate(const Case& c) {
  Request req(kNames, kValues);
  auto parsed = ParseCondition(c.expr, ExpressionKind::kCondition, req.placeholders);
  if (!parsed.ok()) return "ERR:" + parsed.error().message;
  auto item = ParseItem(c.item);
  auto r = EvaluateCondition(*parsed, item ? &*item : nullptr);
  if (!r.ok()) return "ERR:" + r.error().message;
  return *r ? "true" : "false";
}

const Case kCases[] = {
    // ---- = and <> on every type (deep equality; numbers numerically; sets unordered)
    {"s = :s", "true"},
    {"s = :H", "false"},  // case-sensitive
    {"s <> :he", "true"},
    {"s <> :s", "false"},
    {"e = :e", "true"},
    {"n = :n42", "true"},
    {"n = :n42f", "true"},
    {"n = :n42e", "true"},
    {"n <> :n42f", "false"},
    {"big = :big", "true"},
    {"big = :big1", "false"},
    {"tiny = :tiny", "true"},
    {"b = :b", "true"},
    {"b = :b1", "false"},
    {"t = :t", "true"},
    {"t = :f", "false"},
    {"f = :f", "true"},
    {"nul = :nul", "true"},
    {"m = :m", "true"},   // member order and 1.0 vs 1 do not matter
    {"m = :m2", "false"},
    {"l = :l", "true"},
    {"l = :lrev", "false"},  // lst order matters
    {"ss = :ss", "true"},    // set order does not
    {"ss = :ss2", "false"},
    {"ns = :ns", "true"},
    {"ns = :ns2", "false"},
    {"bs = :bs", "true"},
    {"em = :m2", "false"},
    // ---- different types are never equal, never ordered, and not an error
    {"n = :s", "false"},
    {"n <> :s", "true"},
    {"s = :ss", "false"},
    {"ss = :l", "false"},
    {"n < :s", "false"},
    {"n >= :s", "false"},
    {"b = :s", "false"},
    {"t = :n1", "false"},
    // ---- ordering: N numerically, S and B by unsigned bytes
    {"s < :z", "true"},
    {"s > :z", "false"},
    {"s <= :s", "true"},
    {"s >= :s", "true"},
    {"s > :H", "true"},   // 'h' (0x68) > 'H' (0x48)
    {"s > :e", "true"},
    {"n < :n100", "true"},
    {"n > :n100", "false"},
    {"n <= :n42f", "true"},
    {"n >= :n42e", "true"},
    {"neg < :n1", "true"},
    {"neg > :nm8", "true"},
    {"neg < :nm8", "false"},
    {"big < :big1", "true"},
    {"tiny > :n0", "true"},
    {"tiny < :n1", "true"},
    {"b < :b2", "true"},   // 01 02 03 < 02
    {"b > :b1", "true"},   // 01 02 03 > 01 (longer with equal prefix)
    {"b > :be", "true"},
    {"t < :t", "false"},   // BOOL has no order
    {"t <= :t", "false"},
    {"nul >= :nul", "false"},
    {"ss < :ss", "false"},
    {"l <= :l", "false"},
    {"m >= :m", "false"},
    // ---- paths on both sides
    {"n = n", "ERR:Invalid ConditionExpression: The first operand must be distinct from the "
              "remaining operands for this operator or function; operator: =, first operand: [n]"},
    {"s < m.y", "true"},
    {"m.x = l[3][0]", "true"},
    {"s = m.y", "false"},
    // ---- missing attributes
    {"nope = :s", "false"},
    {"nope <> :s", "true"},
    {"nope = nope2", "false"},
    {"nope <> nope2", "true"},
    {"nope < :n1", "false"},
    {"nope >= :n1", "false"},
    {"n < nope", "false"},
    // ---- nested paths and list indexes
    {"m.x = :n1", "true"},
    {"#m.#x = :n1", "true"},
    {"m.deep.z[0] = :n5", "true"},
    {"m.#dot = :dk", "true"},
    {"#dot = :dk", "false"},  // a top-level attribute named "dot.key" does not exist
    {"l[0] = :a", "true"},
    {"l[1] = :n2", "true"},
    {"l[2].k = :v", "true"},
    {"l[3][1] = :n2", "true"},
    {"l[3] = :l12", "true"},
    {"l[2] = :mk", "true"},
    {"l[4] = :n2", "false"},
    {"l[4] <> :n2", "true"},
    {"s.x = :s", "false"},      // step into a non-map
    {"m[0] = :n1", "false"},    // index into a map
    {"l.k = :v", "false"},      // name into a lst
    {"m.q = :n1", "false"},
    {"el[0] = :n1", "false"},
    // ---- BETWEEN
    {"n BETWEEN :n1 AND :n100", "true"},
    {"n BETWEEN :n42 AND :n42f", "true"},
    {"n BETWEEN :n1 AND :n5", "false"},
    {"neg BETWEEN :nm8 AND :n0", "true"},
    {"s BETWEEN :a AND :z", "true"},
    {"s BETWEEN :s AND :z", "true"},
    {"b BETWEEN :b1 AND :b2", "true"},
    {"b BETWEEN :b2 AND :b4", "false"},
    {"nope BETWEEN :n1 AND :n100", "false"},
    {"s BETWEEN :n1 AND :n100", "false"},        // type mismatch
    {"n BETWEEN :n1 AND neg", "false"},          // bounds from the item, inverted
    {"n BETWEEN neg AND :n100", "true"},
    {"n BETWEEN :n1 AND nope", "false"},
    {"t BETWEEN :t AND :t", "false"},
    {"size(s) BETWEEN :n4 AND :n5", "true"},
    {"n BETWEEN :n100 AND :n1",
     "ERR:Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
     "than or equal to lower bound; lower bound operand: AttributeValue: {N:100}, upper bound "
     "operand: AttributeValue: {N:1}"},
    // ---- IN
    {"s IN (:a, :s)", "true"},
    {"s IN (:a, :z)", "false"},
    {"n IN (:n1, :n42f)", "true"},
    {"n IN (:s, :n42)", "true"},
    {"nope IN (:a, :s)", "false"},
    {"ss IN (:ss2, :ss)", "true"},
    {"l[1] IN (:s, :n2)", "true"},
    {"m IN (:m)", "true"},
    {"s IN (m.y, l[0])", "false"},
    {"l[0] IN (m.y, ss)", "false"},
    {"m.y IN (s, l[0], m.y)", "true"},
    {"size(ss) IN (:n1, :n3)", "true"},
    // ---- AND / OR / NOT and precedence
    {"s = :s AND n = :n42", "true"},
    {"s = :s AND n = :n1", "false"},
    {"s = :a OR n = :n42", "true"},
    {"s = :a OR n = :n1", "false"},
    {"s = :s OR n = :n1 AND t = :f", "true"},     // OR (AND)
    {"(s = :s OR n = :n1) AND t = :f", "false"},
    {"n = :n1 AND t = :f OR s = :s", "true"},     // (AND) OR
    {"n = :n1 AND (t = :f OR s = :s)", "false"},
    {"NOT s = :a AND n = :n1", "false"},          // (NOT ...) AND ...
    {"NOT (s = :a AND n = :n1)", "true"},
    {"NOT s = :s", "false"},
    {"NOT NOT s = :s", "true"},
    {"NOT nope = :s", "true"},
    {"NOT nope <> :s", "false"},
    {"s = :s AND NOT attribute_exists(nope)", "true"},
    {"attribute_exists(s) AND attribute_exists(n) AND attribute_exists(nope)", "false"},
    {"attribute_exists(nope) OR attribute_exists(nope2) OR attribute_exists(s)", "true"},
    // ---- attribute_exists / attribute_not_exists
    {"attribute_exists(s)", "true"},
    {"attribute_exists(nope)", "false"},
    {"attribute_exists(nul)", "true"},
    {"attribute_exists(e)", "true"},
    {"attribute_exists(m.x)", "true"},
    {"attribute_exists(m.q)", "false"},
    {"attribute_exists(m.#dot)", "true"},
    {"attribute_exists(l[3][0])", "true"},
    {"attribute_exists(l[4])", "false"},
    {"attribute_exists(s[0])", "false"},
    {"attribute_not_exists(nope)", "true"},
    {"attribute_not_exists(s)", "false"},
    {"attribute_not_exists(m.deep.z[1])", "true"},
    {"attribute_not_exists(m.deep.z[0])", "false"},
    // ---- no item at all
    {"attribute_not_exists(pk)", "true", ""},
    {"attribute_exists(pk)", "false", ""},
    {"s = :s", "false", ""},
    {"s <> :s", "true", ""},
    {"NOT contains(s, :a)", "true", ""},
    {"size(s) > :n0", "false", ""},
    // ---- attribute_type
    {"attribute_type(s, :tS)", "true"},
    {"attribute_type(s, :tN)", "false"},
    {"attribute_type(n, :tN)", "true"},
    {"attribute_type(b, :tB)", "true"},
    {"attribute_type(t, :tBOOL)", "true"},
    {"attribute_type(nul, :tNULL)", "true"},
    {"attribute_type(m, :tM)", "true"},
    {"attribute_type(l, :tL)", "true"},
    {"attribute_type(ss, :tSS)", "true"},
    {"attribute_type(ns, :tNS)", "true"},
    {"attribute_type(bs, :tBS)", "true"},
    {"attribute_type(ss, :tS)", "false"},
    {"attribute_type(m.deep.z, :tL)", "true"},
    {"attribute_type(nope, :tS)", "false"},
    {"attribute_type(s, :tBad)",
     "ERR:Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid "
     "types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"},
    {"attribute_type(s, :tLower)",
     "ERR:Invalid ConditionExpression: Invalid attribute type name found; type: s, valid types: "
     "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}"},
    // ---- begins_with
    {"begins_with(s, :he)", "true"},
    {"begins_with(s, :ll)", "false"},
    {"begins_with(s, :s)", "true"},
    {"begins_with(s, :e)", "true"},
    {"begins_with(s, :H)", "false"},
    {"begins_with(m.y, :w)", "true"},
    {"begins_with(b, :b1)", "true"},
    {"begins_with(b, :b2)", "false"},
    {"begins_with(b, :b)", "true"},
    {"begins_with(b, :be)", "true"},
    {"begins_with(b, :he)", "false"},     // B vs S
    {"begins_with(n, :he)", "false"},     // N attribute
    {"begins_with(ss, :a)", "false"},
    {"begins_with(nope, :he)", "false"},
    {"begins_with(s, m.y)", "false"},
    {"begins_with(m.y, m.y)",
     "ERR:Invalid ConditionExpression: The first operand must be distinct from the remaining "
     "operands for this operator or function; operator: begins_with, first operand: [m, y]"},
    // ---- contains
    {"contains(s, :ll)", "true"},
    {"contains(s, :s)", "true"},
    {"contains(s, :z)", "false"},
    {"contains(s, :e)", "true"},
    {"contains(s, :n1)", "false"},
    {"contains(ss, :a)", "true"},
    {"contains(ss, :z)", "false"},
    {"contains(ss, :n1)", "false"},
    {"contains(ns, :n1)", "true"},
    {"contains(ns, :n25)", "true"},    // 2.50 is 2.5
    {"contains(ns, :nm3)", "true"},
    {"contains(ns, :n2)", "false"},
    {"contains(ns, :a)", "false"},
    {"contains(bs, :b1)", "true"},
    {"contains(bs, :b4)", "false"},
    {"contains(b, :b2)", "true"},      // bytes 01 02 03 contain 02
    {"contains(b, :b23)", "true"},
    {"contains(b, :b4)", "false"},
    {"contains(l, :a)", "true"},
    {"contains(l, :n2)", "true"},
    {"contains(l, :mk)", "true"},
    {"contains(l, :l12)", "true"},
    {"contains(l, :z)", "false"},
    {"contains(l[3], :n1)", "true"},
    {"contains(m, :a)", "false"},      // maps are not searched
    {"contains(n, :n42)", "false"},
    {"contains(nope, :a)", "false"},
    {"contains(ss, l[0])", "true"},     // operand from the item
    {"contains(s, m.y)", "false"},
    {"contains(ss, :ss2)", "false"},    // a set is not an element
    {"contains(ss, ss)",
     "ERR:Invalid ConditionExpression: The first operand must be distinct from the remaining "
     "operands for this operator or function; operator: contains, first operand: [ss]"},
    // ---- contains() on lists holding sets and lists (Alternator, against AWS)
    {"contains(e, :ns2)", "true", R"({"e":{"L":[{"S":"hi"},{"NS":["2.5","1"]},{"L":[{"N":"3"}]}]}})"},
    {"contains(e, :ss2)", "false", R"({"e":{"L":[{"S":"hi"},{"NS":["2.5","1"]},{"L":[{"N":"3"}]}]}})"},
    {"contains(e, :s)", "false", R"({"e":{"L":[{"S":"hi"},{"NS":["2.5","1"]},{"L":[{"N":"3"}]}]}})"},
    {"contains(e, :l12)", "false", R"({"e":{"L":[{"S":"hi"},{"NS":["2.5","1"]},{"L":[{"N":"3"}]}]}})"},
    {"contains(e, :ns2)", "false", R"({"e":{"B":"aGkgdGhlcmU="}})"},
    // ---- UTF-8: size() counts bytes; order is by bytes
    {"size(u) = :n6", "true", R"({"u":{"S":"h\u00e9llo"}})"},
    {"u > :z", "true", R"({"u":{"S":"\u00e9"}})"},
    {"begins_with(u, :he)", "false", R"({"u":{"S":"h\u00e9llo"}})"},
    // ---- constants as first operands
    {"begins_with(:s, s)", "true"},
    {"begins_with(:he, s)", "false"},
    {"contains(:s, m.y)", "false"},
    {"contains(:ss, l[0])", "true"},
    {":n1 < n", "true"},
    {":n100 BETWEEN n AND :big", "true"},
    // ---- size
    {"size(s) = :n5", "true"},
    {"size(e) = :n0", "true"},
    {"size(b) = :n3", "true"},
    {"size(ss) = :n3", "true"},
    {"size(ns) = :n3", "true"},
    {"size(bs) = :n2", "true"},
    {"size(l) = :n4", "true"},
    {"size(l[3]) = :n2", "true"},
    {"size(m) = :n4", "true"},
    {"size(m.deep) = :n1", "true"},
    {"size(em) = :n0", "true"},
    {"size(el) = :n0", "true"},
    {"size(s) > :n4", "true"},
    {"size(s) < size(l)", "false"},
    {"size(l) < size(s)", "true"},
    {"size(n) = :n2", "false"},      // N has no size: the comparison is false
    {"size(n) > :n0", "false"},
    {"size(t) >= :n0", "false"},
    {"size(nul) >= :n0", "false"},
    {"size(nope) = :n0", "false"},
    {"size(nope) < :n1", "false"},
    {"size(s) = :s", "false"},       // size is a number
    {"size(:s) = :n5", "true"},       // size of a constant
    {"size(:n1) = :n1",
     "ERR:Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
     "or function: size, operand type: NUMBER"},
    {"size(m.y) = :n3", "true"},
    {"size(l[2]) = :n1", "true"},
};

TEST(EvalCondition, Table) {
  for (const Case& c : kCases) {
    EXPECT_EQ(Evaluate(c), c.expected) << "expression: " << c.expr
                                       << (c.item && *c.item ? "" : " (no item)");
  }
}

TEST(EvalCondition, CaseCount) { EXPECT_GE(std::size(kCases), 200u); }

// A FilterExpression evaluates the same way as a ConditionExpression.
TEST(EvalCondition, FilterExpression) {
  Request req(kNames, kValues);
  auto parsed = ParseCondition("size(ss) = :n3 AND begins_with(s, :he)", ExpressionKind::kFilter,
                               req.placeholders);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  auto item = ParseItem(kItem);
  auto r = EvaluateCondition(*parsed, &*item);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r);
}

// The KeyCondition's condition form evaluates against a key.
TEST(EvalCondition, KeyConditionAsCondition) {
  Request req(kNames, kValues);
  auto parsed = ParseKeyCondition("s = :s AND begins_with(pk, :a)", req.placeholders);
  if (!parsed.ok()) GTEST_SKIP() << parsed.error().message;  // key shapes are checked later
  auto item = ParseItem(R"({"s":{"S":"hello"}, "pk":{"S":"abc"}})");
  auto r = EvaluateCondition(parsed->condition, &*item);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r);
}

// Resolve never copies: it returns pointers into the item.
TEST(EvalCondition, ResolveBorrows) {
  Request req(kNames, kValues);
  auto parsed = ParseProjection("m.deep.z[0]", req.placeholders);
  ASSERT_TRUE(parsed.ok());
  auto item = ParseItem(kItem);
  const auto* v = Resolve(parsed->paths[0], &*item);
  ASSERT_NE(v, nullptr);
  const auto& expected = item->at("m").at("M").at("deep").at("M").at("z").at("L").at(0);
  EXPECT_EQ(v, &expected);
  EXPECT_EQ(Resolve(parsed->paths[0], nullptr), nullptr);
}

}  // namespace
}  // namespace cloudlet::dynamodb::expr
