// Reading the members of a control-plane request body with the types the
// apigatewayv2 model gives them, and copying them into a stored record. A
// member of the wrong type, or out of its model range, is a
// BadRequestException naming the member. Absent and null members are the
// same: "not given".
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"

namespace cloudlet::apigateway::http_api {

namespace json = boost::json;

// The member, or nullptr when absent or null.
const json::value* Given(const json::object& body, std::string_view key);

aws::Result<std::optional<std::string>> OptString(const json::object& body, std::string_view key,
                                                  std::size_t min_len = 0, std::size_t max_len = SIZE_MAX);
aws::Result<std::optional<bool>> OptBool(const json::object& body, std::string_view key);
aws::Result<std::optional<int64_t>> OptInt(const json::object& body, std::string_view key, int64_t min, int64_t max);
aws::Result<std::optional<double>> OptDouble(const json::object& body, std::string_view key);
aws::Result<std::optional<json::array>> OptStringList(const json::object& body, std::string_view key);
// A map of string to string (tags, stage variables, parameter maps).
aws::Result<std::optional<json::object>> OptStringMap(const json::object& body, std::string_view key);

// `value` must be one of `allowed`; the error names the member.
aws::Status CheckEnum(std::string_view key, std::string_view value, std::initializer_list<std::string_view> allowed);

// Copies members of `body` into `record` with the checks above; absent
// members leave `record` as it was. Each returns the error of the first bad one.
aws::Status CopyStrings(const json::object& body, json::object& record, std::initializer_list<std::string_view> keys);
aws::Status CopyBools(const json::object& body, json::object& record, std::initializer_list<std::string_view> keys);

// A request body member that must be present.
aws::AwsError MissingMember(std::string_view key);

// Validates a CorsConfiguration ({allowOrigins:[...], maxAge: n, ...}).
aws::Result<json::object> ParseCorsConfiguration(const json::value& value);
// Validates RouteSettings ({throttlingBurstLimit, throttlingRateLimit, ...}).
aws::Result<json::object> ParseRouteSettings(const json::value& value, std::string_view member);

}  // namespace cloudlet::apigateway::http_api
