#include "aws/sigv4/failure.h"

namespace cloudlet::aws::sigv4 {

const char* FailureKindName(FailureKind kind) {
  switch (kind) {
    case FailureKind::kMissingAuthentication: return "kMissingAuthentication";
    case FailureKind::kIncompleteSignature: return "kIncompleteSignature";
    case FailureKind::kMalformed: return "kMalformed";
    case FailureKind::kSignatureMismatch: return "kSignatureMismatch";
    case FailureKind::kContentSha256Mismatch: return "kContentSha256Mismatch";
    case FailureKind::kUnknownAccessKey: return "kUnknownAccessKey";
    case FailureKind::kInvalidToken: return "kInvalidToken";
    case FailureKind::kExpired: return "kExpired";
    case FailureKind::kNotYetValid: return "kNotYetValid";
  }
  return "unknown";
}

}  // namespace cloudlet::aws::sigv4

namespace cloudlet::aws::sigv4 {

const char* JsonServiceErrorCode(FailureKind kind) {
  switch (kind) {
    case FailureKind::kMissingAuthentication: return "MissingAuthenticationTokenException";
    case FailureKind::kIncompleteSignature:
    case FailureKind::kMalformed: return "IncompleteSignatureException";
    case FailureKind::kUnknownAccessKey:
    case FailureKind::kInvalidToken: return "UnrecognizedClientException";
    case FailureKind::kSignatureMismatch:
    case FailureKind::kContentSha256Mismatch:
    case FailureKind::kExpired:
    case FailureKind::kNotYetValid: return "InvalidSignatureException";
  }
  return "InvalidSignatureException";
}

}  // namespace cloudlet::aws::sigv4
