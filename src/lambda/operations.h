// What the Lambda operations share: the service's state, one request as an
// operation sees it, and the operations themselves (one file per family:
// function_operations.cc, invoke_operation.cc).
#pragma once

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

struct LambdaState {
  FunctionStore functions;
  std::string code_root;
  std::unique_ptr<Invoker> invoker;
  aws::ServiceEnvironment env;
  // Serialises read-modify-write of function records (create, update, delete).
  std::mutex write_mutex;
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

// Looks up the function a request names ($LATEST only in this slice): a
// qualifier other than $LATEST, or no such function, is ResourceNotFoundException.
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

// Answers through `respond`, possibly later and from another thread.
void Invoke(LambdaState& state, const OperationRequest& req, http::Responder respond);

}  // namespace cloudlet::lambda
