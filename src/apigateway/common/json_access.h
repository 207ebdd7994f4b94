// Reading stored records (boost::json objects) member by member, with the
// defaults the runtimes and operations want for absent or mistyped members.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlet::apigateway {

std::string_view Str(const boost::json::object& o, std::string_view key);
bool Bool(const boost::json::object& o, std::string_view key, bool fallback = false);
std::optional<double> Num(const boost::json::object& o, std::string_view key);
const boost::json::object& Obj(const boost::json::object& o, std::string_view key);
// The string members of a list member.
std::vector<std::string> Strings(const boost::json::object& o, std::string_view key);
// o[key] as an object, made when absent or not one.
boost::json::object& ObjMember(boost::json::object& o, std::string_view key);

}  // namespace cloudlet::apigateway
