#include "apigateway/http_api/http_apis.h"

#include <boost/json.hpp>

#include "apigateway/http_api/control_plane.h"
#include "apigateway/http_api/data_plane.h"
#include "aws/protocol/protocols.h"

namespace cloudlet::apigateway::http_api {
namespace {

class HttpApisImpl final : public HttpApis {
 public:
  HttpApisImpl(storage::KvStore& store, const aws::ServiceEnvironment& env, const GatewayDeps& deps,
               std::string url_port, GatewayMetrics& metrics)
      : store_(store),
        data_(store_, env, deps, metrics),
        control_(store, env, std::move(url_port),
                 ControlHooks{.changed = [this](std::string_view api_id) { data_.Invalidate(api_id); },
                              .reset_authorizer_cache =
                                  [this](std::string_view api_id) { data_.ResetAuthorizerCache(api_id); }}) {}

  void HandleControl(http::Request& request, http::RequestContext& ctx, http::Responder respond) override {
    ServeControl(control_, MatchControlRoute, "BadRequestException", request, ctx, std::move(respond));
  }

  bool Serve(std::string_view api_id, std::string_view rest, http::Request& request, http::RequestContext& ctx,
             http::Responder respond) override {
    return data_.Serve(api_id, rest, request, ctx, std::move(respond));
  }

  bool RequiresSignature(std::string_view api_id, std::string_view rest, const http::Request& request) override {
    return data_.RequiresSignature(api_id, rest, request);
  }

 private:
  ApiStore store_;
  DataPlane data_;
  ControlPlane control_;
};

}  // namespace

std::unique_ptr<HttpApis> MakeHttpApis(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                       const GatewayDeps& deps, std::string url_port, GatewayMetrics& metrics) {
  return std::make_unique<HttpApisImpl>(store, env, deps, std::move(url_port), metrics);
}

}  // namespace cloudlet::apigateway::http_api
