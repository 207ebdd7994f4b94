// Why a request failed SigV4 verification, independent of any one service's
// wording. Each service maps a Failure to its own error (reference §3.5):
// e.g. kSignatureMismatch is S3's 403 SignatureDoesNotMatch but DynamoDB's
// 400 InvalidSignatureException. `message` is AWS's literal text, never
// reworded, since SDKs and tests compare it.
#pragma once

#include <string>

namespace cloudlet::aws::sigv4 {

enum class FailureKind {
  kMissingAuthentication,  // neither an Authorization header nor presigned query parameters
  kIncompleteSignature,    // a required part absent: Credential, SignedHeaders, a date, ...
  kMalformed,              // a part present but unacceptable: scope, date format, X-Amz-Expires, both forms
  kSignatureMismatch,
  kContentSha256Mismatch,  // signature fine, but X-Amz-Content-SHA256 is a digest the body does not have
  kUnknownAccessKey,
  kInvalidToken,           // X-Amz-Security-Token differs from the stored session token
  kExpired,                // header form: older than the skew window; presigned: past X-Amz-Expires
  kNotYetValid,            // later than now + skew window
};

struct Failure {
  FailureKind kind = FailureKind::kMalformed;
  std::string message;
  // Whether the request used the presigned query form; S3 words failures of
  // the two forms differently (AuthorizationQueryParametersError vs
  // AuthorizationHeaderMalformed, AccessDenied vs RequestTimeTooSkewed).
  bool presigned = false;
  // Filled as far as verification got, for error bodies that echo them
  // (S3's SignatureDoesNotMatch and RequestTimeTooSkewed).
  std::string access_key;
  std::string request_time;        // "yyyymmddThhmmssZ" as signed
  std::string signature_provided;
  std::string canonical_request;   // kSignatureMismatch only: what the server computed
  std::string string_to_sign;      // kSignatureMismatch only
};

// The error code JSON-protocol services (DynamoDB, Lambda, Cognito, ...)
// answer a failure with: MissingAuthenticationTokenException,
// IncompleteSignatureException, UnrecognizedClientException or
// InvalidSignatureException. The HTTP status is the service's (400 or 403).
const char* JsonServiceErrorCode(FailureKind kind);

// "kSignatureMismatch" etc.: for logs and test output.
const char* FailureKindName(FailureKind kind);

}  // namespace cloudlet::aws::sigv4
