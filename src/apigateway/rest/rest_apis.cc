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
    ServeControl(control_, MatchControlRoute, "SerializationException", request, ctx, std::move(respond));
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
