// The seam between Lambda's control plane (functions, versions, Invoke's
// wire format) and its data plane (execution environments: sandboxed
// processes speaking the Runtime API). The control plane describes a
// function as a FunctionSpec and asks the Invoker to run one invocation;
// the Invoker keeps warm environments per function revision, starts new ones
// up to the concurrency limit, and reports the outcome through a callback.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::lambda {

// Everything an execution environment needs to know about a function.
struct FunctionSpec {
  std::string name;
  std::string arn;                    // arn:aws:lambda:<region>:<account>:function:<name>
  std::string version = "$LATEST";
  std::string region;
  std::string account_id;
  std::string runtime;                // "python3.12", "nodejs20.x", "provided.al2023", ...
  std::string handler;                // "app.handler"; unused for provided runtimes
  std::string code_dir;               // unpacked code, mounted read-only at /var/task
  int memory_mb = 128;
  int timeout_seconds = 3;
  std::map<std::string, std::string> environment;  // the function's Environment.Variables
  // PutFunctionConcurrency: at most this many environments of the function at
  // once (0 throttles every invoke); nullopt draws on the unreserved pool.
  std::optional<int> reserved_concurrency;
  // Changes whenever code or configuration change: environments of an older
  // revision are retired and never serve again.
  std::string revision;
};

struct InvokeRequest {
  std::string request_id;             // also the Runtime API's Lambda-Runtime-Aws-Request-Id
  std::string payload;                // the event, JSON text
  std::string client_context;         // base64 JSON, may be empty
  bool tail_logs = false;             // LogType=Tail: return the last 4 KB of the log
  // X-Ray trace header carried to the function (Lambda-Runtime-Trace-Id,
  // _X_AMZN_TRACE_ID); a new one is made when empty.
  std::string trace_id;
  // Lambda-Runtime-Invoked-Function-Arn: the ARN as the caller named the
  // function (qualified when it was); the function's own ARN when empty.
  std::string invoked_function_arn;
};

struct InvokeResult {
  std::string payload;                // the function's response, or its error JSON
  // "Unhandled" when the function failed (X-Amz-Function-Error); nullopt on success.
  std::optional<std::string> function_error;
  std::string log_tail;               // last 4 KB of this invocation's log (when asked)
  std::string executed_version = "$LATEST";
};

// Where an invocation's log lines go (CloudWatch Logs, the server log, ...).
using LogSink = std::function<void(const FunctionSpec& function, std::string_view log_stream,
                                   std::string_view message)>;

struct InvokerOptions {
  std::string sandbox = "bwrap";       // "bwrap" (namespaces) or "process" (weaker, says so)
  std::string runtimes_dir;            // cloudlet's own runtime clients (runtimes/ in the source tree)
  std::string endpoint_url;            // AWS_ENDPOINT_URL given to functions: cloudlet itself
  int max_concurrency = 64;            // environments at once, account-wide
  std::chrono::seconds idle_timeout{600};  // idle environments are reaped after this
  LogSink log_sink;
};

class Invoker {
 public:
  virtual ~Invoker() = default;

  // Runs one invocation on a warm or new environment of `function`'s
  // revision. `done` is called exactly once, from any thread: an AwsError
  // for failures of the service itself (TooManyRequestsException 429 when
  // at the concurrency limit, a runtime the host lacks, ...), else the
  // InvokeResult (function errors, timeouts and crashes are results with
  // function_error set, as Lambda reports them).
  virtual void Invoke(const FunctionSpec& function, InvokeRequest request,
                      std::function<void(aws::Result<InvokeResult>)> done) = 0;

  // Stops every environment of `function_name` (deleted or updated function).
  virtual void Retire(std::string_view function_name) = 0;

  // Stops everything (shutdown): in-flight invocations complete with an error.
  virtual void Shutdown() = 0;
};

std::unique_ptr<Invoker> MakeInvoker(InvokerOptions options);

}  // namespace cloudlet::lambda
