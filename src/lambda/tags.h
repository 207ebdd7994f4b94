// Function tags: the Tags member of CreateFunction and TagResource, Lambda's
// limits (50 tags, keys 1-128 and values 0-256 characters, the "aws:" prefix
// reserved), and the ARNs the tag operations take.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::lambda {

inline constexpr std::size_t kMaxTagsPerFunction = 50;

// The tags of a Tags object, each key and value checked.
aws::Result<std::map<std::string, std::string>> ParseTags(const boost::json::value& tags);
// A function may carry at most 50 tags.
aws::Status CheckTagCount(std::size_t count);

// The function a tag operation's Resource names: an unqualified function
// ARN. ValidationException when it is no Lambda ARN; InvalidParameterValueException
// when it names a version or an alias.
struct TaggedFunction {
  std::string region;
  std::string account_id;
  std::string name;
};
aws::Result<TaggedFunction> ParseTagResource(std::string_view arn);

boost::json::object TagsJson(const std::map<std::string, std::string>& tags);

}  // namespace cloudlet::lambda
