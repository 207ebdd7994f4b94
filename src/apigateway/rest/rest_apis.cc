#include "apigateway/rest/rest_apis.h"

#include <boost/json.hpp>

#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/data_plane.h"
#include "aws/protocol/protocols.h"

namespace cloudlet::apigateway::rest {
namespace {

// The first segments of the v1 control plane's paths (botocore apigateway 2015-07-09).
constexpr std::string_view kControlPrefixes[] = {
    "/restapis", "/apikeys", "/usageplans", "/account", "/tags/", "/domainnames", "/clientcertificates",
    "/vpclinks", "/sdktypes", "/domainnameaccessassociations", "/rejectdomainnameaccessassociations"};

http::Response RenderError(const http::RequestContext& ctx, const aws::AwsError& error) {
  http::Response res = aws::RestJsonError(ctx, error, error.extra_json);
  res.prepare_payload();
  return res;
}

class RestApisImpl final : public RestApis {
 public:
  RestApisImpl(storage::KvStore& store, const aws::ServiceEnvironment& env, const GatewayDeps& deps,
               std::string url_port, GatewayMetrics& metrics)
      : store_(store),
        data_(store_, env, deps, metrics),
        control_(store, env, std::move(url_port),
                 ControlHooks{.api_changed = [this](std::string_view api_id) { data_.ApiChanged(api_id); },
                              .keys_changed = [this] { data_.KeysChanged(); },
                              .reset_authorizer_cache =
                                  [this](std::string_view api_id) { data_.ResetAuthorizerCache(api_id); }}) {}

  bool IsControlPath(std::string_view path) const override {
    for (std::string_view p : kControlPrefixes) {
      if (!path.starts_with(p)) continue;
      if (p.back() == '/' || path.size() == p.size() || path[p.size()] == '/') return true;
    }
    return false;
  }

  void HandleControl(http::Request& request, http::RequestContext& ctx, http::Responder respond) override {
    std::string_view target = request.target();
    auto q = target.find('?');
    std::string_view path = target.substr(0, q);
    auto route = MatchControlRoute(request.method(), path);
    if (!route) {
      ctx.operation = "Unknown";
      return respond(RenderError(
          ctx, aws::AwsError::Make(404, "NotFoundException",
                                   "cloudlet does not support " + std::string(request.method_string()) + " " +
                                       std::string(path) + " yet")));
    }
    ctx.operation = route->name;
    boost::json::object body;
    if (!request.body().empty()) {
      boost::system::error_code ec;
      boost::json::value v = boost::json::parse(request.body(), ec);
      if (ec || !v.is_object())
        return respond(RenderError(ctx, aws::AwsError::Make(400, "SerializationException",
                                                            "The request body is not a JSON object")));
      body = std::move(v.as_object());
    }
    ControlRequest req{request,
                       *route,
                       ctx.region.empty() ? control_.env().region : ctx.region,
                       ctx.account_id.empty() ? control_.env().account_id : ctx.account_id,
                       std::move(body),
                       q == std::string_view::npos ? std::string_view{} : target.substr(q + 1)};
    auto reply = control_.Dispatch(req);
    if (!reply.ok()) return respond(RenderError(ctx, reply.error()));
    http::Response res = aws::RestJsonSuccess(ctx, reply->status, std::move(reply->body));
    if (reply->status == 202 || reply->status == 204) res.erase(http::Field::content_type);
    res.prepare_payload();
    respond(std::move(res));
  }

  bool Serve(std::string_view api_id, std::string_view rest, http::Request& request, http::RequestContext& ctx,
             http::Responder respond) override {
    return data_.Serve(api_id, rest, request, ctx, std::move(respond));
  }

  bool RequiresSignature(std::string_view api_id, std::string_view rest, const http::Request& request) override {
    return data_.RequiresSignature(api_id, rest, request);
  }

 private:
  RestStore store_;
  DataPlane data_;
  ControlPlane control_;
};

}  // namespace

std::unique_ptr<RestApis> MakeRestApis(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                       const GatewayDeps& deps, std::string url_port, GatewayMetrics& metrics) {
  return std::make_unique<RestApisImpl>(store, env, deps, std::move(url_port), metrics);
}

}  // namespace cloudlet::apigateway::rest
