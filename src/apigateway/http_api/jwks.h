// The signing keys of JWT issuers: {issuer}/.well-known/openid-configuration
// names the jwks_uri, whose RSA keys (by "kid") are kept for ten minutes.
// A kid the cached set lacks refetches it, at most once every ten seconds
// per issuer; requests that arrive while a fetch runs wait for it. Each
// fetch has AWS's 1,500 ms limit; the JWKS may be at most 150,000 bytes.
// http:// issuers are allowed (local identity providers).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "apigateway/common/outbound_http.h"
#include "apigateway/http_api/jwt.h"
#include "aws/error.h"

namespace cloudlet::apigateway::http_api {

class JwksCache {
 public:
  explicit JwksCache(OutboundHttp& http) : http_(http) {}

  // The key `kid` of `issuer`: `done` runs once, now or on the HTTP
  // client's thread, with the key or a description of what failed.
  void FindKey(std::string_view issuer, std::string_view kid,
               std::function<void(RsaPublicKey key, std::string error)> done);

  // Parses a JWKS document into kid → key (RSA keys only); for tests.
  static std::map<std::string, RsaPublicKey> ParseJwks(std::string_view json_text);

 private:
  using Clock = std::chrono::steady_clock;
  struct Waiter {
    std::string kid;
    std::function<void(RsaPublicKey, std::string)> done;
  };
  struct Issuer {
    std::map<std::string, RsaPublicKey> keys;
    Clock::time_point fetched_at{};
    Clock::time_point attempted_at{};
    bool fetching = false;
    std::vector<Waiter> waiting;
  };

  void Fetch(const std::string& issuer);
  void Finished(const std::string& issuer, std::map<std::string, RsaPublicKey> keys, std::string error);

  OutboundHttp& http_;
  std::mutex mu_;
  std::map<std::string, Issuer, std::less<>> issuers_;
};

}  // namespace cloudlet::apigateway::http_api
