// Reading the members of a v1 control-plane request body with the types the
// apigateway model gives them. A member of the wrong JSON type is the
// SerializationException AWS's deserializer gives; absent and null members
// are the same: "not given". Range and enum checks are the operations' own,
// since their texts differ per member.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "apigateway/common/json_access.h"
#include "aws/error.h"

namespace cloudlet::apigateway::rest {

namespace json = boost::json;

// The member, or nullptr when absent or null.
const json::value* Given(const json::object& body, std::string_view key);

aws::Result<std::optional<std::string>> OptString(const json::object& body, std::string_view key);
aws::Result<std::optional<bool>> OptBool(const json::object& body, std::string_view key);
aws::Result<std::optional<int64_t>> OptInt(const json::object& body, std::string_view key);
aws::Result<std::optional<double>> OptDouble(const json::object& body, std::string_view key);
aws::Result<std::optional<json::array>> OptStringList(const json::object& body, std::string_view key);
// Maps of string to string (tags, variables, templates) and of string to
// boolean (a method's requestParameters).
aws::Result<std::optional<json::object>> OptStringMap(const json::object& body, std::string_view key);
aws::Result<std::optional<json::object>> OptBoolMap(const json::object& body, std::string_view key);

// "true"/"false" as patch operations and query strings carry booleans.
bool TextIsTrue(std::string_view text);

}  // namespace cloudlet::apigateway::rest
