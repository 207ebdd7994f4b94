#include "server/authenticator.h"

#include <chrono>

#include "aws/sigv4/verifier.h"

namespace cloudlet::server {

Authenticator MakeSigV4Authenticator(const aws::sigv4::CredentialsStore& credentials) {
  return [&credentials](const http::Request& request, bool s3_paths,
                        http::RequestContext& ctx) -> std::optional<aws::sigv4::Failure> {
    aws::sigv4::SignedRequest signed_request;
    signed_request.method = request.method_string();
    signed_request.target = request.target();
    signed_request.body = request.body();
    signed_request.headers.reserve(16);
    for (const auto& field : request) signed_request.headers.push_back({field.name_string(), field.value()});
    auto verdict = aws::sigv4::Verify(signed_request, credentials, std::chrono::system_clock::now(),
                                      {.s3_paths = s3_paths});
    if (auto* failure = std::get_if<aws::sigv4::Failure>(&verdict)) return std::move(*failure);
    auto& identity = std::get<aws::sigv4::Identity>(verdict);
    ctx.access_key = std::move(identity.access_key);
    if (!identity.region.empty()) ctx.region = std::move(identity.region);
    return std::nullopt;
  };
}

}  // namespace cloudlet::server
