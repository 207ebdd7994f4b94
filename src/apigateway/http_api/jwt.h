// JSON Web Tokens as HTTP APIs' JWT authorizers check them (APIGW guide
// "http-api-jwt-authorizer"): three base64url parts "header.payload.signature",
// RSA signatures only (RS256, RS384, RS512, verified with OpenSSL against a
// key of the issuer's JWKS named by the header's "kid"), then the claims:
// iss equals the issuer; aud, or else client_id, is one of the audiences;
// exp is in the future; nbf and iat are not; when the route lists
// authorization scopes, "scope" (space separated) or "scp" holds one of them.
#pragma once

#include <boost/json/object.hpp>
#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlet::apigateway::http_api {

struct Jwt {
  boost::json::object header;
  boost::json::object claims;
  std::string signing_input;  // "<header>.<payload>" as received
  std::string signature;      // decoded
};

// The token after an optional "Bearer " prefix; nullopt with `error` set
// when it is not a JWT.
std::optional<Jwt> ParseJwt(std::string_view token, std::string* error);

using RsaPublicKey = std::shared_ptr<EVP_PKEY>;
// From a JWK's base64url "n" and "e"; null when they are not an RSA key.
RsaPublicKey RsaKeyFromJwk(std::string_view n, std::string_view e);
// Whether `signature` signs `input` under `key` with `alg` (RS256/384/512).
bool VerifyRsaSignature(const RsaPublicKey& key, std::string_view alg, std::string_view input,
                        std::string_view signature);

struct ClaimRules {
  std::string issuer;
  std::vector<std::string> audiences;
  std::vector<std::string> scopes;  // the route's AuthorizationScopes; empty: any
  int64_t now_seconds = 0;
};

struct ClaimFailure {
  bool insufficient_scope = false;  // 403 rather than 401
  std::string description;          // error_description of www-authenticate
};
std::optional<ClaimFailure> CheckClaims(const Jwt& jwt, const ClaimRules& rules);

// The token's scopes ("scope" or "scp").
std::vector<std::string> TokenScopes(const Jwt& jwt);

// requestContext.authorizer.jwt.claims: every claim as a string (arrays as
// "[a b]", numbers and booleans as their JSON text).
std::string ClaimsAsStrings(const Jwt& jwt);

// www-authenticate: Bearer scope="..." error="invalid_token" error_description="..."
std::string WwwAuthenticate(std::string_view scopes, std::string_view error, std::string_view description);

}  // namespace cloudlet::apigateway::http_api
