// cloudlet's own endpoints under /_cloudlet/: health and Prometheus metrics.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "aws/service.h"
#include "server/metrics.h"

namespace cloudlet::server {

class AdminService final : public aws::Service {
 public:
  // `services` is read at each health request (the admin service itself included);
  // `append_storage_metrics` adds the store's figures to /_cloudlet/metrics.
  AdminService(const Metrics& metrics, const std::vector<aws::Service*>& services,
               std::function<void(std::string&)> append_storage_metrics);

  std::string_view name() const override { return "_cloudlet"; }
  http::ServiceMatchers matchers() const override;
  std::size_t max_body_bytes() const override { return 64 * 1024; }
  http::Response BodyTooLarge(const http::Request&, const http::RequestContext& ctx) const override;
  bool RequiresSignature(const http::Request&) const override { return false; }
  http::Response AuthFailed(const aws::sigv4::Failure& failure, const http::Request&,
                            const http::RequestContext& ctx) const override;
  void Handle(http::Request& request, http::RequestContext& ctx, http::Responder respond) override;

 private:
  const Metrics& metrics_;
  const std::vector<aws::Service*>& services_;
  std::function<void(std::string&)> append_storage_metrics_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace cloudlet::server
