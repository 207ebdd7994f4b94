// The Runtime API (version 2018-06-01) of one execution environment, served
// on its own 127.0.0.1:<port> so that AWS_LAMBDA_RUNTIME_API is a plain
// host:port and any runtime client (cloudlet's, AWS's, a shell loop) works.
//
//   GET  /2018-06-01/runtime/invocation/next          long poll -> 200 event
//   POST /2018-06-01/runtime/invocation/{id}/response -> 202 | 400 | 413
//   POST /2018-06-01/runtime/invocation/{id}/error    -> 202 | 400
//   POST /2018-06-01/runtime/init/error               -> 202 | 403
//   GET  /2018-06-01/ping                             -> 200
//
// One invocation at a time (classic Lambda). Everything runs on the
// io_context given to Start (one thread for every environment); Deliver and
// Close may be called from any thread, events are raised on the io thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "aws/error.h"

namespace cloudlet::lambda {

struct RuntimeInvocation {
  std::string request_id;
  std::string payload;
  int64_t deadline_ms = 0;          // Unix epoch milliseconds
  std::string function_arn;
  std::string trace_id;
  std::string client_context;       // JSON (already base64-decoded); header only when set
  std::string cognito_identity;     // JSON; header only when set
};

struct RuntimeApiEvents {
  std::function<void()> on_first_next;  // init finished: the runtime asked for work
  std::function<void(const std::string& request_id, std::string body)> on_response;
  std::function<void(const std::string& request_id, std::string error_type, std::string body)> on_error;
  std::function<void(std::string error_type, std::string body)> on_init_error;
};

// RIE's buffered response cap (interop/model.go).
inline constexpr std::size_t kMaxRuntimeResponseBytes = 6 * 1024 * 1024 + 100;

class RuntimeApi {
 public:
  virtual ~RuntimeApi() = default;
  virtual uint16_t port() const = 0;
  // Queues the invocation for the runtime's next /next (or answers a waiting one).
  virtual void Deliver(RuntimeInvocation invocation) = 0;
  // Closes the listener and every connection; no more events are raised.
  virtual void Close() = 0;
};

// Listens on 127.0.0.1 with a kernel-chosen port.
aws::Result<std::shared_ptr<RuntimeApi>> StartRuntimeApi(boost::asio::io_context& io,
                                                         RuntimeApiEvents events);

}  // namespace cloudlet::lambda
