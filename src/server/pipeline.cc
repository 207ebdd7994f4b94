#include "server/pipeline.h"

#include "aws/protocol/protocols.h"

namespace cloudlet::server {

Pipeline::Pipeline(PipelineOptions options, Metrics& metrics, Authenticator authenticator)
    : options_(std::move(options)), metrics_(metrics), authenticator_(std::move(authenticator)) {}

void Pipeline::AddService(aws::Service& service) {
  int index = router_.Add(service.matchers());
  if (static_cast<std::size_t>(index) != services_.size()) std::abort();
  services_.push_back(&service);
}

std::size_t Pipeline::OnHeaders(const http::Request& header, http::RequestContext& ctx) {
  metrics_.RequestStarted();
  auto decision = router_.Route(header);
  ctx.route = decision.service;
  ctx.region = decision.scope && !decision.scope->region.empty() ? decision.scope->region : options_.default_region;
  ctx.account_id = options_.account_id;
  if (ctx.route < 0) {
    ctx.service = "unknown";
    return options_.unrouted_body_limit;
  }
  auto* service = services_[ctx.route];
  ctx.service = service->name();
  return service->max_body_bytes();
}

http::Response Pipeline::OnBodyTooLarge(const http::Request& header, http::RequestContext& ctx) {
  if (ctx.route < 0) {
    http::Response res{http::beast_http::status::payload_too_large, 11};
    res.set(http::Field::content_type, "application/json");
    res.body() = R"({"__type":"RequestEntityTooLarge","message":"Request body too large"})";
    return res;
  }
  return services_[ctx.route]->BodyTooLarge(header, ctx);
}

void Pipeline::OnRequest(http::Request& request, http::RequestContext& ctx, http::Responder respond) {
  if (ctx.route < 0 && !request.body().empty()) {
    if ((ctx.route = router_.RouteByFormBody(request.body())) >= 0) ctx.service = services_[ctx.route]->name();
  }
  if (ctx.route < 0) return respond(Unrecognised(request, ctx));
  auto* service = services_[ctx.route];
  if (authenticator_ && service->RequiresSignature(request)) {
    if (auto failure = authenticator_(request, service->UsesS3Paths(), ctx)) {
      return respond(service->AuthFailed(*failure, request, ctx));
    }
  }
  service->Handle(request, ctx, std::move(respond));
}

void Pipeline::OnComplete(const http::RequestContext& ctx, const http::Response& response) {
  auto latency = std::chrono::steady_clock::now() - ctx.started;
  int status = static_cast<int>(response.result_int());
  // An empty service: the edge refused the header block (400, 431) before OnHeaders.
  if (!ctx.service.empty()) metrics_.RequestEnded();
  metrics_.RequestFinished(ctx.service, ctx.operation, status, latency);
  if (options_.access_log) options_.access_log->Record(ctx, status, latency);
}

http::Response Pipeline::Unrecognised(const http::Request& request, const http::RequestContext& ctx) const {
  std::optional<http::ScopeHint> scope = http::Router::FindScope(request);
  aws::AwsError error = aws::AwsError::Make(400, "UnrecognizedServiceException",
                                            http::Router::DescribeUnrouted(request, scope));
  return aws::JsonRpcError(ctx, error, aws::JsonRpcStyle{.content_type = "application/json"});
}

}  // namespace cloudlet::server
