// The API Gateway service on the shared port: recognises its requests
// (signing name "apigateway", execute-api hosts and paths, the control-plane
// paths), and hands each to the HTTP APIs (http_api/) or the REST APIs
// (rest/): /v2/... and execute-api ids that are HTTP APIs to the first,
// v1 control paths and every other execute-api id to the second.
#include <boost/beast/core/string.hpp>

#include "apigateway/apigateway.h"
#include "apigateway/common/gateway_error.h"
#include "apigateway/http_api/http_apis.h"
#include "apigateway/rest/rest_apis.h"
#include "aws/protocol/protocols.h"
#include "aws/sigv4/failure.h"

namespace cloudlet::apigateway {
namespace {

// HTTP APIs take payloads up to 10 MB.
constexpr std::size_t kMaxBodyBytes = 10 * 1024 * 1024;
constexpr std::string_view kHostPattern = "*.execute-api.localhost";
constexpr std::string_view kPathForm = "/_aws/execute-api/";

struct ExecuteApiTarget {
  std::string_view api_id;
  std::string_view rest;  // path after the id, query included; may be empty
};

// Host form "{apiId}.execute-api.localhost[:port]", else path form
// "/_aws/execute-api/{apiId}/...".
std::optional<ExecuteApiTarget> ParseExecuteApi(const http::Request& request) {
  std::string_view host = request[http::Field::host];
  if (!host.empty() && http::Router::HostMatches(kHostPattern, host)) {
    auto dot = host.find('.');
    return ExecuteApiTarget{host.substr(0, dot), request.target()};
  }
  std::string_view target = request.target();
  if (!target.starts_with(kPathForm)) return std::nullopt;
  std::string_view rest = target.substr(kPathForm.size());
  auto end = rest.find_first_of("/?");
  std::string_view id = rest.substr(0, end);
  if (id.empty()) return std::nullopt;
  return ExecuteApiTarget{id, end == std::string_view::npos ? std::string_view{} : rest.substr(end)};
}

http::Response GatewayMessage(unsigned status, std::string_view message) {
  http::Response res = GatewayError(status, message);
  res.prepare_payload();
  return res;
}

class ApiGatewayService final : public aws::Service {
 public:
  ApiGatewayService(storage::KvStore& store, const aws::ServiceEnvironment& env, ApiGatewayOptions options)
      : deps_(std::move(options.deps)),
        http_apis_(http_api::MakeHttpApis(store, env, deps_, options.url_port, metrics_)),
        rest_apis_(rest::MakeRestApis(store, env, deps_, options.url_port, metrics_)) {}

  std::string_view name() const override { return "apigateway"; }

  http::ServiceMatchers matchers() const override {
    http::ServiceMatchers m;
    m.signing_names = {"apigateway"};
    m.host_patterns = {std::string(kHostPattern)};
    m.path_prefixes = {std::string(kPathForm), "/v2/"};
    // v1 control-plane requests are found by their SigV4 scope ("apigateway",
    // which every SDK and the CLI sign with); only the v1 prefixes no other
    // service could own also route unsigned requests. Generic ones (/tags/,
    // /account, /domainnames, ...) are left to the scope: unsigned, they could
    // as well be path-style S3 requests to a bucket of that name.
    for (const char* p : {"/restapis", "/apikeys", "/usageplans"}) m.path_prefixes.emplace_back(p);
    return m;
  }

  std::size_t max_body_bytes() const override { return kMaxBodyBytes; }

  http::Response BodyTooLarge(const http::Request& header, const http::RequestContext& ctx) const override {
    if (ParseExecuteApi(header)) return GatewayMessage(413, "Request Entity Too Large");
    return aws::RestJsonError(ctx, aws::AwsError::Make(413, "BadRequestException", "Request Entity Too Large"));
  }

  // Control-plane requests are signed; data-plane requests only when they
  // reach a route with AWS_IAM authorization.
  bool RequiresSignature(const http::Request& request) const override {
    auto target = ParseExecuteApi(request);
    if (!target) return true;
    return http_apis_->RequiresSignature(target->api_id, target->rest, request) ||
           rest_apis_->RequiresSignature(target->api_id, target->rest, request);
  }

  http::Response AuthFailed(const aws::sigv4::Failure& failure, const http::Request& request,
                            const http::RequestContext& ctx) const override {
    if (ParseExecuteApi(request)) {
      http::Response res = GatewayMessage(403, failure.message);
      res.set("x-amzn-ErrorType", aws::sigv4::JsonServiceErrorCode(failure.kind));
      return res;
    }
    return aws::RestJsonError(ctx, aws::AwsError::Make(403, aws::sigv4::JsonServiceErrorCode(failure.kind),
                                                       failure.message));
  }

  void Handle(http::Request& request, http::RequestContext& ctx, http::Responder respond) override {
    if (auto target = ParseExecuteApi(request)) {
      ctx.operation = "ExecuteApi";
      if (http_apis_->Serve(target->api_id, target->rest, request, ctx, respond)) return;
      if (rest_apis_->Serve(target->api_id, target->rest, request, ctx, respond)) return;
      http::Response res = GatewayMessage(
          404, "The API id '" + std::string(target->api_id) + "' does not correspond to a deployed API Gateway API");
      return respond(std::move(res));
    }
    std::string_view path = request.target();
    path = path.substr(0, path.find('?'));
    if (path.starts_with("/v2/")) return http_apis_->HandleControl(request, ctx, std::move(respond));
    if (rest_apis_->IsControlPath(path)) return rest_apis_->HandleControl(request, ctx, std::move(respond));
    ctx.operation = "Unknown";
    http::Response res = aws::RestJsonError(
        ctx, aws::AwsError::Make(404, "NotFoundException",
                                 "cloudlet's API Gateway does not serve " + std::string(request.method_string()) + " " +
                                     std::string(path)));
    res.prepare_payload();
    respond(std::move(res));
  }

  void AppendMetrics(std::string& out) const { metrics_.AppendPrometheus(out); }

 private:
  GatewayDeps deps_;
  GatewayMetrics metrics_;  // both kinds of API count here; outlives them (declared first)
  std::unique_ptr<http_api::HttpApis> http_apis_;
  std::unique_ptr<rest::RestApis> rest_apis_;
};

}  // namespace

ApiGateway MakeApiGateway(storage::KvStore& store, const aws::ServiceEnvironment& env, ApiGatewayOptions options) {
  auto service = std::make_unique<ApiGatewayService>(store, env, std::move(options));
  ApiGateway out;
  out.append_metrics = [raw = service.get()](std::string& text) { raw->AppendMetrics(text); };
  out.service = std::move(service);
  return out;
}

std::unique_ptr<aws::Service> MakeApiGatewayService(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                                    ApiGatewayOptions options) {
  return MakeApiGateway(store, env, std::move(options)).service;
}

}  // namespace cloudlet::apigateway
