#include "dynamodb/expressions/constants.h"

#include <boost/json/serialize.hpp>

#include "dynamodb/attribute_value.h"

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

// >0 when a > b; nullopt when the values cannot be ordered (not S/N/B, or
// not both of type `tag`). Numbers compare exactly, binaries by decoded bytes.
std::optional<int> CompareConstants(const json::value& a, const json::value& b,
                                    const std::string& tag) {
  auto type = TypeOf(a);
  if (!type || TypeName(*type) != tag) return std::nullopt;
  return CompareForOrder(a, b);
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
