// Data-driven tests of ProjectionExpression evaluation: expression -> the
// projected item (JSON, compared member-order-insensitively) or the parser's
// "ERR:<message>".
#include <gtest/gtest.h>

#include <string>

#include "evaluator_test_util.h"

namespace cloudlet::dynamodb::expr {
namespace {

namespace json = boost::json;
using evaltest::CanonicalText;
using evaltest::ParseItem;
using evaltest::Request;

constexpr const char* kItem = R"({
  "pk":{"S":"k"}, "s":{"S":"str"}, "n":{"N":"10"}, "x.y":{"S":"dotted"},
  "m":{"M":{"a":{"N":"1"}, "b":{"S":"bee"}, "sb":{"M":{"c":{"S":"x"}, "d":{"L":[{"N":"7"},{"N":"8"}]}}},
            "lst":{"L":[{"S":"p"},{"S":"q"}]}, "x.y":{"S":"inner"}}},
  "l":{"L":[{"S":"zero"}, {"M":{"k":{"S":"v"}, "j":{"N":"2"}}}, {"L":[{"S":"i0"},{"S":"i1"},{"S":"i2"}]},
            {"N":"3"}, {"S":"four"}]},
  "ss":{"SS":["a","b"]}
})";

constexpr const char* kNames = R"({"#dot":"x.y", "#m":"m", "#s":"s"})";

struct Case {
  std::string expr;
  std::string expected;  // JSON object or "ERR:<message>"
};

std::string ProjectCase(const Case& c) {
  Request req(kNames, "");
  auto parsed = ParseProjection(c.expr, req.placeholders);
  if (!parsed.ok()) return "ERR:" + parsed.error().message;
  auto item = ParseItem(kItem);
  return CanonicalText(Project(*parsed, *item));
}

const Case kCases[] = {
    {"s", R"({"s":{"S":"str"}})"},
    {"s, n", R"({"s":{"S":"str"},"n":{"N":"10"}})"},
    {"#s, pk", R"({"s":{"S":"str"},"pk":{"S":"k"}})"},
    {"nope", R"({})"},
    {"s, nope", R"({"s":{"S":"str"}})"},
    {"#dot", R"({"x.y":{"S":"dotted"}})"},
    {"ss", R"({"ss":{"SS":["a","b"]}})"},
    {"m", R"({"m":{"M":{"a":{"N":"1"}, "b":{"S":"bee"}, "sb":{"M":{"c":{"S":"x"}, "d":{"L":[{"N":"7"},{"N":"8"}]}}},
            "lst":{"L":[{"S":"p"},{"S":"q"}]}, "x.y":{"S":"inner"}}}})"},
    // nested map keys keep only the selected keys
    {"m.a", R"({"m":{"M":{"a":{"N":"1"}}}})"},
    {"m.a, m.b", R"({"m":{"M":{"a":{"N":"1"},"b":{"S":"bee"}}}})"},
    {"m.b, s, m.a", R"({"m":{"M":{"a":{"N":"1"},"b":{"S":"bee"}}},"s":{"S":"str"}})"},
    {"m.sb.c", R"({"m":{"M":{"sb":{"M":{"c":{"S":"x"}}}}}})"},
    {"m.sb.d[1]", R"({"m":{"M":{"sb":{"M":{"d":{"L":[{"N":"8"}]}}}}}})"},
    {"m.#dot", R"({"m":{"M":{"x.y":{"S":"inner"}}}})"},
    {"#m.a", R"({"m":{"M":{"a":{"N":"1"}}}})"},
    {"m.nope", R"({})"},
    {"m.nope, m.a", R"({"m":{"M":{"a":{"N":"1"}}}})"},
    {"m.a.deeper", R"({})"},     // a is a number
    {"s.a", R"({})"},
    {"m[0]", R"({})"},           // index into a map
    {"m.lst[1]", R"({"m":{"M":{"lst":{"L":[{"S":"q"}]}}}})"},
    // list indexes produce the selected elements, in index order, compacted
    {"l[0]", R"({"l":{"L":[{"S":"zero"}]}})"},
    {"l[3]", R"({"l":{"L":[{"N":"3"}]}})"},
    {"l[4], l[0]", R"({"l":{"L":[{"S":"zero"},{"S":"four"}]}})"},
    {"l[0], l[3], l[9]", R"({"l":{"L":[{"S":"zero"},{"N":"3"}]}})"},
    {"l[9]", R"({})"},
    {"l[1].k", R"({"l":{"L":[{"M":{"k":{"S":"v"}}}]}})"},
    {"l[1].k, l[1].j", R"({"l":{"L":[{"M":{"j":{"N":"2"},"k":{"S":"v"}}}]}})"},
    {"l[1].nope", R"({})"},
    {"l[1].nope, l[4]", R"({"l":{"L":[{"S":"four"}]}})"},
    {"l[2][2], l[2][0]", R"({"l":{"L":[{"L":[{"S":"i0"},{"S":"i2"}]}]}})"},
    {"l[2][1], l[0]", R"({"l":{"L":[{"S":"zero"},{"L":[{"S":"i1"}]}]}})"},
    {"l[0].k", R"({})"},         // name into a string
    {"l.k", R"({})"},            // name into a lst
    {"ss[0]", R"({})"},          // sets are not lists
    {"l[1], m.sb", R"({"l":{"L":[{"M":{"k":{"S":"v"},"j":{"N":"2"}}}]},"m":{"M":{"sb":{"M":{"c":{"S":"x"},"d":{"L":[{"N":"7"},{"N":"8"}]}}}}}})"},
    {"pk, l[1].j, m.sb.d[0], s",
     R"({"pk":{"S":"k"},"l":{"L":[{"M":{"j":{"N":"2"}}}]},"m":{"M":{"sb":{"M":{"d":{"L":[{"N":"7"}]}}}}},"s":{"S":"str"}})"},
    // the parser rejects overlaps and conflicts
    {"m, m.a", "ERR:Invalid ProjectionExpression: Two document paths overlap with each other; must "
               "remove or rewrite one of these paths; path one: [m], path two: [m, a]"},
    {"l[0], l.a", "ERR:Invalid ProjectionExpression: Two document paths conflict with each other; "
                  "must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, a]"},
};

TEST(EvalProjection, Table) {
  for (const Case& c : kCases) {
    const std::string want =
        c.expected.rfind("ERR:", 0) == 0 ? c.expected : CanonicalText(c.expected.c_str());
    EXPECT_EQ(ProjectCase(c), want) << "expression: " << c.expr;
  }
}

TEST(EvalProjection, EmptyItem) {
  Request req(kNames, "");
  auto parsed = ParseProjection("a, b.c, l[0]", req.placeholders);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(Project(*parsed, json::object{}).empty());
}

}  // namespace
}  // namespace cloudlet::dynamodb::expr
