// One execution environment: a sandboxed runtime process, its Runtime API
// endpoint, and the lifecycle Lambda gives it:
//   Init (process starts, runtime loads the handler, first /next)
//   -> Invoke (event handed out; /response or /error; or timeout; or crash)
//   -> Invoke ... -> Shutdown (reaped idle, retired, or dead).
// Its output (stdout and stderr) is the function's log, framed per
// invocation with START / END / REPORT lines. All state lives on the Runtime
// API's io thread; Invoke and Stop post to it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>

#include "lambda/environment_pool.h"
#include "lambda/sandbox.h"

namespace cloudlet::lambda {

struct EnvironmentContext {
  boost::asio::io_context* io = nullptr;  // runs every environment's Runtime API
  SandboxKind sandbox = SandboxKind::kBwrap;
  std::string runtimes_dir;
  std::string endpoint_url;
  LogSink log_sink;
  HostLayout host;
  // Lambda's init phase limit, apart from the function's timeout. Past it
  // the log says "INIT_REPORT ... Phase: init Status: timeout" and init goes
  // on within the first invocation under the function's timeout; if that
  // runs out too, "Phase: invoke Status: timeout" and Sandbox.Timedout.
  std::chrono::milliseconds init_timeout{10000};
};

// Resolves the runtime, starts the Runtime API and spawns the process.
// Returns an AwsError when the runtime is unknown, its interpreter missing,
// or the sandbox unusable. `on_exit` is called (io thread) when the process
// exits while the environment is idle.
aws::Result<std::shared_ptr<Environment>> StartExecutionEnvironment(const EnvironmentContext& context,
                                                                    const FunctionSpec& function,
                                                                    ExitNotice on_exit);

// The environment variables a runtime receives (reference §2), as NAME=value.
std::vector<std::string> BuildRuntimeEnvironment(const FunctionSpec& function, const std::string& runtime_api,
                                                 const std::string& log_stream,
                                                 const std::string& endpoint_url, const std::string& task_root,
                                                 const std::string& runtime_root, const std::string& extra_path);

// The LogType=Tail window.
inline constexpr std::size_t kLogTailBytes = 4096;

}  // namespace cloudlet::lambda
