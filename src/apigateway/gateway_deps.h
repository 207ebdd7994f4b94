// What both kinds of API (HTTP APIs, REST APIs) need from outside the
// module, as callbacks app.cc fills in: run a Lambda function, write access
// log lines to CloudWatch Logs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::apigateway {

// The outcome of running a function: its response payload, or its error
// payload with `function_error` set ("Unhandled"), as Lambda's Invoke reports.
struct FunctionResult {
  std::string payload;
  std::optional<std::string> function_error;
};

// Runs a Lambda function (a function ARN, possibly qualified, as integrations
// and authorizers name it) synchronously with `payload`, carrying `trace_id`
// (X-Amzn-Trace-Id) to it. `done` is called exactly once, from any thread; an
// AwsError when the function could not run (not found, throttled, ...).
using InvokeFunctionFn = std::function<void(std::string_view function_arn, std::string payload,
                                            std::string trace_id, std::function<void(aws::Result<FunctionResult>)> done)>;

// Appends one line to a CloudWatch Logs stream (access logs), creating the
// group and stream when missing. `log_group` is a group name (the
// destination ARN's last part).
using LogLineFn = std::function<void(std::string_view region, std::string_view log_group, std::string_view stream,
                                     std::string_view message)>;

struct GatewayDeps {
  InvokeFunctionFn invoke;
  LogLineFn log_line;
};

}  // namespace cloudlet::apigateway
