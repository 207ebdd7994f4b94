#include <fmt/format.h>
#include "lambda/function_configuration.h"

#include <boost/json.hpp>

#include <array>
#include <chrono>
#include <ctime>
#include <regex>
#include <set>

#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

// Runtimes of the botocore model's Runtime enum that Lambda still accepts.
constexpr std::string_view kRuntimes[] = {
    "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x", "python3.9",  "python3.10",     "python3.11",
    "python3.12", "python3.13", "python3.14", "java8.al2",  "java11",     "java17",         "java21",
    "java25",     "dotnet6",    "dotnet8",    "dotnet10",   "ruby3.2",    "ruby3.3",        "ruby3.4",
    "ruby4.0",    "provided",   "provided.al2", "provided.al2023", "nodejs16.x", "python3.8", "java8",
    "nodejs14.x", "ruby2.7"};
// In the enum, but Lambda refuses them for new code.
constexpr std::string_view kDeprecated[] = {
    "nodejs",       "nodejs4.3",    "nodejs6.10",   "nodejs8.10", "nodejs10.x", "nodejs12.x",
    "python2.7",    "python3.6",    "python3.7",    "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
    "dotnetcore3.1", "nodejs4.3-edge", "ruby2.5", "go1.x"};

constexpr std::string_view kRolePattern = R"(arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)";
constexpr int kMaxEnvironmentBytes = 4096;

const std::set<std::string, std::less<>>& ReservedEnvironmentKeys() {
  static const std::set<std::string, std::less<>> keys = {
      "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
      "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
      "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
      "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
      "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"};
  return keys;
}

std::string Shown(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : json::serialize(v); }

aws::Result<std::string> StringMember(const json::value& v, std::string_view member) {
  if (!v.is_string())
    return errors::InvalidRequestContent("Could not parse request body into json: Unexpected value for " +
                                         std::string(member));
  return std::string(v.as_string());
}

aws::Result<int> IntMember(const json::value& v, std::string_view member, int min, int max) {
  if (!v.is_int64() && !v.is_uint64())
    return errors::InvalidRequestContent("Could not parse request body into json: Unexpected value for " +
                                         std::string(member));
  int64_t n = v.is_int64() ? v.as_int64() : static_cast<int64_t>(std::min<uint64_t>(v.as_uint64(), INT64_MAX));
  if (n < min) return errors::Validation(std::to_string(n), member, "Member must have value greater than or equal to " + std::to_string(min));
  if (n > max) return errors::Validation(std::to_string(n), member, "Member must have value less than or equal to " + std::to_string(max));
  return static_cast<int>(n);
}

aws::Status ApplyEnvironment(const json::value& v, FunctionRecord& record) {
  if (!v.is_object()) return errors::InvalidRequestContent("Could not parse request body into json: Environment");
  const json::value* vars = v.as_object().if_contains("Variables");
  std::map<std::string, std::string> env;
  if (vars && !vars->is_null()) {
    if (!vars->is_object()) return errors::InvalidRequestContent("Could not parse request body into json: Variables");
    static const std::regex kKey("[a-zA-Z]([a-zA-Z0-9_])+");
    std::string reserved;
    for (const auto& [k, val] : vars->as_object()) {
      if (!val.is_string()) return errors::InvalidRequestContent("Could not parse request body into json: Variables");
      if (!std::regex_match(k.begin(), k.end(), kKey))
        return errors::Validation("[" + std::string(k) + "]", "environment.variables",
                                  "Map keys must satisfy constraint: [Member must satisfy regular expression "
                                  "pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
      if (ReservedEnvironmentKeys().contains(std::string_view(k))) reserved += (reserved.empty() ? "" : ",") + std::string(k);
      env[std::string(k)] = std::string(val.as_string());
    }
    if (!reserved.empty())
      return errors::InvalidParameter(
          "Lambda was unable to configure your environment variables because the environment variables you have "
          "provided contains reserved keys that are currently not supported for modification. Reserved keys used "
          "in this request: " + reserved);
    std::string measured = json::serialize(vars->as_object());
    if (measured.size() > kMaxEnvironmentBytes)
      return errors::InvalidParameter(
          "Lambda was unable to configure your environment variables because the environment variables you have "
          "provided exceeded the 4KB limit. String measured: " + measured);
  }
  record.environment = std::move(env);
  return aws::OkStatus();
}

}  // namespace

bool IsKnownRuntime(std::string_view runtime) {
  for (auto r : kRuntimes)
    if (r == runtime) return true;
  return false;
}

aws::Status ApplyConfiguration(const json::object& body, FunctionRecord& record, bool creating) {
  if (const json::value* v = body.if_contains("Runtime"); v && !v->is_null()) {
    auto runtime = StringMember(*v, "Runtime");
    CLOUDLET_TRY(runtime);
    for (auto d : kDeprecated)
      if (d == *runtime)
        return errors::InvalidParameter("The runtime parameter of " + *runtime +
                                        " is no longer supported for creating or updating AWS Lambda functions. We "
                                        "recommend you use a supported runtime while creating or updating functions.");
    if (!IsKnownRuntime(*runtime)) {
      std::string set;
      for (auto r : kRuntimes) set += (set.empty() ? "" : ", ") + std::string(r);
      return errors::Validation(*runtime, "runtime", "Member must satisfy enum value set: [" + set + "] or be a valid ARN");
    }
    record.runtime = *runtime;
  }
  if (const json::value* v = body.if_contains("Handler"); v && !v->is_null()) {
    auto handler = StringMember(*v, "Handler");
    CLOUDLET_TRY(handler);
    static const std::regex kHandler(R"([^\s]+)");
    if (handler->size() > 128)
      return errors::Validation(*handler, "handler", "Member must have length less than or equal to 128");
    if (!std::regex_match(*handler, kHandler))
      return errors::Validation(*handler, "handler", "Member must satisfy regular expression pattern: [^\\s]+");
    record.handler = *handler;
  }
  if (const json::value* v = body.if_contains("Role"); v && !v->is_null()) {
    auto role = StringMember(*v, "Role");
    CLOUDLET_TRY(role);
    static const std::regex kRole{std::string(kRolePattern)};
    if (!std::regex_match(*role, kRole))
      return errors::Validation(*role, "role", "Member must satisfy regular expression pattern: " + std::string(kRolePattern));
    record.role = *role;
  }
  if (const json::value* v = body.if_contains("Description"); v && !v->is_null()) {
    auto description = StringMember(*v, "Description");
    CLOUDLET_TRY(description);
    if (description->size() > 256)
      return errors::Validation(*description, "description", "Member must have length less than or equal to 256");
    record.description = *description;
  }
  if (const json::value* v = body.if_contains("Timeout"); v && !v->is_null()) {
    auto timeout = IntMember(*v, "timeout", 1, 900);
    CLOUDLET_TRY(timeout);
    record.timeout = *timeout;
  }
  if (const json::value* v = body.if_contains("MemorySize"); v && !v->is_null()) {
    auto memory = IntMember(*v, "memorySize", 128, 10240);
    CLOUDLET_TRY(memory);
    record.memory_size = *memory;
  }
  if (const json::value* v = body.if_contains("Environment"); v && !v->is_null()) CLOUDLET_TRY(ApplyEnvironment(*v, record));
  if (const json::value* v = body.if_contains("EphemeralStorage"); v && v->is_object()) {
    if (const json::value* size = v->as_object().if_contains("Size")) {
      auto mb = IntMember(*size, "ephemeralStorage.size", 512, 10240);
      CLOUDLET_TRY(mb);
      record.ephemeral_storage = *mb;
    }
  }
  if (const json::value* v = body.if_contains("TracingConfig"); v && v->is_object()) {
    if (const json::value* mode = v->as_object().if_contains("Mode"); mode && mode->is_string()) {
      std::string m(mode->as_string());
      if (m != "Active" && m != "PassThrough")
        return errors::Validation(m, "tracingConfig.mode", "Member must satisfy enum value set: [Active, PassThrough]");
      record.tracing_mode = m;
    }
  }
  if (creating) {
    if (const json::value* v = body.if_contains("PackageType"); v && v->is_string() && v->as_string() != "Zip")
      return errors::InvalidParameter("cloudlet runs Zip packages only; PackageType " + Shown(*v) + " is not supported");
    if (const json::value* v = body.if_contains("Architectures"); v && v->is_array()) {
      const auto& arr = v->as_array();
      if (arr.size() != 1 || !arr[0].is_string() || (arr[0].as_string() != "x86_64" && arr[0].as_string() != "arm64"))
        return errors::Validation(Shown(*v), "architectures",
                                  "Member must have length less than or equal to 1, Member must satisfy enum value "
                                  "set: [x86_64, arm64]");
      record.architecture = std::string(arr[0].as_string());
    }
    if (record.runtime.empty() || (record.handler.empty() && !record.runtime.starts_with("provided")))
      return errors::InvalidParameter(
          "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  }
  return aws::OkStatus();
}

json::object ConfigurationJson(const FunctionRecord& r, ConfigurationView view) {
  json::object o;
  o["FunctionName"] = r.name;
  // A version's ARN carries its number; $LATEST's is unqualified.
  o["FunctionArn"] = r.version == "$LATEST" ? r.arn : r.arn + ":" + r.version;
  o["Runtime"] = r.runtime;
  o["Role"] = r.role;
  o["Handler"] = r.handler;
  o["CodeSize"] = r.code_size;
  o["Description"] = r.description;
  o["Timeout"] = r.timeout;
  o["MemorySize"] = r.memory_size;
  o["LastModified"] = r.last_modified;
  o["CodeSha256"] = r.code_sha256;
  o["Version"] = r.version;
  if (r.environment) {
    json::object vars;
    for (const auto& [k, v] : *r.environment) vars[k] = v;
    o["Environment"] = json::object{{"Variables", std::move(vars)}};
  }
  o["TracingConfig"] = json::object{{"Mode", r.tracing_mode}};
  o["RevisionId"] = r.revision_id;
  o["PackageType"] = r.package_type;
  o["Architectures"] = json::array{json::value(r.architecture)};
  o["EphemeralStorage"] = json::object{{"Size", r.ephemeral_storage}};
  o["SnapStart"] = json::object{{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}};
  o["LoggingConfig"] = json::object{{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + r.name}};
  switch (view) {
    case ConfigurationView::kCreating:
      o["State"] = "Pending";
      o["StateReason"] = "The function is being created.";
      o["StateReasonCode"] = "Creating";
      break;
    case ConfigurationView::kUpdating:
      o["State"] = "Active";
      o["LastUpdateStatus"] = "InProgress";
      o["LastUpdateStatusReason"] = "The function is being created.";
      o["LastUpdateStatusReasonCode"] = "Creating";
      break;
    case ConfigurationView::kSettled:
      o["State"] = "Active";
      if (r.version == "$LATEST") o["LastUpdateStatus"] = "Successful";  // versions are never updated
      break;
    case ConfigurationView::kListed:
      break;
  }
  return o;
}

std::string LastModifiedNow() {
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}+0000", buf, ms);
}

}  // namespace cloudlet::lambda
