// The Lambda service: the restJson1 control plane (functions and their
// code) and Invoke's wire format, over the embedded store; invocations run on
// the data plane behind `Invoker` (invoker.h). This is the one header other
// modules include.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "aws/service.h"
#include "lambda/invoker.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::lambda {

struct LambdaOptions {
  // Where deployment packages are unpacked: "<data-dir>/lambda", or a
  // temporary directory with --in-memory. Created when missing.
  std::string code_root;
  // Runs invocations; owned by the service (Shutdown is called when the
  // service is destroyed). Must not be null.
  std::unique_ptr<Invoker> invoker;
  // The port written into function URLs
  // ("http://<url-id>.lambda-url.<region>.localhost:<url_port>/"): the
  // server's listening port. Requests reach a URL on any port; this is only
  // what Create/Get/ListFunctionUrlConfig report.
  std::string url_port = "4566";
  // Back-off before the first retry of a failed asynchronous invocation (the
  // second waits twice as long). Lambda waits about a minute; tests shorten it.
  std::chrono::milliseconds async_retry_base{60000};
  // The account's concurrent executions, as the Invoker enforces them
  // (GetAccountSettings, the unreserved minimum of PutFunctionConcurrency).
  int max_concurrency = 64;
  // DynamoDB Streams, for event source mappings: calls one operation of the
  // Streams API (ListStreams, DescribeStream, GetShardIterator, GetRecords)
  // with its wire JSON and returns the answer's JSON. app.cc connects it to
  // the DynamoDB service; Lambda does not depend on that module.
  std::function<aws::Result<std::string>(std::string_view operation, std::string_view request_json)>
      call_dynamodb_streams;
};

// Queues an asynchronous invocation (InvocationType Event) of `function` (a
// name or a function ARN, optionally qualified) with a JSON `payload`, as
// the services that trigger functions (schedules, rules) do: the event is in
// the store before this returns, and runs and is retried like any Event
// invoke. ResourceNotFoundException when the function does not exist.
using AsyncInvokeFn = std::function<aws::Status(std::string_view function, std::string payload)>;

// Runs `function` (a name or a function ARN, optionally qualified) now, as
// Invoke with RequestResponse does, for services that front functions (API
// Gateway). `done` is called exactly once, from any thread: the InvokeResult
// (a function error has function_error set), or an AwsError
// (ResourceNotFoundException, TooManyRequestsException, ...). An empty
// request_id gets a new one.
using InvokeFn = std::function<void(std::string_view function, InvokeRequest request,
                                    std::function<void(aws::Result<InvokeResult>)> done)>;

struct Lambda {
  std::unique_ptr<aws::Service> service;
  // Both valid while `service` lives.
  AsyncInvokeFn invoke_async;
  InvokeFn invoke;
};

Lambda MakeLambda(storage::KvStore& store, const aws::ServiceEnvironment& env, LambdaOptions options);

// The store must outlive the service. Functions live under the key prefix
// documented in function_store.h (first byte 0x20).
std::unique_ptr<aws::Service> MakeLambdaService(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                                LambdaOptions options);

}  // namespace cloudlet::lambda
