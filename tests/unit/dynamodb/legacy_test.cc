// Data-driven tests of the legacy parameters (expressions/legacy.h): each row
// is a request (JSON) and either the translated AST's ToString() or
// "ERR:" + the exact error text; then evaluation rows run the translation
// through the evaluator against an item.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>

#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/expressions/legacy.h"
#include "dynamodb/request_expressions.h"

namespace cloudlet::dynamodb::expr {
namespace {

namespace json = boost::json;

enum class K { Expected, Updates, ToGet, KeyConds, QueryFilter, ScanFilter };

struct Case {
  K kind;
  const char* request;
  std::string expected;  // ToString(), "ERR:<message>", or "NONE" for nullopt
};

template <typename T>
std::string Print(aws::Result<std::optional<T>> r) {
  if (!r.ok()) return "ERR:" + r.error().message;
  return *r ? (*r)->ToString() : "NONE";
}

std::string Translate(K kind, json::object& req) {
  switch (kind) {
    case K::Expected: return Print(TranslateExpected(req));
    case K::Updates: return Print(TranslateAttributeUpdates(req));
    case K::ToGet: return Print(TranslateAttributesToGet(req));
    case K::KeyConds: return Print(TranslateKeyConditions(req));
    case K::QueryFilter: return Print(TranslateFilter(req, "QueryFilter"));
    case K::ScanFilter: return Print(TranslateFilter(req, "ScanFilter"));
  }
  return {};
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.request; }

class LegacyTable : public ::testing::TestWithParam<Case> {};

TEST_P(LegacyTable, Translates) {
  const Case& c = GetParam();
  json::object req = json::parse(c.request).as_object();
  EXPECT_EQ(Translate(c.kind, req), c.expected);
}

const std::string kInvalid = "ERR:One or more parameter values were invalid: ";

INSTANTIATE_TEST_SUITE_P(Expected, LegacyTable, ::testing::Values(
  Case{K::Expected, R"({})", "NONE"},
  Case{K::Expected, R"({"Expected":{}})", "NONE"},
  Case{K::Expected, R"({"Expected":{"a":{"Value":{"S":"x"}}}})", R"((a = {"S":"x"}))"},
  Case{K::Expected, R"({"Expected":{"a":{"Value":{"N":"1.50"},"Exists":true}}})", R"((a = {"N":"1.5"}))"},
  Case{K::Expected, R"({"Expected":{"a":{"Exists":false}}})", "attribute_not_exists(a)"},
  Case{K::Expected, R"({"Expected":{"a.b":{"Exists":false}}})", "attribute_not_exists(`a.b`)"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"x"}]}}})",
       R"((a = {"S":"x"}))"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"EQ","Value":{"S":"x"}}}})", R"((a = {"S":"x"}))"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"NE","AttributeValueList":[{"N":"1"}]}}})",
       R"((a <> {"N":"1"}))"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"NOT_NULL"}}})", "attribute_exists(a)"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"NULL","AttributeValueList":[]}}})",
       "attribute_not_exists(a)"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"x"}]}}})",
       R"((attribute_exists(a) AND (NOT contains(a, {"S":"x"}))))"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"1"},{"N":"2"}]}}})",
       R"((a IN ({"N":"1"}, {"N":"2"})))"},
  Case{K::Expected,
       R"({"Expected":{"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"N":"2"}]}}})",
       R"((a BETWEEN {"N":"1"} AND {"N":"2"}))"},
  Case{K::Expected, R"({"Expected":{"a":{"Exists":false},"b":{"Value":{"S":"x"}},"c":{"ComparisonOperator":"NOT_NULL"}},
        "ConditionalOperator":"OR"})",
       R"(((attribute_not_exists(a) OR (b = {"S":"x"})) OR attribute_exists(c)))"},
  Case{K::Expected, R"({"Expected":{"a":{"Exists":false},"b":{"Exists":false}},"ConditionalOperator":"AND"})",
       "(attribute_not_exists(a) AND attribute_not_exists(b))"},
  // Errors.
  Case{K::Expected, R"({"Expected":{"a":{"Exists":true}}})",
       kInvalid + "Value must be provided when Exists is true for Attribute: a"},
  Case{K::Expected, R"({"Expected":{"a":{}}})", kInvalid + "Value must be provided when Exists is null for Attribute: a"},
  Case{K::Expected, R"({"Expected":{"a":{"Exists":false,"Value":{"S":"x"}}}})",
       kInvalid + "Value cannot be used when Exists is false for Attribute: a"},
  Case{K::Expected, R"({"Expected":{"a":{"Exists":false,"ComparisonOperator":"EQ","AttributeValueList":[{"S":"x"}]}}})",
       kInvalid + "Exists and ComparisonOperator cannot be used together for Attribute: a"},
  Case{K::Expected, R"({"Expected":{"a":{"Value":{"S":"x"},"ComparisonOperator":"EQ","AttributeValueList":[{"S":"x"}]}}})",
       kInvalid + "Value and AttributeValueList cannot be used together for Attribute: a"},
  Case{K::Expected, R"({"Expected":{"a":{"AttributeValueList":[{"S":"x"}]}}})",
       kInvalid + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"LT"}}})",
       kInvalid + "Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"x"},{"S":"y"}]}}})",
       kInvalid + "Invalid number of argument(s) for the EQ ComparisonOperator"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"NULL","AttributeValueList":[{"S":"x"}]}}})",
       kInvalid + "Invalid number of argument(s) for the NULL ComparisonOperator"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"IN","AttributeValueList":[]}}})",
       kInvalid + "Invalid number of argument(s) for the IN ComparisonOperator"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"}]}}})",
       kInvalid + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"3"},{"S":"dog"}]}}})",
       kInvalid + "AttributeValues inside AttributeValueList must be of same type"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"N":"3"}]}}})",
       kInvalid + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"L":[]}]}}})",
       kInvalid + "ComparisonOperator CONTAINS is not valid for L AttributeValue type"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"NS":["1"]},{"NS":["2"]}]}}})",
       kInvalid + "ComparisonOperator BETWEEN is not valid for NS AttributeValue type"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"4"},{"N":"3"}]}}})",
       "ERR:The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"},
  Case{K::Expected, R"({"Expected":{"a":{"ComparisonOperator":"eq","AttributeValueList":[{"S":"x"}]}}})",
       "ERR:1 validation error detected: Value 'eq' at 'expected.a.member.comparisonOperator' failed to satisfy "
       "constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, "
       "LE, BEGINS_WITH, GE, CONTAINS]"},
  Case{K::Expected, R"({"Expected":{},"ConditionalOperator":"OR"})",
       "ERR:ConditionalOperator cannot be used without Filter or Expected"},
  Case{K::Expected, R"({"ConditionalOperator":"AND"})", "ERR:ConditionalOperator cannot be used without Filter or Expected"},
  Case{K::Expected, R"({"Expected":{"a":{"Exists":false}},"ConditionalOperator":"OR"})",
       "ERR:ConditionalOperator can only be used when Filter or Expected has two or more elements"},
  Case{K::Expected, R"({"Expected":{"a":{"Exists":false},"b":{"Exists":false}},"ConditionalOperator":"XOR"})",
       "ERR:1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member "
       "must satisfy enum value set: [OR, AND]"},
  // Values are validated (and normalised) like item values.
  Case{K::Expected, R"({"Expected":{"a":{"Value":{"S":"x","N":"1"}}}})",
       "ERR:Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
       "datatypes"},
  Case{K::Expected, R"({"Expected":{"a":{"Exists":"yes"}}})", "ERR:Unexpected value type in payload: expected boolean"}
));

INSTANTIATE_TEST_SUITE_P(AttributeUpdates, LegacyTable, ::testing::Values(
  Case{K::Updates, R"({})", "NONE"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"PUT","Value":{"S":"x"}}}})", R"(SET a = {"S":"x"})"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Value":{"N":"01"}}}})", R"(SET a = {"N":"1"})"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"DELETE"}}})", "REMOVE a"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"DELETE","Value":{"SS":["x"]}}}})", R"(DELETE a {"SS":["x"]})"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"ADD","Value":{"N":"5"}}}})", R"(ADD a {"N":"5"})"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"ADD","Value":{"NS":["5"]}}}})", R"(ADD a {"NS":["5"]})"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"ADD","Value":{"L":[{"N":"1"}]}}}})",
       R"(SET a = list_append(if_not_exists(a, {"L":[]}), {"L":[{"N":"1"}]}))"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"PUT","Value":{"S":"x"}},"b":{"Action":"DELETE"},
        "c":{"Action":"ADD","Value":{"N":"1"}}}})",
       R"(SET a = {"S":"x"}; REMOVE b; ADD c {"N":"1"})"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"PUT"}}})",
       kInvalid + "Only DELETE action is allowed when no attribute value is specified"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{}}})",
       kInvalid + "Only DELETE action is allowed when no attribute value is specified"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"DELETE","Value":{"S":"x"}}}})",
       kInvalid + "DELETE action with value is not supported for the type S"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"ADD","Value":{"S":"x"}}}})",
       kInvalid + "ADD action is not supported for the type S"},
  Case{K::Updates, R"({"AttributeUpdates":{"a":{"Action":"APPEND","Value":{"S":"x"}}}})",
       "ERR:1 validation error detected: Value 'APPEND' at 'attributeUpdates.a.member.action' failed to satisfy "
       "constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]"}
));

INSTANTIATE_TEST_SUITE_P(AttributesToGet, LegacyTable, ::testing::Values(
  Case{K::ToGet, R"({})", "NONE"},
  Case{K::ToGet, R"({"AttributesToGet":["a","b.c","name"]})", "a, `b.c`, name"},
  Case{K::ToGet, R"({"AttributesToGet":["a","b","a"]})", kInvalid + "Duplicate value in attribute name: a"},
  Case{K::ToGet, R"({"AttributesToGet":[]})",
       "ERR:1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must "
       "have length greater than or equal to 1"},
  Case{K::ToGet, R"({"AttributesToGet":"a"})", "ERR:Unexpected value type in payload: expected list"}
));

INSTANTIATE_TEST_SUITE_P(KeyConditions, LegacyTable, ::testing::Values(
  Case{K::KeyConds, R"({})", "NONE"},
  Case{K::KeyConds, R"({"KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]}}})",
       R"(pk = {"S":"p"})"},
  Case{K::KeyConds, R"({"KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},
        "sk":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"N":"9"}]}}})",
       R"(pk = {"S":"p"} AND sk BETWEEN {"N":"1"} AND {"N":"9"})"},
  Case{K::KeyConds, R"({"KeyConditions":{"sk":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"a"}]},
        "pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]}}})",
       R"(begins_with(sk, {"S":"a"}) AND pk = {"S":"p"})"},
  Case{K::KeyConds, R"({"KeyConditions":{}})", "ERR:Conditions can be of length 1 or 2 only"},
  Case{K::KeyConds, R"({"KeyConditions":{"pk":{"ComparisonOperator":"NE","AttributeValueList":[{"S":"p"}]}}})",
       "ERR:Attempted conditional constraint is not an indexable operation"},
  Case{K::KeyConds, R"({"KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[]}}})",
       kInvalid + "Invalid number of argument(s) for the EQ ComparisonOperator"},
  Case{K::KeyConds, R"({"KeyConditions":{"pk":{"AttributeValueList":[{"S":"p"}]}}})",
       "ERR:1 validation error detected: Value null at 'keyConditions.pk.member.comparisonOperator' failed to "
       "satisfy constraint: Member must not be null"},
  Case{K::KeyConds, R"({"KeyConditions":{"sk":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"N":"3"}]}}})",
       kInvalid + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"}
));

INSTANTIATE_TEST_SUITE_P(Filters, LegacyTable, ::testing::Values(
  Case{K::ScanFilter, R"({})", "NONE"},
  Case{K::ScanFilter, R"({"ScanFilter":{"a":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"3"}]}}})",
       R"((a > {"N":"3"}))"},
  Case{K::QueryFilter, R"({"QueryFilter":{"a":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"x"}]},
        "b":{"ComparisonOperator":"NULL"}},"ConditionalOperator":"OR"})",
       R"((contains(a, {"S":"x"}) OR attribute_not_exists(b)))"},
  Case{K::ScanFilter, R"({"ScanFilter":{"a":{"ComparisonOperator":"LE","AttributeValueList":[{"SS":["x"]}]}}})",
       kInvalid + "ComparisonOperator LE is not valid for SS AttributeValue type"},
  Case{K::ScanFilter, R"({"ConditionalOperator":"OR"})", "ERR:ConditionalOperator cannot be used without Filter or Expected"},
  Case{K::ScanFilter, R"({"ScanFilter":{"a":{"ComparisonOperator":"NULL"}},"ConditionalOperator":"AND"})",
       "ERR:ConditionalOperator can only be used when Filter or Expected has two or more elements"},
  Case{K::QueryFilter, R"({"QueryFilter":{"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"x"}]}}})",
       "ERR:The parameter cannot be converted to a numeric value: x"}
));

// ------------------------------------------------------------ evaluation --

struct EvalCase {
  const char* expected;  // the Expected map
  const char* item;      // nullptr = no item
  bool result;
};

void PrintTo(const EvalCase& c, std::ostream* os) { *os << c.expected << " on " << (c.item ? c.item : "null"); }

class LegacyEval : public ::testing::TestWithParam<EvalCase> {};

TEST_P(LegacyEval, Evaluates) {
  const EvalCase& c = GetParam();
  json::object req = json::parse(std::string(R"({"Expected":)") + c.expected + "}").as_object();
  auto cond = TranslateExpected(req);
  ASSERT_TRUE(cond.ok()) << cond.error().message;
  ASSERT_TRUE(cond->has_value());
  json::object item;
  if (c.item) item = json::parse(c.item).as_object();
  auto r = EvaluateCondition(**cond, c.item ? &item : nullptr);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, c.result) << (*cond)->ToString();
}

constexpr const char* kItem =
    R"({"p":{"S":"k"},"a":{"N":"1"},"s":{"S":"hello"},"ns":{"NS":["2","4","7"]},"l":{"L":[{"N":"2"},{"N":"4"}]},
        "b":{"B":"aGkgdGhlcmU="},"n":{"NULL":true}})";

INSTANTIATE_TEST_SUITE_P(Expected, LegacyEval, ::testing::Values(
  EvalCase{R"({"a":{"Value":{"N":"1"}}})", kItem, true},
  EvalCase{R"({"a":{"Value":{"N":"2"}}})", kItem, false},
  EvalCase{R"({"z":{"Value":{"N":"1"}}})", kItem, false},
  EvalCase{R"({"z":{"Exists":false}})", kItem, true},
  EvalCase{R"({"a":{"Exists":false}})", kItem, false},
  EvalCase{R"({"a":{"Exists":false}})", nullptr, true},
  EvalCase{R"({"a":{"ComparisonOperator":"NE","AttributeValueList":[{"N":"2"}]}})", kItem, true},
  EvalCase{R"({"a":{"ComparisonOperator":"NE","AttributeValueList":[{"S":"1"}]}})", kItem, true},
  EvalCase{R"({"z":{"ComparisonOperator":"NE","AttributeValueList":[{"N":"1"}]}})", kItem, true},
  EvalCase{R"({"a":{"ComparisonOperator":"NE","AttributeValueList":[{"N":"1"}]}})", kItem, false},
  EvalCase{R"({"a":{"ComparisonOperator":"LE","AttributeValueList":[{"S":"1"}]}})", kItem, false},
  EvalCase{R"({"n":{"ComparisonOperator":"NOT_NULL"}})", kItem, true},
  EvalCase{R"({"z":{"ComparisonOperator":"NOT_NULL"}})", kItem, false},
  EvalCase{R"({"n":{"ComparisonOperator":"NULL"}})", kItem, false},
  EvalCase{R"({"s":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"ell"}]}})", kItem, true},
  EvalCase{R"({"ns":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"N":"4"}]}})", kItem, true},
  EvalCase{R"({"l":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"N":"4"}]}})", kItem, true},
  EvalCase{R"({"b":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"B":"aGVyZQ=="}]}})", kItem, true},
  EvalCase{R"({"z":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"N":"1"}]}})", kItem, false},
  EvalCase{R"({"s":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"dog"}]}})", kItem, true},
  EvalCase{R"({"s":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"N":"1"}]}})", kItem, true},
  EvalCase{R"({"ns":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"N":"4"}]}})", kItem, false},
  EvalCase{R"({"z":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"N":"1"}]}})", kItem, false},
  EvalCase{R"({"s":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"hell"}]}})", kItem, true},
  EvalCase{R"({"a":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"1"}]}})", kItem, false},
  EvalCase{R"({"a":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"2"},{"N":"1"}]}})", kItem, true},
  EvalCase{R"({"ns":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"2"}]}})", kItem, false},
  EvalCase{R"({"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"N":"2"}]}})", kItem, true},
  EvalCase{R"({"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"2"},{"N":"3"}]}})", kItem, false},
  EvalCase{R"({"a":{"Value":{"N":"1"}},"z":{"Exists":false}})", kItem, true},
  EvalCase{R"({"a":{"Value":{"N":"9"}},"z":{"Exists":false}})", kItem, false}
));

TEST(LegacyEval, ConditionalOperatorOr) {
  json::object req = json::parse(R"({"Expected":{"a":{"Value":{"N":"9"}},"z":{"Exists":false}},
                                     "ConditionalOperator":"OR"})").as_object();
  auto cond = TranslateExpected(req);
  ASSERT_TRUE(cond.ok());
  json::object item = json::parse(kItem).as_object();
  EXPECT_TRUE(EvaluateCondition(**cond, &item).value());
}

std::string ApplyUpdates(const char* updates, const char* item) {
  json::object req = json::parse(std::string(R"({"AttributeUpdates":)") + updates + "}").as_object();
  auto update = TranslateAttributeUpdates(req);
  if (!update.ok()) return "ERR:" + update.error().message;
  json::object old;
  if (item) old = json::parse(item).as_object();
  json::object key = json::parse(R"({"p":{"S":"k"}})").as_object();
  auto r = ApplyUpdate(**update, item ? &old : nullptr, key);
  if (!r.ok()) return "ERR:" + r.error().message;
  return json::serialize(r->item);
}

TEST(LegacyEval, AttributeUpdates) {
  const char* item = R"({"p":{"S":"k"},"c":{"N":"10"},"t":{"SS":["a","b"]},"l":{"L":[{"N":"1"}]},"x":{"S":"y"}})";
  EXPECT_EQ(ApplyUpdates(R"({"c":{"Action":"ADD","Value":{"N":"5"}}})", item),
            R"({"p":{"S":"k"},"c":{"N":"15"},"t":{"SS":["a","b"]},"l":{"L":[{"N":"1"}]},"x":{"S":"y"}})");
  EXPECT_EQ(ApplyUpdates(R"({"t":{"Action":"DELETE","Value":{"SS":["b"]}},"x":{"Action":"DELETE"}})", item),
            R"({"p":{"S":"k"},"c":{"N":"10"},"t":{"SS":["a"]},"l":{"L":[{"N":"1"}]}})");
  EXPECT_EQ(ApplyUpdates(R"({"t":{"Action":"ADD","Value":{"SS":["c"]}},"x":{"Value":{"N":"1"}}})", item),
            R"({"p":{"S":"k"},"c":{"N":"10"},"t":{"SS":["a","b","c"]},"l":{"L":[{"N":"1"}]},"x":{"N":"1"}})");
  EXPECT_EQ(ApplyUpdates(R"({"l":{"Action":"ADD","Value":{"L":[{"N":"2"}]}}})", item),
            R"({"p":{"S":"k"},"c":{"N":"10"},"t":{"SS":["a","b"]},"l":{"L":[{"N":"1"},{"N":"2"}]},"x":{"S":"y"}})");
  // On a missing item ADD creates it (numbers from 0, lists from []).
  EXPECT_EQ(ApplyUpdates(R"({"c":{"Action":"ADD","Value":{"N":"5"}},"l":{"Action":"ADD","Value":{"L":[{"S":"z"}]}}})",
                         nullptr),
            R"({"p":{"S":"k"},"l":{"L":[{"S":"z"}]},"c":{"N":"5"}})");
}

TEST(LegacyEval, AttributesToGetProjects) {
  json::object req = json::parse(R"({"AttributesToGet":["a","missing","a.b"]})").as_object();
  auto projection = TranslateAttributesToGet(req);
  ASSERT_TRUE(projection.ok());
  json::object item = json::parse(R"({"p":{"S":"k"},"a":{"N":"1"},"a.b":{"S":"dotted"},"c":{"S":"x"}})").as_object();
  EXPECT_EQ(json::serialize(Project(**projection, item)), R"({"a":{"N":"1"},"a.b":{"S":"dotted"}})");
}

// ---------------------------------------------- through ParseRequestExpressions --

TEST(LegacyWiring, FillsTheSameFields) {
  json::object req = json::parse(R"({"TableName":"t","Key":{"p":{"S":"k"}},
      "AttributeUpdates":{"a":{"Value":{"S":"x"}}},"Expected":{"a":{"Exists":false}}})").as_object();
  auto r = ParseRequestExpressions(req, {.condition = true, .update = true});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->update && r->condition);
  EXPECT_EQ(r->update->ToString(), R"(SET a = {"S":"x"})");
  EXPECT_EQ(r->condition->ToString(), "attribute_not_exists(a)");

  json::object query = json::parse(R"({"TableName":"t",
      "KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]}},
      "QueryFilter":{"a":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"1"}]}},
      "AttributesToGet":["a"]})").as_object();
  auto q = ParseRequestExpressions(query, {.filter = true, .key_condition = true, .projection = true});
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->key_condition->ToString(), R"(pk = {"S":"p"})");
  EXPECT_EQ(q->condition->ToString(), R"((a > {"N":"1"}))");
  EXPECT_EQ(q->projection->ToString(), "a");

  json::object scan = json::parse(R"({"TableName":"t","ConditionalOperator":"OR"})").as_object();
  auto s = ParseRequestExpressions(scan, {.filter = true, .projection = true});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "ConditionalOperator cannot be used without Filter or Expected");

  json::object mixed = json::parse(R"J({"TableName":"t","Expected":{"a":{"Exists":false}},
      "ConditionExpression":"attribute_exists(b)"})J").as_object();
  auto m = ParseRequestExpressions(mixed, {.condition = true});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message,
            "Can not use both expression and non-expression parameters in the same request: Non-expression "
            "parameters: {Expected} Expression parameters: {ConditionExpression}");
}

}  // namespace
}  // namespace cloudlet::dynamodb::expr
