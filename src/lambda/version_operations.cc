// PublishVersion and ListVersionsByFunction; publishing itself (PublishLocked)
// and the release of code directories no version runs any more.
#include <boost/json.hpp>

#include <climits>
#include <filesystem>

#include "http/request_context.h"
#include "lambda/base64.h"
#include "lambda/code_package.h"
#include "lambda/function_configuration.h"
#include "lambda/function_lookup.h"
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"
#include "lambda/versions.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

constexpr int kListPageLimit = 50;

aws::Result<json::object> ParseBody(const http::Request& request) {
  boost::system::error_code ec;
  json::value v = json::parse(request.body().empty() ? std::string_view("{}") : std::string_view(request.body()), ec);
  if (ec || !v.is_object())
    return errors::InvalidRequestContent("Could not parse request body into json: " +
                                         (ec ? ec.message() : std::string("the body is not a JSON object")));
  return std::move(v.as_object());
}

std::optional<std::string> StringMember(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

// True when `dir` lies under the code root (never a hot-reload directory).
bool UnderCodeRoot(const std::string& code_root, const std::string& dir) {
  auto root = std::filesystem::path(code_root).lexically_normal().string();
  return !dir.empty() && dir.size() > root.size() && dir.starts_with(root) && dir[root.size()] == '/';
}

}  // namespace

aws::Result<FunctionRecord> PublishLocked(LambdaState& state, FunctionRecord& latest,
                                          std::optional<std::string> description) {
  if (latest.last_version > 0) {
    auto newest = state.functions.GetVersion(latest.region, latest.name, std::to_string(latest.last_version));
    CLOUDLET_TRY(newest);
    if (*newest && (*newest)->published_from_revision == latest.revision_id) return std::move(**newest);
  }
  // Publishing gives $LATEST a new revision as Lambda does; the version
  // remembers it, so publishing again without a change returns this version.
  latest.revision_id = http::NewRequestId();
  latest.last_version += 1;
  FunctionRecord version = latest;
  version.version = std::to_string(latest.last_version);
  version.revision_id = http::NewRequestId();
  version.published_from_revision = latest.revision_id;
  version.last_modified = LastModifiedNow();
  if (description) version.description = std::move(*description);
  version.tags.clear();  // function-wide settings stay on $LATEST
  version.reserved_concurrency.reset();
  version.last_version = 0;
  CLOUDLET_TRY(state.functions.PutPublished(latest, version));
  return version;
}

aws::Status ReleaseCode(LambdaState& state, std::string_view region, std::string_view name, const std::string& dir) {
  if (!UnderCodeRoot(state.code_root, dir)) return aws::OkStatus();
  auto latest = state.functions.Get(region, name);
  CLOUDLET_TRY(latest);
  if (*latest && (*latest)->code_dir == dir) return aws::OkStatus();
  auto versions = state.functions.ListVersions(region, name, 0, INT_MAX);
  CLOUDLET_TRY(versions);
  for (const auto& v : *versions)
    if (v.code_dir == dir) return aws::OkStatus();
  RemovePackage(CodePackage{.dir = dir});
  return aws::OkStatus();
}

aws::Result<Reply> PublishVersion(LambdaState& state, const OperationRequest& req) {
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  auto requested = RequestedFunctionOf(req);
  CLOUDLET_TRY(requested);
  std::optional<std::string> description = StringMember(*body, "Description");
  if (description && description->size() > 256)
    return errors::Validation(*description, "description", "Member must have length less than or equal to 256");
  std::lock_guard lock(state.write_mutex);
  auto found = LookupFunction(state, req.region, req.account_id, requested->name, std::nullopt, AliasRouting::kPrimary);
  CLOUDLET_TRY(found);
  FunctionRecord& latest = found->latest;
  if (auto revision = StringMember(*body, "RevisionId"); revision && *revision != latest.revision_id)
    return errors::PreconditionFailed();
  if (auto sha = StringMember(*body, "CodeSha256"); sha && !latest.hot_reload && *sha != latest.code_sha256)
    return errors::InvalidParameter("CodeSHA256 (" + *sha + ") is different from current CodeSHA256 in $LATEST (" +
                                    latest.code_sha256 + "). Please try again with the CodeSHA256 in $LATEST.");
  int64_t before = latest.last_version;
  auto version = PublishLocked(state, latest, std::move(description));
  CLOUDLET_TRY(version);
  bool created = latest.last_version != before;
  return Reply{201, json::serialize(ConfigurationJson(*version, created ? ConfigurationView::kCreating
                                                                          : ConfigurationView::kSettled))};
}

aws::Result<Reply> ListVersionsByFunction(LambdaState& state, const OperationRequest& req) {
  int limit = kListPageLimit;
  if (auto max = QueryParameter(req.route, "MaxItems")) {
    char* end = nullptr;
    long n = std::strtol(max->c_str(), &end, 10);
    if (max->empty() || *end != '\0' || n < 1 || n > 10000)
      return errors::Validation(*max, "maxItems", "Member must have value between 1 and 10000");
    limit = static_cast<int>(std::min<long>(n, kListPageLimit));
  }
  // The marker is the base64 of the last version returned ("$LATEST" or a number).
  std::optional<int64_t> after;
  if (auto m = QueryParameter(req.route, "Marker"); m && !m->empty()) {
    auto decoded = Base64Decode(*m);
    if (!decoded || (*decoded != kLatest && !IsVersionNumber(*decoded)) || decoded->size() > 10)
      return errors::InvalidParameter("Invalid marker: " + *m);
    after = *decoded == kLatest ? 0 : std::stoll(*decoded);
  }
  auto requested = RequestedFunctionOf(req);
  CLOUDLET_TRY(requested);
  auto found = LookupFunction(state, req.region, req.account_id, requested->name, std::nullopt, AliasRouting::kPrimary);
  CLOUDLET_TRY(found);
  std::vector<FunctionRecord> page;
  if (!after) page.push_back(found->latest);
  auto versions = state.functions.ListVersions(req.region, requested->name, after.value_or(0),
                                               limit - static_cast<int>(page.size()) + 1);
  CLOUDLET_TRY(versions);
  for (auto& v : *versions) page.push_back(std::move(v));
  bool more = static_cast<int>(page.size()) > limit;
  if (more) page.resize(limit);
  json::array out;
  for (const auto& record : page) {
    json::object o = ConfigurationJson(record, ConfigurationView::kListed);
    o["FunctionArn"] = QualifiedArn(record.arn, record.version);
    out.push_back(std::move(o));
  }
  json::object o;
  o["Versions"] = std::move(out);
  if (more) o["NextMarker"] = Base64Encode(page.back().version);
  return Reply{200, json::serialize(o)};
}

}  // namespace cloudlet::lambda
