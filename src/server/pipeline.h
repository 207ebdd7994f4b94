// The request path above the edge: route -> authenticate -> service -> log.
// Implements the edge's RequestHandler over the registered services.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "aws/service.h"
#include "http/handler.h"
#include "http/router.h"
#include "server/access_log.h"
#include "server/metrics.h"

namespace cloudlet::server {

// Verifies a request's signature; nullopt means authenticated. Fills
// ctx.access_key on success.
using Authenticator =
    std::function<std::optional<aws::sigv4::Failure>(const http::Request&, bool s3_paths, http::RequestContext&)>;

struct PipelineOptions {
  std::string default_region = "us-east-1";
  std::string account_id = "000000000000";
  std::size_t unrouted_body_limit = 1 << 20;  // bodies read before the service is known
  AccessLog* access_log = nullptr;  // null: no access lines (--log-level above info)
};

class Pipeline final : public http::RequestHandler {
 public:
  Pipeline(PipelineOptions options, Metrics& metrics, Authenticator authenticator /* empty: --auth off */);

  // Registers a service; its matchers join the router. Call before serving.
  void AddService(aws::Service& service);
  const std::vector<aws::Service*>& services() const { return services_; }

  std::size_t OnHeaders(const http::Request& header, http::RequestContext& ctx) override;
  http::Response OnBodyTooLarge(const http::Request& header, http::RequestContext& ctx) override;
  void OnRequest(http::Request& request, http::RequestContext& ctx, http::Responder respond) override;
  void OnComplete(const http::RequestContext& ctx, const http::Response& response) override;

 private:
  http::Response Unrecognised(const http::Request& request, const http::RequestContext& ctx) const;

  PipelineOptions options_;
  Metrics& metrics_;
  Authenticator authenticator_;
  http::Router router_;
  std::vector<aws::Service*> services_;
};

}  // namespace cloudlet::server
