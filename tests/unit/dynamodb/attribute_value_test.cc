// Attribute values: validation messages, normalisation, sizes, equality and
// order. Tables of wire JSON -> expected outcome.
#include "dynamodb/attribute_value.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <string>

#include "dynamodb/base64.h"

namespace cloudlet::dynamodb {
namespace {

namespace json = boost::json;

json::value Parse(std::string_view text) {
  json::parse_options options;
  options.max_depth = 1000;
  return json::parse(text, {}, options);
}

// "ok: <normalised item JSON>" or "<code>: <message>".
std::string CheckItem(std::string_view item_json, ValueOrigin origin = ValueOrigin::kItem) {
  json::value v = Parse(item_json);
  aws::Status s = ValidateAttributeMap(v.as_object(), origin);
  if (!s.ok()) return s.error().code + ": " + s.error().message;
  return "ok: " + json::serialize(v);
}

struct Case {
  std::string input;     // an item (name -> attribute value)
  std::string expected;  // what CheckItem returns
};

void RunTable(const std::vector<Case>& cases, ValueOrigin origin = ValueOrigin::kItem) {
  for (const auto& c : cases) EXPECT_EQ(CheckItem(c.input, origin), c.expected) << "input: " << c.input;
}

const std::string kV = "ValidationException: ";
const std::string kSer = "SerializationException: ";
const std::string kInvalid = "One or more parameter values were invalid: ";
const std::string kEmptyAv = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
const std::string kTwoTypes =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
const std::string kNesting =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

std::string Nested(int levels, std::string_view leaf = R"({"S":"x"})") {
  // levels = number of attribute-value levels including the leaf
  std::string s(leaf);
  for (int i = 1; i < levels; ++i) s = R"({"L":[)" + s + "]}";
  return R"({"a":)" + s + "}";
}

TEST(AttributeValueValidation, AcceptsAndNormalises) {
  RunTable({
      {R"({"a":{"S":"x"}})", R"(ok: {"a":{"S":"x"}})"},
      {R"({"a":{"S":""}})", R"(ok: {"a":{"S":""}})"},
      {R"({"a":{"N":"00042"}})", R"(ok: {"a":{"N":"42"}})"},
      {R"({"a":{"N":"-0"}})", R"(ok: {"a":{"N":"0"}})"},
      {R"({"a":{"N":"1.5E2"}})", R"(ok: {"a":{"N":"150"}})"},
      {R"({"a":{"N":"-3.1400"}})", R"(ok: {"a":{"N":"-3.14"}})"},
      {R"({"a":{"B":"AAE="}})", R"(ok: {"a":{"B":"AAE="}})"},
      {R"({"a":{"B":""}})", R"(ok: {"a":{"B":""}})"},
      {R"({"a":{"BOOL":false}})", R"(ok: {"a":{"BOOL":false}})"},
      {R"({"a":{"BOOL":"yes"}})", R"(ok: {"a":{"BOOL":true}})"},
      {R"({"a":{"BOOL":"False"}})", R"(ok: {"a":{"BOOL":false}})"},
      {R"({"a":{"NULL":true}})", R"(ok: {"a":{"NULL":true}})"},
      {R"({"a":{"NULL":"true"}})", R"(ok: {"a":{"NULL":true}})"},
      {R"({"a":{"M":{}}})", R"(ok: {"a":{"M":{}}})"},
      {R"({"a":{"L":[]}})", R"(ok: {"a":{"L":[]}})"},
      {R"({"a":{"L":[{"N":"1.0"},{"S":"x"},{"M":{"b":{"NS":["2.50","1e1"]}}}]}})",
       R"(ok: {"a":{"L":[{"N":"1"},{"S":"x"},{"M":{"b":{"NS":["2.5","10"]}}}]}})"},
      {R"({"a":{"SS":["", "b"]}})", R"(ok: {"a":{"SS":["","b"]}})"},
      {R"({"a":{"BS":["", "AA=="]}})", R"(ok: {"a":{"BS":["","AA=="]}})"},
      // null and unknown members are as good as absent
      {R"({"a":{"S":"x","N":null}})", R"(ok: {"a":{"S":"x"}})"},
      {R"({"a":{"Foo":1,"S":"x"}})", R"(ok: {"a":{"S":"x"}})"},
      {Nested(32), "ok: " + json::serialize(Parse(Nested(32)))},
      {"{}", "ok: {}"},
  });
}

TEST(AttributeValueValidation, ValueErrors) {
  RunTable({
      {R"({"a":{}})", kV + kEmptyAv},
      {R"({"a":null})", kV + kEmptyAv},
      {R"({"a":{"S":null}})", kV + kEmptyAv},
      {R"({"a":{"X":"y"}})", kV + kEmptyAv},
      {R"({"a":{"S":"x","N":"1"}})", kV + kTwoTypes},
      {R"({"a":{"NULL":false}})", kV + kInvalid + "Null attribute value types must have the value of true"},
      {R"({"a":{"NULL":"no"}})", kV + kInvalid + "Null attribute value types must have the value of true"},
      {R"({"a":{"N":"abc"}})", kV + "The parameter cannot be converted to a numeric value: abc"},
      {R"({"a":{"N":""}})", kV + "The parameter cannot be converted to a numeric value"},
      {R"({"a":{"N":"1E+126"}})",
       kV + "Number overflow. Attempting to store a number with magnitude larger than supported range"},
      {R"({"a":{"N":"1E-131"}})",
       kV + "Number underflow. Attempting to store a number with magnitude smaller than supported range"},
      {R"({"a":{"N":"123456789012345678901234567890123456789"}})",
       kV + "Attempting to store more than 38 significant digits in a Number"},
      {R"({"a":{"NS":["1","x"]}})", kV + "The parameter cannot be converted to a numeric value: x"},
      // numbers are checked before "more than one datatypes"
      {R"({"a":{"S":"x","N":"bad"}})", kV + "The parameter cannot be converted to a numeric value: bad"},
      {R"({"a":{"SS":[]}})", kV + kInvalid + "An string set  may not be empty"},
      {R"({"a":{"NS":[]}})", kV + kInvalid + "An number set  may not be empty"},
      {R"({"a":{"BS":[]}})", kV + kInvalid + "Binary sets should not be empty"},
      {R"({"a":{"M":{"b":{"L":[{"SS":[]}]}}}})", kV + kInvalid + "An string set  may not be empty"},
      {R"({"a":{"SS":["a","a"]}})", kV + kInvalid + "Input collection [a, a] contains duplicates."},
      {R"({"a":{"SS":["b","a","c","a"]}})", kV + kInvalid + "Input collection [b, a, c, a] contains duplicates."},
      {R"({"a":{"NS":["1","1.0"]}})", kV + "Input collection contains duplicates"},
      {R"({"a":{"BS":["AA==","AQ==","AA=="]}})",
       kV + kInvalid + "Input collection [AA==, AQ==, AA==]of type BS contains duplicates."},
      {Nested(33), kV + kNesting},
      {Nested(33, R"({"M":{}})"), kV + kNesting},
  });
}

TEST(AttributeValueValidation, ShapeErrors) {
  RunTable({
      {R"({"a":"x"})", kSer + "Unexpected value type in payload"},
      {R"({"a":5})", kSer + "Unexpected value type in payload"},
      {R"({"a":[]})", kSer + "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"},
      {R"({"a":{"S":5}})", kSer + "NUMBER_VALUE cannot be converted to String"},
      {R"({"a":{"S":5.5}})", kSer + "DECIMAL_VALUE cannot be converted to String"},
      {R"({"a":{"S":true}})", kSer + "TRUE_VALUE cannot be converted to String"},
      {R"({"a":{"S":false}})", kSer + "FALSE_VALUE cannot be converted to String"},
      {R"({"a":{"S":["x"]}})", kSer + "Unrecognized collection type class java.lang.String"},
      {R"({"a":{"S":{}}})", kSer + "Start of structure or map found where not expected"},
      {R"({"a":{"N":123}})", kSer + "NUMBER_VALUE cannot be converted to String"},
      {R"({"a":{"BOOL":1}})", kSer + "NUMBER_VALUE cannot be converted to Boolean"},
      {R"({"a":{"BOOL":"maybe"}})", kSer + "Unexpected token received from parser"},
      {R"({"a":{"BOOL":[]}})", kSer + "Unrecognized collection type class java.lang.Boolean"},
      {R"({"a":{"NULL":{}}})", kSer + "Start of structure or map found where not expected"},
      {R"({"a":{"B":5}})", kSer + "only base-64-encoded strings are convertible to bytes"},
      {R"({"a":{"B":[]}})", kSer + "Unrecognized collection type class java.nio.ByteBuffer"},
      {R"({"a":{"B":"abc"}})", kSer + "Base64 encoded length is expected a multiple of 4 bytes but found: 3"},
      {R"({"a":{"B":"AB=="}})", kSer + "Invalid last non-pad Base64 character dectected"},
      {R"({"a":{"B":"A!=="}})", kSer + "Invalid last non-pad Base64 character dectected"},
      {R"({"a":{"SS":"x"}})", kSer + "Unexpected field type"},
      {R"({"a":{"SS":{}}})", kSer + "Start of structure or map found where not expected"},
      {R"({"a":{"SS":[1]}})", kSer + "NUMBER_VALUE cannot be converted to String"},
      {R"({"a":{"NS":[true]}})", kSer + "TRUE_VALUE cannot be converted to String"},
      {R"({"a":{"BS":["x"]}})", kSer + "Base64 encoded length is expected a multiple of 4 bytes but found: 1"},
      {R"({"a":{"L":{}}})", kSer + "Start of structure or map found where not expected"},
      {R"({"a":{"L":"x"}})", kSer + "Unexpected field type"},
      {R"({"a":{"L":["x"]}})", kSer + "Unexpected value type in payload"},
      {R"({"a":{"M":[]}})",
       kSer + "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"},
      {R"({"a":{"M":5}})", kSer + "Unexpected field type"},
      {R"({"a":{"M":{"b":7}}})", kSer + "Unexpected value type in payload"},
  });
}

TEST(AttributeValueValidation, StagesAcrossTheMap) {
  RunTable({
      // a shape error anywhere beats value errors found earlier
      {R"({"a":{"N":"bad"},"b":{"S":5}})", kSer + "NUMBER_VALUE cannot be converted to String"},
      {R"({"a":{"SS":[]},"b":{"M":{"c":{"L":[{"B":"x"}]}}}})",
       kSer + "Base64 encoded length is expected a multiple of 4 bytes but found: 1"},
      // a value error anywhere beats collection errors found earlier
      {R"({"a":{"SS":[]},"b":{"N":"bad"}})", kV + "The parameter cannot be converted to a numeric value: bad"},
      {R"({"a":{"SS":["x","x"]},"b":{"NULL":false}})",
       kV + kInvalid + "Null attribute value types must have the value of true"},
      // within a stage, the first in document order
      {R"({"a":{"N":"x"},"b":{"N":"y"}})", kV + "The parameter cannot be converted to a numeric value: x"},
      {R"({"a":{"NS":[]},"b":{"SS":[]}})", kV + kInvalid + "An number set  may not be empty"},
  });
}

TEST(AttributeValueValidation, ExpressionAttributeValuesWording) {
  const std::string eav = kV + "ExpressionAttributeValues contains invalid value: ";
  RunTable(
      {
          {R"({":v":{}})", eav + kEmptyAv + " for key :v"},
          {R"({":v":{"S":"x","BOOL":true}})", eav + kTwoTypes + " for key :v"},
          {R"({":ok":{"N":"1"},":n":{"N":"1e999"}})",
           eav + "Number overflow. Attempting to store a number with magnitude larger than supported range for key :n"},
          {R"({":v":{"N":"x"}})", eav + "The parameter cannot be converted to a numeric value: x for key :v"},
          {R"({":v":{"SS":[]}})", eav + kInvalid + "An string set  may not be empty for key :v"},
          {R"({":v":{"M":{"a":{"BS":[]}}}})", eav + kInvalid + "Binary sets should not be empty for key :v"},
          {R"({":v":{"SS":["a","a"]}})", eav + kInvalid + "Input collection [a, a] contains duplicates. for key :v"},
          {R"({":v":{"NS":["1","01"]}})", eav + "Input collection contains duplicates for key :v"},
          // bare
          {R"({":v":{"NULL":false}})", kV + kInvalid + "Null attribute value types must have the value of true"},
          {R"({":v":{"S":5}})", kSer + "NUMBER_VALUE cannot be converted to String"},
          {R"({":v":{"N":"1.50"}})", R"(ok: {":v":{"N":"1.5"}})"},
      },
      ValueOrigin::kExpressionAttributeValues);
  std::string nested = Nested(33);
  nested.replace(2, 1, ":v");
  EXPECT_EQ(CheckItem(nested, ValueOrigin::kExpressionAttributeValues), kV + kNesting);
}

TEST(AttributeValueValidation, ExclusiveStartKeyWording) {
  const std::string esk = kV + "The provided starting key is invalid: ";
  RunTable(
      {
          {R"({"pk":{}})", esk + kEmptyAv},
          {R"({"pk":{"S":"x","N":"1"}})", esk + kTwoTypes},
          {R"({"pk":{"NULL":false}})", esk + kInvalid + "Null attribute value types must have the value of true"},
          {R"({"pk":{"SS":[]}})", esk + kInvalid + "An string set  may not be empty"},
          {R"({"pk":{"BS":[]}})", esk + kInvalid + "Binary sets should not be empty"},
          {R"({"pk":{"NS":[]}})", kV + kInvalid + "An number set  may not be empty"},
          {R"({"pk":{"N":"x"}})", kV + "The parameter cannot be converted to a numeric value: x"},
          {R"({"pk":{"SS":["a","a"]}})", kV + kInvalid + "Input collection [a, a] contains duplicates."},
      },
      ValueOrigin::kExclusiveStartKey);
}

TEST(AttributeValueValidation, LargeSets) {
  std::string big = R"({"a":{"NS":[)";
  for (int i = 0; i < 100; ++i) big += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  EXPECT_EQ(CheckItem(big + "]}}").substr(0, 3), "ok:");
  EXPECT_EQ(CheckItem(big + R"(,"42.0"]}})"), kV + "Input collection contains duplicates");
}

TEST(AttributeValueValidation, SingleValue) {
  json::value v = Parse(R"({"N":"+1.50"})");
  ASSERT_TRUE(ValidateAttributeValue(v).ok());
  EXPECT_EQ(json::serialize(v), R"({"N":"1.5"})");
  json::value bad = Parse(R"({"SS":[]})");
  aws::Status s = ValidateAttributeValue(bad, {ValueOrigin::kExpressionAttributeValues, ":x"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string "
            "set  may not be empty for key :x");
}

// ------------------------------------------------------------------ types --

TEST(AttributeValueTypes, TypeOfAndNames) {
  const std::pair<std::string, AttrType> cases[] = {
      {R"({"S":"x"})", AttrType::S},     {R"({"N":"1"})", AttrType::N},       {R"({"B":""})", AttrType::B},
      {R"({"BOOL":true})", AttrType::BOOL}, {R"({"NULL":true})", AttrType::NUL}, {R"({"M":{}})", AttrType::M},
      {R"({"L":[]})", AttrType::L},      {R"({"SS":["a"]})", AttrType::SS},   {R"({"NS":["1"]})", AttrType::NS},
      {R"({"BS":[""]})", AttrType::BS},
  };
  for (const auto& [text, type] : cases) {
    EXPECT_EQ(TypeOf(Parse(text)), type) << text;
    EXPECT_EQ(TypeFromName(TypeName(type)), type);
  }
  EXPECT_EQ(TypeOf(Parse(R"({})")), std::nullopt);
  EXPECT_EQ(TypeOf(Parse(R"({"X":1})")), std::nullopt);
  EXPECT_EQ(TypeOf(Parse(R"({"S":"a","N":"1"})")), std::nullopt);
  EXPECT_EQ(TypeOf(Parse(R"("S")")), std::nullopt);
  EXPECT_EQ(TypeName(AttrType::NUL), "NULL");
  EXPECT_EQ(TypeFromName("Bool"), std::nullopt);
}

// ------------------------------------------------------------------- size --

TEST(AttributeValueSize, GuideExampleAndTable) {
  // Guide: shirt-color = "R" and shirt-size = "M" make 23 bytes.
  EXPECT_EQ(ItemSize(Parse(R"({"shirt-color":{"S":"R"},"shirt-size":{"S":"M"}})").as_object()), 23u);
  const std::pair<std::string, std::size_t> cases[] = {
      {R"({"S":""})", 0},
      {R"({"S":"héllo"})", 6},
      {R"({"N":"42"})", 2},
      {R"({"N":"-42"})", 3},
      {R"({"N":"0"})", 1},
      {R"({"B":"AAEC"})", 3},
      {R"({"B":"AAE="})", 2},
      {R"({"B":"AA=="})", 1},
      {R"({"BOOL":false})", 1},
      {R"({"NULL":true})", 1},
      {R"({"L":[]})", 3},
      {R"({"M":{}})", 3},
      {R"({"L":[{"S":"ab"},{"N":"1"}]})", 3 + 2 + 2 + 2},
      {R"({"M":{"k":{"S":"ab"}}})", 3 + 1 + 1 + 2},
      {R"({"SS":["a","bc"]})", 3},
      {R"({"NS":["1","-42"]})", 5},
      {R"({"BS":["AA==","AAE="]})", 3},
      {R"({"M":{"a":{"L":[{"M":{}}]}}})", 3 + 1 + 1 + (3 + 1 + 3)},
  };
  for (const auto& [text, size] : cases) EXPECT_EQ(ValueSize(Parse(text)), size) << text;
  EXPECT_EQ(AttributeSize("name", Parse(R"({"S":"x"})")), 5u);
}

// ------------------------------------------------------------- equality --

struct EqualsCase {
  std::string a, b;
  bool equal;
};

TEST(AttributeValueEquals, Table) {
  const EqualsCase cases[] = {
      {R"({"S":"a"})", R"({"S":"a"})", true},
      {R"({"S":"a"})", R"({"S":"A"})", false},
      {R"({"S":"1"})", R"({"N":"1"})", false},
      {R"({"N":"1.5"})", R"({"N":"1.5"})", true},
      {R"({"N":"1.5"})", R"({"N":"1.50"})", true},  // normalised by validation first
      {R"({"B":"AAE="})", R"({"B":"AAE="})", true},
      {R"({"BOOL":true})", R"({"BOOL":true})", true},
      {R"({"BOOL":true})", R"({"BOOL":false})", false},
      {R"({"NULL":true})", R"({"NULL":true})", true},
      {R"({"SS":["a","b","c"]})", R"({"SS":["c","a","b"]})", true},
      {R"({"SS":["a","b"]})", R"({"SS":["a","b","c"]})", false},
      {R"({"SS":["a","b"]})", R"({"SS":["a","c"]})", false},
      {R"({"NS":["1","2.0"]})", R"({"NS":["2","1"]})", true},
      {R"({"NS":["1","2","3","4","5","6","7","8","9","10"]})", R"({"NS":["10","9","8","7","6","5","4","3","2","1"]})", true},
      {R"({"NS":["1","2","3","4","5","6","7","8","9","10"]})", R"({"NS":["10","9","8","7","6","5","4","3","2","11"]})", false},
      {R"({"L":[{"S":"a"},{"N":"1"}]})", R"({"L":[{"S":"a"},{"N":"1.0"}]})", true},
      {R"({"L":[{"S":"a"},{"N":"1"}]})", R"({"L":[{"N":"1"},{"S":"a"}]})", false},
      {R"({"M":{"x":{"S":"a"},"y":{"L":[]}}})", R"({"M":{"y":{"L":[]},"x":{"S":"a"}}})", true},
      {R"({"M":{"x":{"S":"a"}}})", R"({"M":{"x":{"S":"a"},"y":{"S":"b"}}})", false},
      {R"({"M":{}})", R"({"L":[]})", false},
  };
  for (const auto& c : cases) {
    json::value a = Parse(c.a), b = Parse(c.b);
    ASSERT_TRUE(ValidateAttributeValue(a).ok()) << c.a;
    ASSERT_TRUE(ValidateAttributeValue(b).ok()) << c.b;
    EXPECT_EQ(Equals(a, b), c.equal) << c.a << " vs " << c.b;
    EXPECT_EQ(Equals(b, a), c.equal) << c.b << " vs " << c.a;
  }
}

struct OrderCase {
  std::string a, b;
  std::optional<int> expected;
};

TEST(AttributeValueOrder, Table) {
  const OrderCase cases[] = {
      {R"({"S":"a"})", R"({"S":"b"})", -1},
      {R"({"S":"a"})", R"({"S":"A"})", 1},  // 0x61 > 0x41
      {R"({"S":"a"})", R"({"S":"ab"})", -1},
      {R"({"S":"é"})", R"({"S":"z"})", 1},  // UTF-8 bytes, not code units of another encoding
      {R"({"S":"x"})", R"({"S":"x"})", 0},
      {R"({"N":"10"})", R"({"N":"9"})", 1},
      {R"({"N":"-10"})", R"({"N":"9"})", -1},
      {R"({"N":"1.5"})", R"({"N":"1.5"})", 0},
      {R"({"B":"/w=="})", R"({"B":"AA=="})", 1},  // 0xFF > 0x00: unsigned bytes
      {R"({"B":"AA=="})", R"({"B":"AAA="})", -1},
      {R"({"B":"gA=="})", R"({"B":"fw=="})", 1},  // 0x80 > 0x7F
      {R"({"S":"1"})", R"({"N":"1"})", std::nullopt},
      {R"({"BOOL":true})", R"({"BOOL":false})", std::nullopt},
      {R"({"SS":["a"]})", R"({"SS":["a"]})", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(CompareForOrder(Parse(c.a), Parse(c.b)), c.expected) << c.a << " vs " << c.b;
}

// ---------------------------------------------------------------- base64 --

TEST(Base64, RoundTripAndStrictness) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 7) {
    std::string text, back;
    Base64Encode(all.substr(0, n), &text);
    ASSERT_TRUE(ValidateBase64(text).ok()) << text;
    ASSERT_EQ(Base64DecodedSize(text), n);
    ASSERT_TRUE(Base64Decode(text, &back));
    ASSERT_EQ(back, all.substr(0, n));
  }
  for (const char* bad : {"A===", "====", "AB=C", "ABC\n", "AQ=A", "AR==", "AAF=", " AAA", "AA-_"}) {
    EXPECT_FALSE(ValidateBase64(bad).ok()) << bad;
    std::string out;
    EXPECT_FALSE(Base64Decode(bad, &out)) << bad;
  }
}

// UpdateItem can place a valid value under a path and so build an item deeper
// than any value it was given; CheckItemNesting catches that.
TEST(AttributeValueNesting, LevelsAndItemLimit) {
  EXPECT_EQ(NestingLevels(Parse(R"({"S":"x"})")), 1);
  EXPECT_EQ(NestingLevels(Parse(R"({"M":{}})")), 1);
  EXPECT_EQ(NestingLevels(Parse(R"({"L":[{"N":"1"},{"M":{"a":{"L":[]}}}]})")), 3);
  EXPECT_EQ(NestingLevels(Parse(R"({"SS":["a"]})")), 1);
  auto nested = [](int levels) {
    std::string text = R"({"S":"leaf"})";
    for (int i = 1; i < levels; ++i) text = R"({"M":{"a":)" + text + "}}";
    return Parse(text);
  };
  json::object item;
  item["deep"] = nested(32);
  EXPECT_TRUE(CheckItemNesting(item).ok());
  item["deeper"] = nested(33);
  aws::Status s = CheckItemNesting(item);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
            "supported limit");
}

}  // namespace
}  // namespace cloudlet::dynamodb
