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
//
// The HTTP/1.1 server is cloudlet's own, small and on the hot path of every
// invoke: keep-alive, pipelining (a runtime may send its /response and its
// next /next in one write; the 202 then travels with the next event, one
// write and one wake-up of the runtime per invoke), Content-Length and
// chunked bodies, and `Expect: 100-continue` (curl sends it for bodies over
// 1 KB and would otherwise wait a second).
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

// ---- the request parser (exposed for its unit tests) ----

// One request as the Runtime API needs it.
struct RuntimeHttpRequest {
  std::string method;
  std::string target;
  std::string function_error_type;  // Lambda-Runtime-Function-Error-Type
  std::string body;                 // chunked bodies arrive decoded
  bool keep_alive = true;           // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with keep-alive
  bool expect_continue = false;     // "Expect: 100-continue"
};

struct RuntimeHttpParse {
  enum Kind {
    kIncomplete,  // more bytes needed; `head_bytes` > 0 once the head is complete
    kComplete,    // `request` filled; `consumed` bytes of input used
    kBad,         // not HTTP/1.x as this parser takes it: answer 400 and close
    kTooLarge,    // head over 64 KiB or body over the limit: close
  };
  Kind kind = kIncomplete;
  std::size_t consumed = 0;
  std::size_t head_bytes = 0;
  std::size_t needed = 0;  // with kIncomplete and Content-Length: total bytes the request needs
};

// Parses the first request in `input`:
//
//   request      = request-line *( field-line CRLF ) CRLF [ message-body ]
//   request-line = method SP request-target SP ( "HTTP/1.1" / "HTTP/1.0" ) CRLF
//   field-line   = field-name ":" OWS field-value OWS
//   message-body = <Content-Length> OCTETs
//                / *( chunk-size [ chunk-ext ] CRLF chunk-data CRLF )
//                  "0" [ chunk-ext ] CRLF *( field-line CRLF ) CRLF
//
// e.g. "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n",
//      "POST /2018-06-01/runtime/invocation/1/response HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}".
// Header names are case-insensitive; only the fields above are kept.
RuntimeHttpParse ParseRuntimeHttpRequest(std::string_view input, std::size_t body_limit, RuntimeHttpRequest& out);

}  // namespace cloudlet::lambda
