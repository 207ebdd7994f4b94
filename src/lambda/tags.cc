#include "lambda/tags.h"

#include <boost/json.hpp>

#include <regex>

#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

// The model's pattern for a function ARN among the Resource alternatives.
constexpr std::string_view kResourcePattern =
    R"(arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+))";
constexpr std::size_t kMaxKeyLength = 128;
constexpr std::size_t kMaxValueLength = 256;

}  // namespace

aws::Result<std::map<std::string, std::string>> ParseTags(const json::value& tags) {
  if (!tags.is_object()) return errors::InvalidRequestContent("Could not parse request body into json: Tags is not an object");
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : tags.as_object()) {
    std::string key(k);
    if (!v.is_string())
      return errors::InvalidRequestContent("Could not parse request body into json: the value of tag " + key +
                                           " is not a string");
    std::string value(v.as_string());
    if (key.empty() || key.size() > kMaxKeyLength)
      return errors::InvalidParameter("Tag key " + key + " must be between 1 and 128 characters long.");
    if (value.size() > kMaxValueLength)
      return errors::InvalidParameter("Tag value of key " + key + " must be at most 256 characters long.");
    if (key.size() >= 4 && std::equal(key.begin(), key.begin() + 4, "aws:", [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        }))
      return errors::InvalidParameter("Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)");
    out[key] = std::move(value);
  }
  return out;
}

aws::Status CheckTagCount(std::size_t count) {
  if (count > kMaxTagsPerFunction) return errors::InvalidParameter("Number of tags exceeds function tag limit.");
  return aws::OkStatus();
}

aws::Result<TaggedFunction> ParseTagResource(std::string_view arn) {
  static const std::regex kPattern{std::string(kResourcePattern)};
  if (arn.size() > 256 || !std::regex_match(arn.begin(), arn.end(), kPattern))
    return errors::Validation(arn, "resource",
                              "Member must satisfy regular expression pattern: " + std::string(kResourcePattern));
  // arn:<partition>:lambda:<region>:<account>:<type>:<name>[:<qualifier>]
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    auto colon = arn.find(':', start);
    parts.push_back(arn.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts[5] != "function")
    return errors::InvalidParameter("Tagging operations are supported on functions only in cloudlet.");
  if (parts.size() > 7)
    return errors::InvalidParameter(
        "Tagging operations are permitted on Lambda functions only. Tags on aliases and versions are not supported. "
        "Please specify either a function name or a function ARN.");
  return TaggedFunction{std::string(parts[3]), std::string(parts[4]), std::string(parts[6])};
}

json::object TagsJson(const std::map<std::string, std::string>& tags) {
  json::object o;
  for (const auto& [k, v] : tags) o[k] = v;
  return o;
}

}  // namespace cloudlet::lambda
