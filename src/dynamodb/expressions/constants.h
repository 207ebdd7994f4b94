// Internal: attribute-value constants as the parser sees them: type tags,
// DynamoDB's operand-type names, and ordering of S/N/B constants (for the
// static BETWEEN bounds check).
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cloudlet::dynamodb::expr::internal {

// "S", "N", "B", "NULL", "BOOL", "SS", "NS", "BS", "L", "M" for a well-formed
// attribute value ({"S":"x"}), "" otherwise.
std::string TypeTag(const boost::json::value& v);

// The name DynamoDB prints in "operand type: X": STRING, NUMBER, BINARY,
// BOOLEAN, NULL, LIST, MAP; sets keep their tag (SS, NS, BS).
std::string LongTypeName(std::string_view tag);

// LongTypeName(TypeTag(v)), or "" for a malformed value.
std::string OperandTypeName(const boost::json::value& v);

// True when `name` is a valid attribute_type() argument (one of the ten tags).
bool IsTypeTag(std::string_view name);

// Orders two constants of the same type tag S, N (numerically, exact) or B
// (unsigned bytes): <0, 0, >0; nullopt for other types or malformed values.
std::optional<int> CompareConstants(const boost::json::value& a, const boost::json::value& b,
                                    const std::string& tag);

// "AttributeValue: {N:2}" as DynamoDB prints a constant in BETWEEN messages.
std::string ConstantForMessage(const boost::json::value& v, const std::string& tag);

}  // namespace cloudlet::dynamodb::expr::internal
