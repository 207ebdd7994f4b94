// What a service gives the server so it can be reached on the shared port:
// how to recognise its requests, how large they may be, how it says "too
// large" and "bad signature" in its own protocol, and the handler itself.
// Adding a service means implementing this and registering it; the router
// and the edge do not change.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "aws/error.h"
#include "aws/sigv4/failure.h"
#include "http/handler.h"
#include "http/router.h"

namespace cloudlet::aws {

// What the server knows of the deployment, shared by every service.
struct ServiceEnvironment {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
};

class Service {
 public:
  virtual ~Service() = default;

  // Short name used in logs, metrics and the health report: "dynamodb".
  virtual std::string_view name() const = 0;
  virtual http::ServiceMatchers matchers() const = 0;

  // Largest request body the service accepts, and its answer beyond that.
  virtual std::size_t max_body_bytes() const = 0;
  virtual http::Response BodyTooLarge(const http::Request& header, const http::RequestContext& ctx) const = 0;

  // With --auth sigv4: whether this request must be signed (function URLs
  // with auth NONE, Cognito's unsigned operations and health probes need not),
  // whether paths are verified S3-style, and the answer to a failure.
  virtual bool RequiresSignature(const http::Request& request) const { return true; }
  virtual bool UsesS3Paths() const { return false; }
  virtual http::Response AuthFailed(const sigv4::Failure& failure, const http::Request& request,
                                    const http::RequestContext& ctx) const = 0;

  // Answers one request, now or later, through `respond` (exactly once).
  // Sets ctx.operation as soon as it knows it.
  virtual void Handle(http::Request& request, http::RequestContext& ctx, http::Responder respond) = 0;

  // One word for the health report: "running", "starting", "degraded".
  virtual std::string_view state() const { return "running"; }
};

}  // namespace cloudlet::aws
