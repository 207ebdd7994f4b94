#include "aws/sigv4/auth_params.h"

#include <charconv>

namespace cloudlet::aws::sigv4 {
namespace {

Failure Fail(FailureKind kind, std::string message, bool presigned) {
  Failure f;
  f.kind = kind;
  f.message = std::move(message);
  f.presigned = presigned;
  return f;
}

Failure BadCredential(std::string_view credential, bool presigned) {
  return Fail(FailureKind::kIncompleteSignature,
              "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" +
                  std::string(credential) + "'",
              presigned);
}

Failure BadDate(std::string_view date, bool presigned) {
  return Fail(FailureKind::kMalformed,
              "Date must be in ISO-8601 'basic format'. Got '" + std::string(date) +
                  "'. See http://en.wikipedia.org/wiki/ISO_8601",
              presigned);
}

std::variant<AuthParams, Failure> FromHeader(const SignedRequest& request, std::string_view value) {
  AuthorizationHeader auth = ParseAuthorizationHeader(value);
  auto amz_date = FindHeader(request, "x-amz-date");
  auto http_date = amz_date ? std::nullopt : FindHeader(request, "date");

  // AWS lists every missing part in one message, then echoes the header.
  std::string missing;
  if (!auth.credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!auth.signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (!auth.signed_headers) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!amz_date && !http_date) {
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (!missing.empty()) {
    return Fail(FailureKind::kIncompleteSignature, missing + "Authorization=" + std::string(value), false);
  }
  if (auth.algorithm != kAlgorithm) {
    return Fail(FailureKind::kIncompleteSignature,
                "Unsupported AWS 'algorithm': '" + std::string(auth.algorithm) + "'", false);
  }

  AuthParams params;
  auto scope = ParseCredential(*auth.credential);
  if (!scope) return BadCredential(*auth.credential, false);
  params.scope = std::move(*scope);
  params.signed_headers = std::string(*auth.signed_headers);
  params.signature = std::string(*auth.signature);
  if (amz_date) {
    auto time = ParseAmzDate(*amz_date);
    if (!time) return BadDate(*amz_date, false);
    params.time = *time;
    params.amz_date = std::string(*amz_date);
  } else {
    // botocore signs the ISO form of the Date header's instant.
    auto time = ParseHttpDate(*http_date);
    if (!time) time = ParseAmzDate(*http_date);
    if (!time) return BadDate(*http_date, false);
    params.time = *time;
    params.amz_date = FormatAmzDate(*time);
  }
  if (auto token = FindHeader(request, "x-amz-security-token")) {
    params.security_token = std::string(*token);
  } else {
    params.security_token = FindQueryParam(TargetQuery(request.target), "X-Amz-Security-Token");
  }
  return params;
}

std::variant<AuthParams, Failure> FromQuery(const SignedRequest& request, std::string_view query) {
  auto algorithm = FindQueryParam(query, "X-Amz-Algorithm");
  auto credential = FindQueryParam(query, "X-Amz-Credential");
  auto signature = FindQueryParam(query, "X-Amz-Signature");
  auto date = FindQueryParam(query, "X-Amz-Date");
  auto signed_headers = FindQueryParam(query, "X-Amz-SignedHeaders");
  auto expires = FindQueryParam(query, "X-Amz-Expires");
  if (!algorithm || !credential || !signature || !date || !signed_headers || !expires) {
    return Fail(FailureKind::kIncompleteSignature,
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
                true);
  }
  if (*algorithm != kAlgorithm) {
    return Fail(FailureKind::kMalformed, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"", true);
  }
  long long seconds = 0;
  auto [end, ec] = std::from_chars(expires->data(), expires->data() + expires->size(), seconds);
  if (expires->empty() || ec != std::errc() || end != expires->data() + expires->size()) {
    return Fail(FailureKind::kMalformed, "X-Amz-Expires should be a number", true);
  }
  if (seconds < 0) return Fail(FailureKind::kMalformed, "X-Amz-Expires must be non-negative", true);
  if (seconds > kMaxPresignExpiry.count()) {
    return Fail(FailureKind::kMalformed,
                "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be "
                "less than 604800 seconds",
                true);
  }

  AuthParams params;
  params.presigned = true;
  auto scope = ParseCredential(*credential);
  if (!scope) return BadCredential(*credential, true);
  params.scope = std::move(*scope);
  auto time = ParseAmzDate(*date);
  if (!time) return BadDate(*date, true);
  params.time = *time;
  params.amz_date = std::move(*date);
  params.signed_headers = std::move(*signed_headers);
  params.signature = std::move(*signature);
  params.expires = std::chrono::seconds{seconds};
  params.security_token = FindQueryParam(query, "X-Amz-Security-Token");
  if (!params.security_token) {
    if (auto token = FindHeader(request, "x-amz-security-token")) params.security_token = std::string(*token);
  }
  return params;
}

}  // namespace

std::variant<AuthParams, Failure> ExtractAuthParams(const SignedRequest& request) {
  auto header = FindHeader(request, "authorization");
  std::string_view query = TargetQuery(request.target);
  bool query_form = !query.empty() && (FindQueryParam(query, "X-Amz-Algorithm") ||
                                       FindQueryParam(query, "X-Amz-Credential") ||
                                       FindQueryParam(query, "X-Amz-Signature"));
  if (header && query_form) {
    return Fail(FailureKind::kMalformed,
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query "
                "string parameter or the Authorization header should be specified",
                false);
  }
  if (header) return FromHeader(request, *header);
  if (query_form) return FromQuery(request, query);
  return Fail(FailureKind::kMissingAuthentication, "Request is missing Authentication Token", false);
}

}  // namespace cloudlet::aws::sigv4
