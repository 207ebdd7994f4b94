#include "lambda/function_lookup.h"

#include "lambda/alias_routing.h"
#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {

bool IsVersionNumber(std::string_view qualifier) {
  if (qualifier.empty()) return false;
  for (char c : qualifier)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string QualifiedArn(std::string_view arn, std::optional<std::string_view> qualifier) {
  std::string out(arn);
  if (qualifier) {
    out += ':';
    out += *qualifier;
  }
  return out;
}

aws::Result<QualifiedFunction> LookupFunction(LambdaState& state, std::string_view region, std::string_view account_id,
                                              std::string_view name, std::optional<std::string_view> qualifier,
                                              AliasRouting routing) {
  std::string arn = FunctionArn(region, account_id, name);
  auto not_found = [&] { return errors::FunctionNotFound(QualifiedArn(arn, qualifier)); };
  auto latest = state.functions.Get(region, name);
  CLOUDLET_TRY(latest);
  if (!*latest) return not_found();
  QualifiedFunction out;
  out.latest = std::move(**latest);
  if (qualifier) out.qualifier = std::string(*qualifier);
  std::string version(kLatest);
  if (qualifier && *qualifier != kLatest) {
    if (IsVersionNumber(*qualifier)) {
      version = *qualifier;
    } else {
      auto alias = state.functions.GetAlias(region, name, *qualifier);
      CLOUDLET_TRY(alias);
      if (!*alias) return not_found();
      out.alias = std::move(**alias);
      version = routing == AliasRouting::kWeighted ? ChooseAliasVersion(*out.alias, RandomUnit())
                                                   : out.alias->function_version;
    }
  }
  if (version == kLatest) {
    out.record = out.latest;
  } else {
    auto record = state.functions.GetVersion(region, name, version);
    CLOUDLET_TRY(record);
    if (!*record) return not_found();
    out.record = std::move(**record);
    // Function-wide settings live on $LATEST.
    out.record.tags = out.latest.tags;
    out.record.reserved_concurrency = out.latest.reserved_concurrency;
  }
  return out;
}

aws::Result<RequestedFunction> RequestedFunctionOf(const OperationRequest& req) {
  auto it = req.route.labels.find("FunctionName");
  if (it == req.route.labels.end()) return errors::Service("route without FunctionName");
  auto parsed = ParseFunctionName(it->second);
  CLOUDLET_TRY(parsed);
  RequestedFunction out{std::move(parsed->name), std::move(parsed->qualifier)};
  if (auto q = QueryParameter(req.route, "Qualifier")) {
    if (out.qualifier && *out.qualifier != *q)
      return errors::InvalidParameter(
          "The derived qualifier from the function name does not match the specified qualifier.");
    out.qualifier = std::move(q);
  }
  return out;
}

aws::Result<std::string> UnqualifiedFunctionOf(const OperationRequest& req, std::string_view qualified_message) {
  auto requested = RequestedFunctionOf(req);
  CLOUDLET_TRY(requested);
  if (requested->qualifier) return errors::InvalidParameter(std::string(qualified_message));
  return std::move(requested->name);
}

}  // namespace cloudlet::lambda
