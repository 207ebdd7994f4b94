// Lambda's REST routes (restJson1): method + path template → operation, as
// the botocore model's requestUri values give them, e.g.
//   POST   /2015-03-31/functions                              CreateFunction
//   GET    /2015-03-31/functions/{FunctionName}/configuration GetFunctionConfiguration
//   POST   /2015-03-31/functions/{FunctionName}/invocations   Invoke
//   POST   /2021-10-31/functions/{FunctionName}/url           CreateFunctionUrlConfig
// A {Label} matches one non-empty path segment, percent-decoded (SDKs send
// ARNs with ':' as %3A).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace cloudlet::lambda {

enum class Operation {
  kCreateFunction,
  kGetFunction,
  kGetFunctionConfiguration,
  kListFunctions,
  kUpdateFunctionCode,
  kUpdateFunctionConfiguration,
  kDeleteFunction,
  kInvoke,
  kGetAccountSettings,
  kCreateFunctionUrlConfig,
  kGetFunctionUrlConfig,
  kUpdateFunctionUrlConfig,
  kDeleteFunctionUrlConfig,
  kListFunctionUrlConfigs,
  kPublishVersion,
  kListVersionsByFunction,
  kCreateAlias,
  kGetAlias,
  kUpdateAlias,
  kDeleteAlias,
  kListAliases,
  kPutFunctionConcurrency,
  kGetFunctionConcurrency,
  kDeleteFunctionConcurrency,
  kAddPermission,
  kRemovePermission,
  kGetPolicy,
  kTagResource,
  kUntagResource,
  kListTags,
  kPutFunctionEventInvokeConfig,
  kGetFunctionEventInvokeConfig,
  kUpdateFunctionEventInvokeConfig,
  kDeleteFunctionEventInvokeConfig,
  kListFunctionEventInvokeConfigs,
  kInvokeAsync,
  kCreateEventSourceMapping,
  kGetEventSourceMapping,
  kListEventSourceMappings,
  kUpdateEventSourceMapping,
  kDeleteEventSourceMapping,
};

struct RouteMatch {
  Operation operation;
  std::string_view name;                         // "CreateFunction", for logs and metrics
  std::map<std::string, std::string> labels;     // path parameters: "FunctionName" → "my-fn"
  std::string query;                              // raw query string, without '?'
};

// The operation `method target` names, or nullopt.
std::optional<RouteMatch> MatchRoute(http::Verb method, std::string_view target);

// The dated path prefixes of every Lambda operation in the model, for the router.
const std::vector<std::string>& LambdaPathPrefixes();

// One query parameter, percent-decoded; nullopt when absent.
std::optional<std::string> QueryParameter(const RouteMatch& match, std::string_view name);

}  // namespace cloudlet::lambda
