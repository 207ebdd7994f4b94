// What the Lambda operations share: the service's state, one request as an
// operation sees it, and the operations themselves (one file per family:
// function_operations.cc, invoke_operation.cc).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "aws/error.h"
#include "aws/service.h"
#include "http/handler.h"
#include "lambda/function_store.h"
#include "lambda/invoker.h"
#include "lambda/routes.h"

namespace cloudlet::lambda {

class AsyncQueue;  // async_queue.h: the durable queue of Event invocations
class StreamPollers;  // stream_poller.h: event source mappings' pollers

struct LambdaState {
  FunctionStore functions;
  std::string code_root;
  std::unique_ptr<Invoker> invoker;
  aws::ServiceEnvironment env;
  // Serialises read-modify-write of function records (create, update, delete).
  std::mutex write_mutex;
  // Event invocations: kept in the store, run, retried (async_queue.h).
  std::shared_ptr<AsyncQueue> async_queue;
  // The account's concurrent executions: the Invoker's limit (--lambda-concurrency).
  int account_concurrency = 64;
  // Event source mappings and their pollers; the Streams API they read.
  std::shared_ptr<StreamPollers> stream_pollers;
  std::function<aws::Result<std::string>(std::string_view operation, std::string_view request_json)>
      call_dynamodb_streams;
};

struct OperationRequest {
  http::Request& request;
  http::RequestContext& ctx;
  const RouteMatch& route;
  std::string region;
  std::string account_id;
};

// A success: status code and JSON body (empty for 204).
struct Reply {
  int status = 200;
  std::string body;
};

// FunctionName as Lambda takes it: a name, a full ARN
// (arn:aws:lambda:us-east-1:123456789012:function:name) or a partial ARN
// (123456789012:function:name), each optionally ending ":qualifier".
struct FunctionName {
  std::string name;
  std::optional<std::string> qualifier;
};
aws::Result<FunctionName> ParseFunctionName(std::string_view text);
std::string FunctionArn(std::string_view region, std::string_view account, std::string_view name);

// The function `name` at `qualifier` ($LATEST when nullopt or "$LATEST", a
// published version, or an alias, which resolves to the version it routes
// to), as the record that version runs; ResourceNotFoundException otherwise.
// Used by every path that runs a function: Invoke, function URLs, the
// asynchronous queue.
aws::Result<FunctionRecord> ResolveFunction(LambdaState& state, std::string_view region, std::string_view account_id,
                                            std::string_view name, std::optional<std::string_view> qualifier);

// Looks up the function a request names (with ResolveFunction): no such
// function or qualifier is ResourceNotFoundException.
aws::Result<FunctionRecord> FindFunction(LambdaState& state, const OperationRequest& req,
                                         std::optional<std::string> qualifier = std::nullopt);

// The FunctionSpec the Invoker runs for `record`.
FunctionSpec SpecFor(const FunctionRecord& record, std::string_view account_id);

aws::Result<Reply> CreateFunction(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> GetFunction(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> GetFunctionConfiguration(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> ListFunctions(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> UpdateFunctionCode(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> UpdateFunctionConfiguration(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> DeleteFunction(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> GetAccountSettings(LambdaState& state, const OperationRequest& req);

// Versions (version_operations.cc).
aws::Result<Reply> PublishVersion(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> ListVersionsByFunction(LambdaState& state, const OperationRequest& req);
// Aliases (alias_operations.cc).
aws::Result<Reply> CreateAlias(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> GetAlias(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> UpdateAlias(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> DeleteAlias(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> ListAliases(LambdaState& state, const OperationRequest& req);
// Reserved concurrency (concurrency_operations.cc).
aws::Result<Reply> PutFunctionConcurrency(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> GetFunctionConcurrency(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> DeleteFunctionConcurrency(LambdaState& state, const OperationRequest& req);
// Resource-based policy (policy_operations.cc).
aws::Result<Reply> AddPermission(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> RemovePermission(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> GetPolicy(LambdaState& state, const OperationRequest& req);
// Tags (tag_operations.cc).
aws::Result<Reply> TagResource(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> UntagResource(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> ListTags(LambdaState& state, const OperationRequest& req);
// Asynchronous invocation settings and the legacy InvokeAsync (event_invoke_config_operations.cc).
aws::Result<Reply> PutFunctionEventInvokeConfig(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> GetFunctionEventInvokeConfig(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> UpdateFunctionEventInvokeConfig(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> DeleteFunctionEventInvokeConfig(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> ListFunctionEventInvokeConfigs(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> InvokeAsync(LambdaState& state, const OperationRequest& req);

// Event source mappings (event_source_mapping_operations.cc).
aws::Result<Reply> CreateEventSourceMapping(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> GetEventSourceMapping(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> ListEventSourceMappings(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> UpdateEventSourceMapping(LambdaState& state, const OperationRequest& req);
aws::Result<Reply> DeleteEventSourceMapping(LambdaState& state, const OperationRequest& req);

// Answers through `respond`, possibly later and from another thread.
void Invoke(LambdaState& state, const OperationRequest& req, http::Responder respond);

}  // namespace cloudlet::lambda
