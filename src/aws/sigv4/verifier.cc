#include "aws/sigv4/verifier.h"

#include <optional>

#include "aws/sigv4/auth_params.h"
#include "aws/sigv4/canonical_request.h"
#include "aws/sigv4/crypto.h"
#include "aws/sigv4/signer.h"

namespace cloudlet::aws::sigv4 {
namespace {

constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr std::string_view kInvalidToken = "The security token included in the request is invalid.";

// A Failure carrying what is known of the request so far.
Failure Fail(const AuthParams& params, FailureKind kind, std::string message) {
  Failure f;
  f.kind = kind;
  f.message = std::move(message);
  f.presigned = params.presigned;
  f.access_key = params.scope.access_key;
  f.request_time = params.amz_date;
  f.signature_provided = params.signature;
  return f;
}

bool IsPlausibleRegion(std::string_view region) {
  if (region.empty()) return false;
  for (char c : region) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsHexDigest(std::string_view value) {
  if (value.size() != 64) return false;
  for (char c : value) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

bool ListsHost(std::string_view signed_headers) {
  std::size_t start = 0;
  while (start <= signed_headers.size()) {
    std::size_t semi = signed_headers.find(';', start);
    if (semi == std::string_view::npos) semi = signed_headers.size();
    std::string_view name = signed_headers.substr(start, semi - start);
    if (name.size() == 4 && (name[0] | 0x20) == 'h' && (name[1] | 0x20) == 'o' && (name[2] | 0x20) == 's' &&
        (name[3] | 0x20) == 't') {
      return true;
    }
    start = semi + 1;
  }
  return false;
}

std::optional<Failure> CheckScope(const AuthParams& params, const VerifyOptions& options) {
  const CredentialScope& scope = params.scope;
  if (scope.terminator != kTerminator) {
    return Fail(params, FailureKind::kMalformed,
                "Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope.terminator +
                    "'.");
  }
  std::string_view request_day = std::string_view(params.amz_date).substr(0, 8);
  if (scope.date != request_day) {
    return Fail(params, FailureKind::kMalformed,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
                    scope.date + "' != '" + std::string(request_day) + "', from '" + params.amz_date + "'.");
  }
  if (!IsPlausibleRegion(scope.region)) {
    return Fail(params, FailureKind::kMalformed,
                "Credential should be scoped to a valid Region, not '" + scope.region + "'.");
  }
  if (!options.expected_service.empty() && scope.service != options.expected_service) {
    return Fail(params, FailureKind::kMalformed,
                "Credential should be scoped to correct service: '" + std::string(options.expected_service) +
                    "'.");
  }
  if (!ListsHost(params.signed_headers)) {
    return Fail(params, FailureKind::kMalformed,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  return std::nullopt;
}

std::optional<Failure> CheckTime(const AuthParams& params, Seconds now, std::chrono::seconds window) {
  if (params.presigned) {
    if (params.time > now + window) return Fail(params, FailureKind::kNotYetValid, "Request is not valid yet");
    if (now > params.time + params.expires) return Fail(params, FailureKind::kExpired, "Request has expired");
    return std::nullopt;
  }
  std::string minutes = std::to_string(window.count() / 60) + " min.)";
  if (params.time < now - window) {
    return Fail(params, FailureKind::kExpired,
                "Signature expired: " + params.amz_date + " is now earlier than " + FormatAmzDate(now - window) +
                    " (" + FormatAmzDate(now) + " - " + minutes);
  }
  if (params.time > now + window) {
    return Fail(params, FailureKind::kNotYetValid,
                "Signature not yet current: " + params.amz_date + " is still later than " +
                    FormatAmzDate(now + window) + " (" + FormatAmzDate(now) + " + " + minutes);
  }
  return std::nullopt;
}

}  // namespace

std::variant<Identity, Failure> Verify(const SignedRequest& request, const CredentialsStore& store,
                                       std::chrono::system_clock::time_point now, const VerifyOptions& options) {
  auto extracted = ExtractAuthParams(request);
  if (auto* failure = std::get_if<Failure>(&extracted)) return std::move(*failure);
  const AuthParams& params = std::get<AuthParams>(extracted);

  if (auto failure = CheckScope(params, options)) return std::move(*failure);

  const Credential* credential = store.Find(params.scope.access_key);
  if (credential == nullptr) return Fail(params, FailureKind::kUnknownAccessKey, std::string(kInvalidToken));
  if (!credential->session_token.empty() &&
      (!params.security_token || !ConstantTimeEquals(*params.security_token, credential->session_token))) {
    return Fail(params, FailureKind::kInvalidToken, std::string(kInvalidToken));
  }

  if (auto failure = CheckTime(params, std::chrono::floor<std::chrono::seconds>(now), options.max_skew)) {
    return std::move(*failure);
  }

  auto content_sha256 = FindHeader(request, "x-amz-content-sha256");
  if (options.s3_paths && !params.presigned && !content_sha256) {
    return Fail(params, FailureKind::kMalformed, "Missing required header for this request: x-amz-content-sha256");
  }
  std::string payload_hash;
  if (content_sha256) {
    payload_hash = std::string(*content_sha256);
  } else if (params.presigned && options.s3_paths) {
    payload_hash = std::string(kUnsignedPayload);
  } else {
    payload_hash = Sha256Hex(request.body);
  }

  std::string canonical_request = BuildCanonicalRequest(
      request.method, CanonicalUri(TargetPath(request.target), options.s3_paths),
      CanonicalQuery(TargetQuery(request.target), params.presigned),
      CanonicalHeaders(request, params.signed_headers), params.signed_headers, payload_hash);
  std::string string_to_sign = BuildStringToSign(params.amz_date, params.scope, canonical_request);
  std::string expected = ComputeSignature(DeriveSigningKey(credential->secret_key, params.scope), string_to_sign);
  if (!ConstantTimeEquals(expected, params.signature)) {
    Failure failure = Fail(params, FailureKind::kSignatureMismatch,
                           "The request signature we calculated does not match the signature you provided. "
                           "Check your AWS Secret Access Key and signing method.");
    failure.canonical_request = std::move(canonical_request);
    failure.string_to_sign = std::move(string_to_sign);
    return failure;
  }

  // Only a signed header can be trusted to describe the body.
  if (content_sha256 && IsHexDigest(*content_sha256)) {
    std::string actual = Sha256Hex(request.body);
    std::string claimed(*content_sha256);
    for (char& c : claimed) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    if (actual != claimed) {
      return Fail(params, FailureKind::kContentSha256Mismatch,
                  "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
  }
  return Identity{params.scope.access_key, params.scope.region, params.scope.service, params.presigned};
}

}  // namespace cloudlet::aws::sigv4
