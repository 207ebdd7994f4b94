// JWT verification with keys made here: RS256 signatures through a JWKS, and
// the claim rules of HTTP API JWT authorizers.
#include "apigateway/http_api/jwt.h"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <boost/json.hpp>

#include "apigateway/common/base64.h"
#include "apigateway/http_api/jwks.h"

namespace cloudlet::apigateway::http_api {
namespace {

std::string B64Url(std::string_view bytes) {
  std::string s = Base64Encode(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return s;
}

std::string BigNumParam(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  EVP_PKEY_get_bn_param(key, name, &bn);
  std::string out(BN_num_bytes(bn), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

class JwtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    key_ = EVP_RSA_gen(2048);
    other_ = EVP_RSA_gen(2048);
  }
  static void TearDownTestSuite() {
    EVP_PKEY_free(key_);
    EVP_PKEY_free(other_);
  }

  static std::string Sign(EVP_PKEY* key, std::string_view header, std::string_view claims) {
    std::string input = B64Url(header) + "." + B64Url(claims);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
    size_t len = 0;
    EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::string sig(len, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    EVP_MD_CTX_free(ctx);
    sig.resize(len);
    return input + "." + B64Url(sig);
  }

  static std::string Jwks() {
    return R"({"keys":[{"kty":"RSA","kid":"k1","use":"sig","alg":"RS256","n":")" +
           B64Url(BigNumParam(key_, OSSL_PKEY_PARAM_RSA_N)) + R"(","e":")" +
           B64Url(BigNumParam(key_, OSSL_PKEY_PARAM_RSA_E)) + R"("},{"kty":"EC","kid":"ec"}]})";
  }

  static ClaimRules Rules() { return ClaimRules{"http://issuer", {"aud1", "aud2"}, {}, 1000}; }

  static EVP_PKEY* key_;
  static EVP_PKEY* other_;
};
EVP_PKEY* JwtTest::key_ = nullptr;
EVP_PKEY* JwtTest::other_ = nullptr;

TEST_F(JwtTest, VerifiesRs256AgainstJwks) {
  auto keys = JwksCache::ParseJwks(Jwks());
  ASSERT_EQ(keys.size(), 1u);
  ASSERT_TRUE(keys["k1"]);
  std::string token = Sign(key_, R"({"alg":"RS256","kid":"k1"})", R"({"iss":"http://issuer","aud":"aud1","exp":2000})");
  std::string error;
  auto jwt = ParseJwt("Bearer " + token, &error);
  ASSERT_TRUE(jwt) << error;
  EXPECT_TRUE(VerifyRsaSignature(keys["k1"], "RS256", jwt->signing_input, jwt->signature));
  EXPECT_FALSE(VerifyRsaSignature(keys["k1"], "RS512", jwt->signing_input, jwt->signature));
  EXPECT_FALSE(VerifyRsaSignature(keys["k1"], "HS256", jwt->signing_input, jwt->signature));
  std::string forged = Sign(other_, R"({"alg":"RS256","kid":"k1"})", R"({"iss":"http://issuer","aud":"aud1","exp":2000})");
  auto bad = ParseJwt(forged, &error);
  ASSERT_TRUE(bad);
  EXPECT_FALSE(VerifyRsaSignature(keys["k1"], "RS256", bad->signing_input, bad->signature));
  // A token whose payload was changed after signing.
  auto tampered = *jwt;
  tampered.signing_input.back() ^= 1;
  EXPECT_FALSE(VerifyRsaSignature(keys["k1"], "RS256", tampered.signing_input, tampered.signature));
}

TEST_F(JwtTest, RejectsMalformedTokens) {
  std::string error;
  EXPECT_FALSE(ParseJwt("abc", &error));
  EXPECT_EQ(error, "token contains an invalid number of segments");
  EXPECT_FALSE(ParseJwt("a.b.c.d", &error));
  EXPECT_FALSE(ParseJwt("!!.e30.", &error));
  EXPECT_FALSE(ParseJwt(B64Url("[1]") + ".e30.", &error));
}

TEST_F(JwtTest, ClaimRules) {
  auto check = [](std::string_view claims, ClaimRules rules) -> std::string {
    std::string error;
    auto jwt = ParseJwt(B64Url(R"({"alg":"RS256"})") + "." + B64Url(claims) + ".", &error);
    if (!jwt) return "parse: " + error;
    auto failure = CheckClaims(*jwt, rules);
    return failure ? failure->description : "ok";
  };
  EXPECT_EQ(check(R"({"iss":"http://issuer","aud":"aud2","exp":2000})", Rules()), "ok");
  EXPECT_EQ(check(R"({"iss":"http://issuer","aud":["x","aud1"],"exp":2000})", Rules()), "ok");
  EXPECT_EQ(check(R"({"iss":"http://issuer","client_id":"aud1","exp":2000})", Rules()), "ok");
  EXPECT_EQ(check(R"({"iss":"http://other","aud":"aud1","exp":2000})", Rules()), "the token does not have a valid issuer");
  EXPECT_EQ(check(R"({"iss":"http://issuer","aud":"nope","exp":2000})", Rules()),
            "the token does not have a valid audience");
  EXPECT_EQ(check(R"({"iss":"http://issuer","aud":"aud1","exp":999})", Rules()), "the token has expired");
  EXPECT_EQ(check(R"({"iss":"http://issuer","aud":"aud1"})", Rules()), "the token has no valid expiry (exp)");
  EXPECT_EQ(check(R"({"iss":"http://issuer","aud":"aud1","exp":2000,"nbf":1500})", Rules()), "the token is not valid yet");
  EXPECT_EQ(check(R"({"iss":"http://issuer","aud":"aud1","exp":2000,"iat":1001})", Rules()),
            "the token was issued in the future");
  ClaimRules scoped = Rules();
  scoped.scopes = {"write", "admin"};
  EXPECT_EQ(check(R"({"iss":"http://issuer","aud":"aud1","exp":2000,"scope":"read write"})", scoped), "ok");
  EXPECT_EQ(check(R"({"iss":"http://issuer","aud":"aud1","exp":2000,"scp":["admin"]})", scoped), "ok");
  EXPECT_EQ(check(R"({"iss":"http://issuer","aud":"aud1","exp":2000,"scope":"read"})", scoped),
            "the token does not have the required scopes");
}

TEST_F(JwtTest, ClaimsBecomeStrings) {
  std::string error;
  auto jwt = ParseJwt(B64Url("{}") + "." + B64Url(R"({"sub":"u","exp":5,"groups":["a","b"],"ok":true})") + ".", &error);
  ASSERT_TRUE(jwt);
  EXPECT_EQ(boost::json::parse(ClaimsAsStrings(*jwt)),
            boost::json::parse(R"({"sub":"u","exp":"5","groups":"[a b]","ok":"true"})"));
  EXPECT_EQ(WwwAuthenticate("", "invalid_token", "the token does not have a valid audience"),
            R"(Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience")");
}

}  // namespace
}  // namespace cloudlet::apigateway::http_api
