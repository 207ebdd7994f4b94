#include "server/admin_service.h"

#include <fmt/format.h>

#include <cstdlib>
#include <thread>

#include "aws/protocol/protocols.h"

namespace cloudlet::server {

AdminService::AdminService(const Metrics& metrics, const std::vector<aws::Service*>& services,
                           std::function<void(std::string&)> append_storage_metrics)
    : metrics_(metrics), services_(services), append_storage_metrics_(std::move(append_storage_metrics)) {}

http::ServiceMatchers AdminService::matchers() const {
  http::ServiceMatchers m;
  m.path_prefixes = {"/_cloudlet/"};
  return m;
}

http::Response AdminService::BodyTooLarge(const http::Request&, const http::RequestContext& ctx) const {
  return aws::RestJsonError(ctx, aws::AwsError::Make(413, "RequestEntityTooLarge", "Request body too large"));
}

http::Response AdminService::AuthFailed(const aws::sigv4::Failure& failure, const http::Request&,
                                        const http::RequestContext& ctx) const {
  return aws::RestJsonError(ctx, aws::AwsError::Make(403, "AccessDenied", failure.message));
}

void AdminService::Handle(http::Request& request, http::RequestContext& ctx, http::Responder respond) {
  std::string_view path = request.target();
  path = path.substr(0, path.find('?'));
  if (path == "/_cloudlet/health") {
    ctx.operation = "Health";
    double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::string body = fmt::format(R"({{"status":"running","version":"{}","uptime_seconds":{:.3f},"services":{{)",
                                   CLOUDLET_VERSION, uptime);
    bool first = true;
    for (auto* s : services_) {
      if (s == this) continue;
      fmt::format_to(std::back_inserter(body), R"({}"{}":"{}")", first ? "" : ",", s->name(), s->state());
      first = false;
    }
    body += "}}";
    return respond(aws::RestJsonSuccess(ctx, 200, std::move(body)));
  }
  if (path == "/_cloudlet/metrics") {
    ctx.operation = "Metrics";
    http::Response res{http::beast_http::status::ok, 11};
    res.set(http::Field::content_type, "text/plain; version=0.0.4");
    res.set("x-amzn-RequestId", ctx.request_id);
    metrics_.AppendPrometheus(res.body());
    if (append_storage_metrics_) append_storage_metrics_(res.body());
    return respond(std::move(res));
  }
  if (path == "/_cloudlet/debug/sleep" && std::getenv("CLOUDLET_DEBUG_ENDPOINTS")) {
    // Test hook (off unless CLOUDLET_DEBUG_ENDPOINTS is set): answers from another
    // thread after ?ms=N, so tests can hold a request in flight across a shutdown.
    ctx.operation = "DebugSleep";
    std::string_view target = request.target();
    auto q = target.find('?');
    auto ms = http::FormParameter(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1), "ms");
    int delay = ms ? std::atoi(ms->c_str()) : 0;
    std::thread([respond, delay, ctx_copy = ctx]() mutable {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      respond(aws::RestJsonSuccess(ctx_copy, 200, "{\"slept_ms\":" + std::to_string(delay) + "}"));
    }).detach();
    return;
  }
  ctx.operation = "NotFound";
  respond(aws::RestJsonError(ctx, aws::AwsError::Make(404, "NotFound",
                                                      fmt::format("no cloudlet endpoint at {}", path))));
}

}  // namespace cloudlet::server
