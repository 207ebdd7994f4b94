// SCAFFOLD: replaced by the REST API implementation.
#include "apigateway/rest/rest_apis.h"

namespace cloudlet::apigateway::rest {
namespace {

class NoRestApis final : public RestApis {
 public:
  bool IsControlPath(std::string_view) const override { return false; }
  void HandleControl(http::Request&, http::RequestContext&, http::Responder) override {}
  bool Serve(std::string_view, std::string_view, http::Request&, http::RequestContext&, http::Responder) override {
    return false;
  }
};

}  // namespace

std::unique_ptr<RestApis> MakeRestApis(storage::KvStore&, const aws::ServiceEnvironment&, const GatewayDeps&,
                                       std::string) {
  return std::make_unique<NoRestApis>();
}

}  // namespace cloudlet::apigateway::rest
