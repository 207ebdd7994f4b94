// Verifier behaviour beyond the botocore vectors: exact messages at the skew
// boundaries, malformed and incomplete signatures, and proof that the
// signature comparison goes through the constant-time compare.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "aws/sigv4/amz_date.h"
#include "aws/sigv4/canonical_request.h"
#include "aws/sigv4/crypto.h"
#include "aws/sigv4/signer.h"
#include "aws/sigv4/verifier.h"

namespace cloudlet::aws::sigv4 {
namespace {

using std::chrono::seconds;

constexpr std::string_view kSignedAt = "20240309T160527Z";

// A request that owns its bytes, signed in header form by our own signer
// (the botocore vectors prove the signer right; here it only sets up cases).
struct OwnedRequest {
  std::string method = "POST";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body = "{}";

  SignedRequest View() const {
    SignedRequest r{method, target, {}, body};
    for (const auto& [n, v] : headers) r.headers.push_back({n, v});
    return r;
  }
  void Set(const std::string& name, std::string value) {
    for (auto& [n, v] : headers) {
      if (n == name) {
        v = std::move(value);
        return;
      }
    }
    headers.emplace_back(name, std::move(value));
  }
};

OwnedRequest Signed(std::string_view amz_date = kSignedAt, std::string secret = "test",
                    std::string credential_date = "", std::string service = "dynamodb") {
  OwnedRequest r;
  r.headers = {{"Host", "localhost:4566"}, {"X-Amz-Date", std::string(amz_date)}};
  CredentialScope scope{"test", credential_date.empty() ? std::string(amz_date.substr(0, 8)) : credential_date,
                        "us-east-1", service, "aws4_request"};
  std::string signed_headers = "host;x-amz-date";
  SignedRequest view = r.View();
  std::string canonical = BuildCanonicalRequest(r.method, CanonicalUri("/", false), CanonicalQuery("", false),
                                                CanonicalHeaders(view, signed_headers), signed_headers,
                                                Sha256Hex(r.body));
  std::string signature = ComputeSignature(DeriveSigningKey(secret, scope),
                                           BuildStringToSign(amz_date, scope, canonical));
  r.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/" + scope.ScopeString() +
                             ", SignedHeaders=" + signed_headers + ", Signature=" + signature);
  return r;
}

std::chrono::system_clock::time_point At(std::string_view amz_date, seconds offset = seconds{0}) {
  return *ParseAmzDate(amz_date) + offset;
}

Failure MustFail(const OwnedRequest& r, std::chrono::system_clock::time_point now, const VerifyOptions& o = {}) {
  auto verdict = Verify(r.View(), CredentialsStore::Default(), now, o);
  EXPECT_TRUE(std::holds_alternative<Failure>(verdict));
  return std::holds_alternative<Failure>(verdict) ? std::get<Failure>(verdict) : Failure{};
}

TEST(VerifyTest, SignedRequestVerifiesWithIdentity) {
  auto verdict = Verify(Signed().View(), CredentialsStore::Default(), At(kSignedAt));
  ASSERT_TRUE(std::holds_alternative<Identity>(verdict)) << std::get<Failure>(verdict).message;
  const Identity& id = std::get<Identity>(verdict);
  EXPECT_EQ(id.access_key, "test");
  EXPECT_EQ(id.region, "us-east-1");
  EXPECT_EQ(id.service, "dynamodb");
  EXPECT_FALSE(id.presigned);
}

TEST(VerifyTest, SkewBoundariesAreInclusiveWithExactMessages) {
  auto r = Signed();
  auto store = CredentialsStore::Default();
  EXPECT_TRUE(std::holds_alternative<Identity>(Verify(r.View(), store, At(kSignedAt, seconds{900}))));
  EXPECT_TRUE(std::holds_alternative<Identity>(Verify(r.View(), store, At(kSignedAt, seconds{-900}))));
  // Sub-second clock noise does not tip the boundary.
  EXPECT_TRUE(std::holds_alternative<Identity>(
      Verify(r.View(), store, At(kSignedAt, seconds{900}) + std::chrono::milliseconds{999})));

  Failure late = MustFail(r, At(kSignedAt, seconds{901}));
  EXPECT_EQ(late.kind, FailureKind::kExpired);
  EXPECT_EQ(late.message,
            "Signature expired: 20240309T160527Z is now earlier than 20240309T160528Z (20240309T162028Z - 15 min.)");
  EXPECT_EQ(late.request_time, "20240309T160527Z");

  Failure early = MustFail(r, At(kSignedAt, seconds{-901}));
  EXPECT_EQ(early.kind, FailureKind::kNotYetValid);
  EXPECT_EQ(early.message,
            "Signature not yet current: 20240309T160527Z is still later than 20240309T160526Z "
            "(20240309T155026Z + 15 min.)");
}

TEST(VerifyTest, SkewWindowIsConfigurableAndNamedInMessage) {
  Failure f = MustFail(Signed(), At(kSignedAt, seconds{301}), {.max_skew = seconds{300}});
  EXPECT_EQ(f.kind, FailureKind::kExpired);
  EXPECT_EQ(f.message,
            "Signature expired: 20240309T160527Z is now earlier than 20240309T160528Z (20240309T161028Z - 5 min.)");
}

TEST(VerifyTest, ComparesSignaturesInConstantTime) {
  auto store = CredentialsStore::Default();
  auto good = Signed();
  std::uint64_t before = ConstantTimeEqualsCalls();
  ASSERT_TRUE(std::holds_alternative<Identity>(Verify(good.View(), store, At(kSignedAt))));
  EXPECT_EQ(ConstantTimeEqualsCalls(), before + 1);

  // A wrong first or last hex digit, or a truncated signature, all fail the same way.
  const std::string auth = good.headers.back().second;
  std::string first = auth, last = auth;
  first[first.find("Signature=") + 10] ^= 1;
  last.back() ^= 1;
  for (const std::string& tampered : {first, last, auth.substr(0, auth.size() - 1)}) {
    auto bad = good;
    bad.Set("Authorization", tampered);
    before = ConstantTimeEqualsCalls();
    Failure f = MustFail(bad, At(kSignedAt));
    EXPECT_EQ(f.kind, FailureKind::kSignatureMismatch);
    EXPECT_EQ(ConstantTimeEqualsCalls(), before + 1);
  }
}

TEST(VerifyTest, MismatchCarriesWhatTheServerComputed) {
  Failure f = MustFail(Signed(kSignedAt, "wrong-secret"), At(kSignedAt));
  EXPECT_EQ(f.kind, FailureKind::kSignatureMismatch);
  EXPECT_EQ(f.message,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
            "Access Key and signing method.");
  EXPECT_EQ(f.access_key, "test");
  EXPECT_EQ(f.canonical_request,
            "POST\n/\n\nhost:localhost:4566\nx-amz-date:20240309T160527Z\n\nhost;x-amz-date\n"
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  EXPECT_TRUE(f.string_to_sign.starts_with("AWS4-HMAC-SHA256\n20240309T160527Z\n20240309/us-east-1/dynamodb/"
                                           "aws4_request\n"));
  EXPECT_EQ(f.signature_provided.size(), 64u);
}

TEST(VerifyTest, ScopeChecks) {
  Failure date = MustFail(Signed(kSignedAt, "test", "20240310"), At(kSignedAt));
  EXPECT_EQ(date.kind, FailureKind::kMalformed);
  EXPECT_EQ(date.message,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            "'20240310' != '20240309', from '20240309T160527Z'.");

  Failure service = MustFail(Signed(), At(kSignedAt), {.expected_service = "s3"});
  EXPECT_EQ(service.message, "Credential should be scoped to correct service: 's3'.");

  auto bad_region = Signed();
  std::string auth = bad_region.headers.back().second;
  bad_region.Set("Authorization", auth.replace(auth.find("us-east-1"), 9, "US_EAST"));
  EXPECT_EQ(MustFail(bad_region, At(kSignedAt)).message,
            "Credential should be scoped to a valid Region, not 'US_EAST'.");

  auto short_credential = Signed();
  short_credential.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240309/us-east-1, SignedHeaders=host, "
                                        "Signature=00");
  Failure f = MustFail(short_credential, At(kSignedAt));
  EXPECT_EQ(f.kind, FailureKind::kIncompleteSignature);
  EXPECT_EQ(f.message,
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got "
            "'test/20240309/us-east-1'");

  auto no_host = Signed();
  no_host.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240309/us-east-1/dynamodb/aws4_request, "
                               "SignedHeaders=x-amz-date, Signature=00");
  EXPECT_EQ(MustFail(no_host, At(kSignedAt)).message,
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}

TEST(VerifyTest, IncompleteAuthorizationListsEveryMissingPart) {
  OwnedRequest r;
  r.headers = {{"Host", "h"}, {"Authorization", "Bearer eyJ0eXAi"}};
  Failure f = MustFail(r, At(kSignedAt));
  EXPECT_EQ(f.kind, FailureKind::kIncompleteSignature);
  EXPECT_EQ(f.message,
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
            "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
            "existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer eyJ0eXAi");

  auto bad_date = Signed();
  bad_date.Set("X-Amz-Date", "2024-03-09T16:05:27Z");
  Failure d = MustFail(bad_date, At(kSignedAt));
  EXPECT_EQ(d.kind, FailureKind::kMalformed);
  EXPECT_EQ(d.message,
            "Date must be in ISO-8601 'basic format'. Got '2024-03-09T16:05:27Z'. See http://en.wikipedia.org/wiki/ISO_8601");
}

TEST(VerifyTest, MissingAuthenticationAndBothForms) {
  OwnedRequest none;
  none.headers = {{"Host", "h"}};
  Failure f = MustFail(none, At(kSignedAt));
  EXPECT_EQ(f.kind, FailureKind::kMissingAuthentication);
  EXPECT_EQ(f.message, "Request is missing Authentication Token");

  auto both = Signed();
  both.target = "/?X-Amz-Algorithm=AWS4-HMAC-SHA256";
  Failure b = MustFail(both, At(kSignedAt));
  EXPECT_EQ(b.kind, FailureKind::kMalformed);
  EXPECT_EQ(b.message,
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string "
            "parameter or the Authorization header should be specified");
}

TEST(VerifyTest, PresignedParameterChecks) {
  const std::string base =
      "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20240309%2Fus-east-1%2Fs3%2Faws4_request"
      "&X-Amz-Date=20240309T160527Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00";
  OwnedRequest r;
  r.method = "GET";
  r.headers = {{"Host", "localhost:4566"}};
  struct Case {
    std::string suffix;
    FailureKind kind;
    std::string message;
  } cases[] = {
      {"", FailureKind::kIncompleteSignature,
       "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
       "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."},
      {"&X-Amz-Expires=soon", FailureKind::kMalformed, "X-Amz-Expires should be a number"},
      {"&X-Amz-Expires=-1", FailureKind::kMalformed, "X-Amz-Expires must be non-negative"},
      {"&X-Amz-Expires=604801", FailureKind::kMalformed,
       "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than "
       "604800 seconds"},
      {"&X-Amz-Expires=60", FailureKind::kExpired, "Request has expired"},
      {"&X-Amz-Expires=3600", FailureKind::kSignatureMismatch,
       "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
       "Access Key and signing method."},
  };
  for (const auto& c : cases) {
    r.target = base + c.suffix;
    Failure f = MustFail(r, At(kSignedAt, seconds{61}), {.s3_paths = true});
    EXPECT_EQ(f.kind, c.kind) << c.suffix;
    EXPECT_EQ(f.message, c.message) << c.suffix;
    EXPECT_TRUE(f.presigned);
  }
  r.target = base + "&X-Amz-Expires=60";
  r.target.replace(r.target.find("AWS4-HMAC-SHA256"), 16, "AWS4-HMAC-SHA1");
  EXPECT_EQ(MustFail(r, At(kSignedAt), {.s3_paths = true}).message,
            "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
}

TEST(VerifyTest, UnknownKeyAndTokenChecksPrecedeTime) {
  CredentialsStore empty;
  auto verdict = Verify(Signed().View(), empty, At(kSignedAt, seconds{3600}));
  ASSERT_TRUE(std::holds_alternative<Failure>(verdict));
  EXPECT_EQ(std::get<Failure>(verdict).kind, FailureKind::kUnknownAccessKey);
  EXPECT_EQ(std::get<Failure>(verdict).message, "The security token included in the request is invalid.");

  CredentialsStore with_token;
  with_token.Add({"test", "test", "session"});
  auto r = Signed();
  verdict = Verify(r.View(), with_token, At(kSignedAt));
  ASSERT_TRUE(std::holds_alternative<Failure>(verdict));
  EXPECT_EQ(std::get<Failure>(verdict).kind, FailureKind::kInvalidToken);
}

}  // namespace
}  // namespace cloudlet::aws::sigv4
