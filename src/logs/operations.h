// The CloudWatch Logs operations cloudlet implements: each takes the parsed
// request object and returns the response body (JSON) or an AwsError.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

#include "aws/error.h"
#include "logs/log_store.h"

namespace cloudlet::logs {

struct OperationContext {
  LogStore& store;
  std::string_view region;
  std::string_view account_id;
  int64_t now_ms;
};

using Operation = aws::Result<std::string> (*)(OperationContext& ctx, const boost::json::object& request);

// The operation named `name` ("CreateLogGroup"), or null when unsupported.
Operation FindOperation(std::string_view name);

}  // namespace cloudlet::logs
