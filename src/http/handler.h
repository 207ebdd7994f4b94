// The contract between the edge server and whatever sits above it. The edge
// parses HTTP and enforces limits; it does not know what a service is. It asks
// its RequestHandler, in the order a request arrives:
//   OnHeaders   header block parsed: how large may the body be?
//   OnRequest   complete request: answer it (now or later) through Responder
//   OnComplete  response written: log it, count it
#pragma once

#include <cstddef>
#include <memory>

#include "http/message.h"
#include "http/request_context.h"

namespace cloudlet::http {

// Where a response goes: the client connection, or a test's capture.
class ResponseSink {
 public:
  virtual ~ResponseSink() = default;
  virtual void Respond(Response&& response) = 0;
};

// Completes one request exactly once, from any thread. Cheap to copy.
class Responder {
 public:
  explicit Responder(std::shared_ptr<ResponseSink> sink) : sink_(std::move(sink)) {}
  void operator()(Response&& response) const { sink_->Respond(std::move(response)); }

 private:
  std::shared_ptr<ResponseSink> sink_;
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;

  // Decides the body limit from the header block alone (the edge reads no
  // body byte before it knows). May fill ctx.service.
  virtual std::size_t OnHeaders(const Request& header, RequestContext& ctx) = 0;

  // The answer when the body (declared or received) exceeds the limit that
  // OnHeaders gave: the target service's own error. The connection closes after.
  virtual Response OnBodyTooLarge(const Request& header, RequestContext& ctx) = 0;

  // Handles a complete request. `request` and `ctx` stay valid until `respond`
  // has been called.
  virtual void OnRequest(Request& request, RequestContext& ctx, Responder respond) = 0;

  // Called once per response handed to the socket (or whose write failed),
  // including the edge's own refusals (400, 431; OnHeaders not called for
  // those), and once with status 499 for a request whose client left before a
  // response could be written. Every OnHeaders is matched by one OnComplete.
  virtual void OnComplete(const RequestContext& ctx, const Response& response) = 0;
};

}  // namespace cloudlet::http
