#include "apigateway/http_api/jwt.h"

#include <boost/json.hpp>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <cmath>

#include "apigateway/common/base64.h"
#include "apigateway/common/json_writer.h"

namespace cloudlet::apigateway::http_api {
namespace json = boost::json;
namespace {

std::optional<int64_t> NumericClaim(const json::object& claims, std::string_view key, bool* present) {
  const json::value* v = claims.if_contains(key);
  *present = v != nullptr;
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<int64_t>(std::floor(v->as_double()));
  return std::nullopt;
}

bool OneOf(std::string_view value, const std::vector<std::string>& list) {
  for (const auto& item : list)
    if (item == value) return true;
  return false;
}

void SplitSpaces(std::string_view text, std::vector<std::string>& out) {
  while (!text.empty()) {
    auto sp = text.find(' ');
    if (sp != 0) out.emplace_back(text.substr(0, sp));
    if (sp == std::string_view::npos) break;
    text.remove_prefix(sp + 1);
  }
}

}  // namespace

std::optional<Jwt> ParseJwt(std::string_view token, std::string* error) {
  if (token.size() > 7 && (token.substr(0, 7) == "Bearer " || token.substr(0, 7) == "bearer ")) token.remove_prefix(7);
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    *error = "token contains an invalid number of segments";
    return std::nullopt;
  }
  auto header = Base64UrlDecode(token.substr(0, first));
  auto payload = Base64UrlDecode(token.substr(first + 1, second - first - 1));
  auto signature = Base64UrlDecode(token.substr(second + 1));
  if (!header || !payload || !signature) {
    *error = "the token is not valid base64url";
    return std::nullopt;
  }
  boost::system::error_code ec;
  json::value h = json::parse(*header, ec);
  if (ec || !h.is_object()) {
    *error = "the token's header is not a JSON object";
    return std::nullopt;
  }
  json::value p = json::parse(*payload, ec);
  if (ec || !p.is_object()) {
    *error = "the token's payload is not a JSON object";
    return std::nullopt;
  }
  return Jwt{std::move(h.as_object()), std::move(p.as_object()), std::string(token.substr(0, second)),
             std::move(*signature)};
}

RsaPublicKey RsaKeyFromJwk(std::string_view n_text, std::string_view e_text) {
  auto n = Base64UrlDecode(n_text), e = Base64UrlDecode(e_text);
  if (!n || !e || n->empty() || e->empty()) return nullptr;
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  EVP_PKEY* key = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  if (bn_n && bn_e && bld && ctx && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) && (params = OSSL_PARAM_BLD_to_param(bld)) &&
      EVP_PKEY_fromdata_init(ctx) > 0) {
    if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0) key = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_n);
  BN_free(bn_e);
  return key ? RsaPublicKey(key, EVP_PKEY_free) : nullptr;
}

bool VerifyRsaSignature(const RsaPublicKey& key, std::string_view alg, std::string_view input,
                        std::string_view signature) {
  const EVP_MD* md = alg == "RS256" ? EVP_sha256() : alg == "RS384" ? EVP_sha384() : alg == "RS512" ? EVP_sha512() : nullptr;
  if (!md || !key) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, key.get()) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                             reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

std::vector<std::string> TokenScopes(const Jwt& jwt) {
  std::vector<std::string> out;
  for (std::string_view key : {"scope", "scp"}) {
    const json::value* v = jwt.claims.if_contains(key);
    if (!v) continue;
    if (v->is_string()) SplitSpaces(v->as_string(), out);
    else if (v->is_array())
      for (const auto& item : v->as_array())
        if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

std::optional<ClaimFailure> CheckClaims(const Jwt& jwt, const ClaimRules& rules) {
  const json::object& c = jwt.claims;
  const json::value* iss = c.if_contains("iss");
  if (!iss || !iss->is_string() || iss->as_string() != rules.issuer)
    return ClaimFailure{false, "the token does not have a valid issuer"};
  bool audience_ok = false;
  if (const json::value* aud = c.if_contains("aud")) {
    if (aud->is_string()) audience_ok = OneOf(aud->as_string(), rules.audiences);
    else if (aud->is_array())
      for (const auto& a : aud->as_array()) audience_ok = audience_ok || (a.is_string() && OneOf(a.as_string(), rules.audiences));
  } else if (const json::value* client = c.if_contains("client_id"); client && client->is_string()) {
    audience_ok = OneOf(client->as_string(), rules.audiences);
  }
  if (!audience_ok) return ClaimFailure{false, "the token does not have a valid audience"};
  bool present = false;
  auto exp = NumericClaim(c, "exp", &present);
  if (!exp) return ClaimFailure{false, "the token has no valid expiry (exp)"};
  if (*exp <= rules.now_seconds) return ClaimFailure{false, "the token has expired"};
  auto nbf = NumericClaim(c, "nbf", &present);
  if (present && (!nbf || *nbf > rules.now_seconds)) return ClaimFailure{false, "the token is not valid yet"};
  auto iat = NumericClaim(c, "iat", &present);
  if (present && (!iat || *iat > rules.now_seconds)) return ClaimFailure{false, "the token was issued in the future"};
  if (!rules.scopes.empty()) {
    bool found = false;
    for (const auto& s : TokenScopes(jwt)) found = found || OneOf(s, rules.scopes);
    if (!found) return ClaimFailure{true, "the token does not have the required scopes"};
  }
  return std::nullopt;
}

std::string ClaimsAsStrings(const Jwt& jwt) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  std::string text;
  for (const auto& [k, v] : jwt.claims) {
    if (v.is_string()) {
      w.Member(k, v.as_string());
    } else if (v.is_array()) {
      text = "[";
      bool first = true;
      for (const auto& item : v.as_array()) {
        if (!first) text += ' ';
        first = false;
        if (item.is_string()) text.append(item.as_string());
        else text.append(json::serialize(item));
      }
      text += ']';
      w.Member(k, text);
    } else {
      w.Member(k, json::serialize(v));
    }
  }
  w.EndObject();
  return out;
}

std::string WwwAuthenticate(std::string_view scopes, std::string_view error, std::string_view description) {
  std::string out = "Bearer scope=\"";
  out += scopes;
  out += "\" error=\"";
  out += error;
  out += "\" error_description=\"";
  out += description;
  out += '"';
  return out;
}

}  // namespace cloudlet::apigateway::http_api
