#include "lambda/alias_routing.h"

#include <boost/json.hpp>

#include <fmt/format.h>

#include <random>

#include "lambda/function_lookup.h"
#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

constexpr std::string_view kAliasNamePattern = "(?!^[0-9]+$)([a-zA-Z0-9-_]+)";
constexpr std::string_view kWeightsMember = "routingConfig.additionalVersionWeights";

bool AliasCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// How Lambda shows a weights map in its validation messages: {2=1.5}.
std::string ShownWeights(std::string_view version, double weight) {
  return fmt::format("{{{}={}}}", version, weight);
}

}  // namespace

aws::Status ValidateAliasName(std::string_view name) {
  if (name.size() > 128) return errors::Validation(name, "name", "Member must have length less than or equal to 128");
  bool valid = !name.empty() && !IsVersionNumber(name);
  for (char c : name) valid = valid && AliasCharacter(c);
  if (!valid)
    return errors::Validation(name, "name",
                              "Member must satisfy regular expression pattern: " + std::string(kAliasNamePattern));
  return aws::OkStatus();
}

aws::Status ValidateAliasVersion(std::string_view version) {
  if (version.size() > 1024)
    return errors::Validation(version, "functionVersion", "Member must have length less than or equal to 1024");
  if (version != kLatest && !IsVersionNumber(version))
    return errors::Validation(version, "functionVersion",
                              "Member must satisfy regular expression pattern: (\\$LATEST|[0-9]+)");
  return aws::OkStatus();
}

aws::Result<std::map<std::string, double>> ParseRoutingConfig(const json::value& routing_config,
                                                              std::string_view primary) {
  std::map<std::string, double> weights;
  if (routing_config.is_null()) return weights;
  if (!routing_config.is_object())
    return errors::InvalidRequestContent("Could not parse request body into json: RoutingConfig is not an object");
  const json::value* map = routing_config.as_object().if_contains("AdditionalVersionWeights");
  if (!map || map->is_null()) return weights;
  if (!map->is_object())
    return errors::InvalidRequestContent(
        "Could not parse request body into json: AdditionalVersionWeights is not an object");
  if (map->as_object().size() > 1)
    return errors::InvalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1");
  for (const auto& [key, value] : map->as_object()) {
    std::string version(key);
    if (!value.is_number())
      return errors::InvalidRequestContent("Could not parse request body into json: a weight is not a number");
    double weight = value.to_number<double>();
    if (weight < 0.0 || weight >= 1.0)
      return errors::Validation(ShownWeights(version, weight), kWeightsMember,
                                "Map value must satisfy constraint: [Member must have value less than or equal to "
                                "1.0, Member must have value greater than or equal to 0.0, Member must not be null]");
    if (version == primary)
      return errors::InvalidParameter("Invalid function version " + version + ". Function version " + version +
                                      " is already included in routing configuration.");
    if (primary == kLatest)
      return errors::InvalidParameter("$LATEST is not supported for an alias pointing to more than 1 version");
    if (!IsVersionNumber(version) || version.size() > 1024)
      return errors::Validation(ShownWeights(version, weight), kWeightsMember,
                                "Map keys must satisfy constraint: [Member must have length less than or equal to "
                                "1024, Member must have length greater than or equal to 1, Member must satisfy "
                                "regular expression pattern: [0-9]+, Member must not be null]");
    weights[version] = weight;
  }
  return weights;
}

std::string ChooseAliasVersion(const AliasRecord& alias, double unit) {
  double threshold = 0;
  for (const auto& [version, weight] : alias.additional_version_weights) {
    threshold += weight;
    if (unit < threshold) return version;
  }
  return alias.function_version;
}

double RandomUnit() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace cloudlet::lambda
