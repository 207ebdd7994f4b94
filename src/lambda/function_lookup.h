// Finding a function at a qualifier for the control plane and the data plane:
// $LATEST, a published version, or an alias (which resolves to a version; an
// alias with RoutingConfig picks one of its two versions by weight when it
// is invoked, and reports its primary version otherwise).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aws/error.h"
#include "lambda/function_store.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

enum class AliasRouting {
  kWeighted,  // Invoke, URLs, the async queue: AdditionalVersionWeights apply
  kPrimary,   // GetFunction and the other reads: the alias's FunctionVersion
};

struct QualifiedFunction {
  FunctionRecord latest;                   // $LATEST: function-wide settings (tags, concurrency)
  FunctionRecord record;                   // what the qualifier resolves to
  std::optional<AliasRecord> alias;        // when the qualifier named an alias
  std::optional<std::string> qualifier;    // as asked (nullopt: unqualified)
};

// True for "1", "42": a published version's qualifier (no sign, no leading '+').
bool IsVersionNumber(std::string_view qualifier);

// "<arn>:<qualifier>", or `arn` when there is none.
std::string QualifiedArn(std::string_view arn, std::optional<std::string_view> qualifier);

// The function `name` at `qualifier`; ResourceNotFoundException
// "Function not found: <qualified arn>" when it, the version or the alias is missing.
aws::Result<QualifiedFunction> LookupFunction(LambdaState& state, std::string_view region, std::string_view account_id,
                                              std::string_view name, std::optional<std::string_view> qualifier,
                                              AliasRouting routing);

// The request's FunctionName label (a name or ARN, possibly qualified) and
// its Qualifier query parameter, which must agree when both are given.
struct RequestedFunction {
  std::string name;
  std::optional<std::string> qualifier;
};
aws::Result<RequestedFunction> RequestedFunctionOf(const OperationRequest& req);

// The unqualified function a request names (name or unqualified ARN); a
// qualified name gets `qualified_message` as InvalidParameterValueException.
aws::Result<std::string> UnqualifiedFunctionOf(const OperationRequest& req, std::string_view qualified_message);

}  // namespace cloudlet::lambda
