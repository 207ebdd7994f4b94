// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions,
// UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction and
// GetAccountSettings over FunctionStore and code_package.
#include <boost/json.hpp>

#include <filesystem>
#include <algorithm>
#include <regex>

#include "http/request_context.h"
#include "lambda/base64.h"
#include "lambda/code_package.h"
#include "lambda/concurrency.h"
#include "lambda/function_configuration.h"
#include "lambda/function_lookup.h"
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"
#include "lambda/tags.h"
#include "lambda/versions.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

constexpr std::string_view kFunctionNamePattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?)";
constexpr int kListPageLimit = 50;

aws::Result<json::object> ParseBody(const http::Request& request) {
  boost::system::error_code ec;
  json::value v = json::parse(request.body().empty() ? std::string_view("{}") : std::string_view(request.body()), ec);
  if (ec || !v.is_object())
    return errors::InvalidRequestContent("Could not parse request body into json: " +
                                         (ec ? ec.message() : std::string("the body is not a JSON object")));
  return std::move(v.as_object());
}

std::string Serialize(const json::object& o) { return json::serialize(o); }

// The package named by a Code (CreateFunction) or UpdateFunctionCode body.
aws::Result<CodePackage> PackageFrom(LambdaState& state, const json::object& code, std::string_view region,
                                     std::string_view name) {
  const json::value* zip = code.if_contains("ZipFile");
  const json::value* bucket = code.if_contains("S3Bucket");
  const json::value* key = code.if_contains("S3Key");
  if (code.contains("ImageUri"))
    return errors::InvalidParameter("cloudlet runs Zip packages only; ImageUri is not supported");
  if (zip && zip->is_string()) {
    auto bytes = Base64Decode(zip->as_string());
    if (!bytes) return errors::InvalidRequestContent("Could not parse request body into json: ZipFile is not base64");
    return UnpackZip(state.code_root, region, name, *bytes);
  }
  if (bucket && bucket->is_string() && key && key->is_string()) {
    if (bucket->as_string() == kHotReloadBucket) return HotReloadPackage(key->as_string());
    return errors::InvalidParameter(
        "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does "
        "not exist");
  }
  return errors::InvalidParameter("Please provide a source for function code.");
}

aws::Status CheckRevision(const json::object& body, const FunctionRecord& record) {
  if (const json::value* v = body.if_contains("RevisionId"); v && v->is_string() && v->as_string() != record.revision_id)
    return errors::PreconditionFailed();
  return aws::OkStatus();
}

void Touch(FunctionRecord& record) {
  record.last_modified = LastModifiedNow();
  record.revision_id = http::NewRequestId();
}

constexpr std::string_view kUnqualifiedOnly =
    "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. "
    "Please specify either a function name or an unqualified function ARN.";

// The $LATEST record an update changes; a version or alias qualifier is refused.
aws::Result<FunctionRecord> FindForUpdate(LambdaState& state, const OperationRequest& req) {
  auto requested = RequestedFunctionOf(req);
  CLOUDLET_TRY(requested);
  if (requested->qualifier && *requested->qualifier != kLatest)
    return errors::InvalidParameter(std::string(kUnqualifiedOnly));
  auto found = LookupFunction(state, req.region, req.account_id, requested->name, std::nullopt, AliasRouting::kPrimary);
  CLOUDLET_TRY(found);
  return std::move(found->record);
}

bool PublishRequested(const json::object& body) {
  const json::value* publish = body.if_contains("Publish");
  return publish && publish->is_bool() && publish->as_bool();
}

// The configuration of a function found at a qualifier: FunctionArn carries
// the qualifier the request gave (an alias keeps its name; Version is the
// version it resolved to).
json::object QualifiedConfiguration(const QualifiedFunction& found, ConfigurationView view) {
  json::object o = ConfigurationJson(found.record, view);
  if (found.qualifier) o["FunctionArn"] = QualifiedArn(found.record.arn, *found.qualifier);
  return o;
}

aws::Result<QualifiedFunction> FindForRead(LambdaState& state, const OperationRequest& req) {
  auto requested = RequestedFunctionOf(req);
  CLOUDLET_TRY(requested);
  return LookupFunction(state, req.region, req.account_id, requested->name,
                        requested->qualifier ? std::optional<std::string_view>(*requested->qualifier) : std::nullopt,
                        AliasRouting::kPrimary);
}

}  // namespace

std::string FunctionArn(std::string_view region, std::string_view account, std::string_view name) {
  return "arn:aws:lambda:" + std::string(region) + ":" + std::string(account) + ":function:" + std::string(name);
}

aws::Result<FunctionName> ParseFunctionName(std::string_view text) {
  // A plain name (no ':') can only match the pattern's name group: checked
  // without std::regex on the Invoke path (0.4 µs a match here: small, but free).
  if (!text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      })) {
    return FunctionName{std::string(text), std::nullopt};
  }
  static const std::regex kPattern{std::string(kFunctionNamePattern)};
  std::match_results<std::string_view::const_iterator> m;
  if (text.size() > 140 || !std::regex_match(text.begin(), text.end(), m, kPattern))
    return errors::Validation(text, "functionName",
                              "Member must satisfy regular expression pattern: " + std::string(kFunctionNamePattern));
  FunctionName out;
  out.name = m[10].str();
  if (m[12].matched) out.qualifier = m[12].str();
  if (out.name.size() > 64)
    return errors::Validation(text, "functionName", "Member must have length less than or equal to 64");
  return out;
}

aws::Result<FunctionRecord> ResolveFunction(LambdaState& state, std::string_view region, std::string_view account_id,
                                            std::string_view name, std::optional<std::string_view> qualifier) {
  auto found = LookupFunction(state, region, account_id, name, qualifier, AliasRouting::kWeighted);
  CLOUDLET_TRY(found);
  return std::move(found->record);
}

aws::Result<FunctionRecord> FindFunction(LambdaState& state, const OperationRequest& req,
                                         std::optional<std::string> qualifier) {
  auto it = req.route.labels.find("FunctionName");
  if (it == req.route.labels.end()) return errors::Service("route without FunctionName");
  auto parsed = ParseFunctionName(it->second);
  CLOUDLET_TRY(parsed);
  if (parsed->qualifier && qualifier && *parsed->qualifier != *qualifier)
    return errors::InvalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
  if (!qualifier) qualifier = parsed->qualifier;
  return ResolveFunction(state, req.region, req.account_id, parsed->name,
                         qualifier ? std::optional<std::string_view>(*qualifier) : std::nullopt);
}

FunctionSpec SpecFor(const FunctionRecord& record, std::string_view account_id) {
  FunctionSpec spec;
  spec.name = record.name;
  spec.arn = record.arn;
  spec.version = record.version;
  spec.reserved_concurrency = record.reserved_concurrency;
  spec.region = record.region;
  spec.account_id = std::string(account_id);
  spec.runtime = record.runtime;
  spec.handler = record.handler;
  spec.code_dir = record.code_dir;
  spec.memory_mb = record.memory_size;
  spec.timeout_seconds = record.timeout;
  if (record.environment) spec.environment = *record.environment;
  spec.revision = record.revision_id;
  // Hot-reload code changes without any call: its files' fingerprint joins
  // the revision, so the Invoker retires environments that ran older files.
  if (record.hot_reload) spec.revision += "/" + DirectoryFingerprint(record.code_dir);
  return spec;
}

aws::Result<Reply> CreateFunction(LambdaState& state, const OperationRequest& req) {
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  const json::value* name_value = body->if_contains("FunctionName");
  if (!name_value || !name_value->is_string())
    return errors::Validation("null", "functionName", "Member must not be null");
  auto parsed = ParseFunctionName(name_value->as_string());
  CLOUDLET_TRY(parsed);
  if (parsed->qualifier)
    return errors::InvalidParameter("Unsupported function name: a qualifier cannot be given to CreateFunction.");
  const json::value* role = body->if_contains("Role");
  if (!role || role->is_null()) return errors::Validation("null", "role", "Member must not be null");
  const json::value* code = body->if_contains("Code");
  if (!code || !code->is_object()) return errors::Validation("null", "code", "Member must not be null");

  FunctionRecord record;
  record.name = parsed->name;
  record.region = req.region;
  record.arn = FunctionArn(req.region, req.account_id, record.name);
  CLOUDLET_TRY(ApplyConfiguration(*body, record, /*creating=*/true));
  if (const json::value* tags = body->if_contains("Tags"); tags && !tags->is_null()) {
    auto parsed_tags = ParseTags(*tags);
    CLOUDLET_TRY(parsed_tags);
    CLOUDLET_TRY(CheckTagCount(parsed_tags->size()));
    record.tags = std::move(parsed_tags.value());
  }
  {
    // Fail fast on a duplicate before unpacking a large zip.
    auto existing = state.functions.Get(req.region, record.name);
    CLOUDLET_TRY(existing);
    if (existing.value()) return errors::FunctionAlreadyExists(record.name);
  }
  auto package = PackageFrom(state, code->as_object(), req.region, record.name);
  CLOUDLET_TRY(package);
  record.code_dir = package->dir;
  record.code_sha256 = package->code_sha256;
  record.code_size = package->code_size;
  record.hot_reload = package->hot_reload;
  Touch(record);
  std::lock_guard lock(state.write_mutex);
  auto existing = state.functions.Get(req.region, record.name);
  CLOUDLET_TRY(existing);
  if (existing.value()) return errors::FunctionAlreadyExists(record.name);
  CLOUDLET_TRY(state.functions.Put(record));
  if (PublishRequested(*body)) {
    auto version = PublishLocked(state, record, std::nullopt);
    CLOUDLET_TRY(version);
    json::object o = ConfigurationJson(*version, ConfigurationView::kCreating);
    return Reply{201, Serialize(o)};
  }
  return Reply{201, Serialize(ConfigurationJson(record, ConfigurationView::kCreating))};
}

aws::Result<Reply> GetFunction(LambdaState& state, const OperationRequest& req) {
  auto found = FindForRead(state, req);
  CLOUDLET_TRY(found);
  json::object out;
  out["Configuration"] = QualifiedConfiguration(*found, ConfigurationView::kSettled);
  // No download URL: cloudlet serves no presigned package location.
  out["Code"] = json::object{{"RepositoryType", "S3"}, {"Location", "file://" + found->record.code_dir}};
  if (!found->latest.tags.empty()) out["Tags"] = TagsJson(found->latest.tags);
  if (found->latest.reserved_concurrency)
    out["Concurrency"] = json::object{{"ReservedConcurrentExecutions", *found->latest.reserved_concurrency}};
  return Reply{200, Serialize(out)};
}

aws::Result<Reply> GetFunctionConfiguration(LambdaState& state, const OperationRequest& req) {
  auto found = FindForRead(state, req);
  CLOUDLET_TRY(found);
  return Reply{200, Serialize(QualifiedConfiguration(*found, ConfigurationView::kSettled))};
}

aws::Result<Reply> ListFunctions(LambdaState& state, const OperationRequest& req) {
  int limit = kListPageLimit;
  if (auto max = QueryParameter(req.route, "MaxItems")) {
    char* end = nullptr;
    long n = std::strtol(max->c_str(), &end, 10);
    if (max->empty() || *end != '\0' || n < 1 || n > 10000)
      return errors::Validation(*max, "maxItems", "Member must have value between 1 and 10000");
    limit = static_cast<int>(std::min<long>(n, kListPageLimit));
  }
  std::string marker;
  if (auto m = QueryParameter(req.route, "Marker"); m && !m->empty()) {
    auto decoded = Base64Decode(*m);
    if (!decoded) return errors::InvalidParameter("Invalid marker: " + *m);
    marker = *decoded;
  }
  auto page = state.functions.List(req.region, marker, limit);
  CLOUDLET_TRY(page);
  json::array functions;
  for (const auto& record : page->functions) functions.push_back(ConfigurationJson(record, ConfigurationView::kListed));
  json::object out;
  out["Functions"] = std::move(functions);
  if (page->next_marker) out["NextMarker"] = Base64Encode(*page->next_marker);
  return Reply{200, Serialize(out)};
}

aws::Result<Reply> UpdateFunctionCode(LambdaState& state, const OperationRequest& req) {
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  auto current = FindForUpdate(state, req);
  CLOUDLET_TRY(current);
  CLOUDLET_TRY(CheckRevision(*body, *current));
  auto package = PackageFrom(state, *body, req.region, current->name);
  CLOUDLET_TRY(package);
  if (const json::value* dry = body->if_contains("DryRun"); dry && dry->is_bool() && dry->as_bool()) {
    FunctionRecord preview = *current;
    preview.code_sha256 = package->code_sha256;
    preview.code_size = package->code_size;
    return Reply{200, Serialize(ConfigurationJson(preview, ConfigurationView::kSettled))};
  }
  std::unique_lock lock(state.write_mutex);
  auto record = FindForUpdate(state, req);  // re-read under the lock
  CLOUDLET_TRY(record);
  CLOUDLET_TRY(CheckRevision(*body, *record));
  if (!package->hot_reload && !std::filesystem::is_directory(package->dir)) {
    // Released by an update that ran between the unpacking and the lock.
    package = PackageFrom(state, *body, req.region, record->name);
    CLOUDLET_TRY(package);
  }
  std::string old_dir = record->code_dir;
  record->code_dir = package->dir;
  record->code_sha256 = package->code_sha256;
  record->code_size = package->code_size;
  record->hot_reload = package->hot_reload;
  if (const json::value* arch = body->if_contains("Architectures"); arch && arch->is_array() && arch->as_array().size() == 1 &&
                                                                     arch->as_array()[0].is_string())
    record->architecture = std::string(arch->as_array()[0].as_string());
  Touch(*record);
  CLOUDLET_TRY(state.functions.Put(*record));
  std::optional<FunctionRecord> published;
  if (PublishRequested(*body)) {
    auto version = PublishLocked(state, *record, std::nullopt);
    CLOUDLET_TRY(version);
    published = std::move(version.value());
  }
  if (old_dir != record->code_dir) CLOUDLET_TRY(ReleaseCode(state, req.region, record->name, old_dir));
  lock.unlock();
  state.invoker->Retire(record->name);
  return Reply{200, Serialize(ConfigurationJson(published ? *published : *record, ConfigurationView::kUpdating))};
}

aws::Result<Reply> UpdateFunctionConfiguration(LambdaState& state, const OperationRequest& req) {
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  std::unique_lock lock(state.write_mutex);
  auto record = FindForUpdate(state, req);
  CLOUDLET_TRY(record);
  CLOUDLET_TRY(CheckRevision(*body, *record));
  CLOUDLET_TRY(ApplyConfiguration(*body, *record, /*creating=*/false));
  Touch(*record);
  CLOUDLET_TRY(state.functions.Put(*record));
  lock.unlock();
  state.invoker->Retire(record->name);
  return Reply{200, Serialize(ConfigurationJson(*record, ConfigurationView::kUpdating))};
}

namespace {

// DeleteFunction with a version qualifier: that version only.
aws::Result<Reply> DeleteVersion(LambdaState& state, const OperationRequest& req, const std::string& name,
                                 const std::string& version) {
  std::unique_lock lock(state.write_mutex);
  auto found = LookupFunction(state, req.region, req.account_id, name, version, AliasRouting::kPrimary);
  CLOUDLET_TRY(found);
  auto aliases = state.functions.ListAliases(req.region, name);
  CLOUDLET_TRY(aliases);
  std::string referencing;
  for (const auto& alias : *aliases)
    if (alias.function_version == version || alias.additional_version_weights.contains(version)) {
      if (!referencing.empty()) referencing += ", ";
      referencing += alias.name;
    }
  if (!referencing.empty())
    return aws::AwsError::Make(409, "ResourceConflictException",
                               "Unable to delete version because the following aliases reference it: [" +
                                   referencing + "]");
  CLOUDLET_TRY(state.functions.DeleteVersion(req.region, name, version));
  CLOUDLET_TRY(ReleaseCode(state, req.region, name, found->record.code_dir));
  return Reply{204, {}};
}

}  // namespace

aws::Result<Reply> DeleteFunction(LambdaState& state, const OperationRequest& req) {
  auto requested = RequestedFunctionOf(req);
  CLOUDLET_TRY(requested);
  if (requested->qualifier && *requested->qualifier == kLatest)
    return errors::InvalidParameter("$LATEST version cannot be deleted without deleting the function.");
  if (requested->qualifier && !IsVersionNumber(*requested->qualifier)) {
    // An alias is deleted with DeleteAlias; Lambda answers as for a version it cannot find.
    auto found = LookupFunction(state, req.region, req.account_id, requested->name, std::nullopt, AliasRouting::kPrimary);
    CLOUDLET_TRY(found);
    return errors::InvalidParameter("Deletion of aliases is not supported.");
  }
  if (requested->qualifier) return DeleteVersion(state, req, requested->name, *requested->qualifier);
  std::unique_lock lock(state.write_mutex);
  auto found = LookupFunction(state, req.region, req.account_id, requested->name, std::nullopt, AliasRouting::kPrimary);
  CLOUDLET_TRY(found);
  CLOUDLET_TRY(state.functions.Delete(req.region, requested->name));
  lock.unlock();
  state.invoker->Retire(requested->name);
  RemoveFunctionCode(state.code_root, req.region, requested->name);
  return Reply{204, {}};
}

aws::Result<Reply> GetAccountSettings(LambdaState& state, const OperationRequest& req) {
  int64_t count = 0, total = 0, reserved = 0;
  std::string marker;
  for (;;) {
    auto page = state.functions.List(req.region, marker, 1000);
    CLOUDLET_TRY(page);
    for (const auto& f : page->functions) {
      ++count;
      total += f.code_size;
      reserved += f.reserved_concurrency.value_or(0);
    }
    if (!page->next_marker) break;
    marker = *page->next_marker;
  }
  json::object out;
  out["AccountLimit"] = json::object{{"TotalCodeSize", 80530636800},
                                     {"CodeSizeUnzipped", kMaxUnzippedBytes},
                                     {"CodeSizeZipped", 52428800},
                                     {"ConcurrentExecutions", state.account_concurrency},
                                     {"UnreservedConcurrentExecutions", state.account_concurrency - reserved}};
  out["AccountUsage"] = json::object{{"TotalCodeSize", total}, {"FunctionCount", count}};
  return Reply{200, Serialize(out)};
}

}  // namespace cloudlet::lambda
