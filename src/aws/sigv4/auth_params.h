// Step 1 of verification: find the signature's parts in either form and check
// that each is present and well formed, before any key lookup or hashing.
//
//   header form:  Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...
//                 plus X-Amz-Date (or Date) and optional X-Amz-Security-Token headers
//   query form:   ?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=...&X-Amz-Date=...
//                 &X-Amz-Expires=...&X-Amz-SignedHeaders=...[&X-Amz-Security-Token=...]&X-Amz-Signature=...
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "aws/sigv4/amz_date.h"
#include "aws/sigv4/credential_scope.h"
#include "aws/sigv4/failure.h"
#include "aws/sigv4/signed_request.h"

namespace cloudlet::aws::sigv4 {

// S3's limit on X-Amz-Expires, applied to every service: one week.
inline constexpr std::chrono::seconds kMaxPresignExpiry{604800};

struct AuthParams {
  bool presigned = false;
  CredentialScope scope;
  std::string signed_headers;                // ";"-separated, as received
  std::string signature;                     // as received
  std::string amz_date;                      // "yyyymmddThhmmssZ" (converted from Date when needed)
  Seconds time;                              // amz_date parsed
  std::chrono::seconds expires{0};           // query form only
  std::optional<std::string> security_token;
};

// The parts of `request`'s signature, or the Failure AWS reports when one is
// missing or malformed. Checks shape only; scope values, time and the
// signature itself are verified by the caller.
std::variant<AuthParams, Failure> ExtractAuthParams(const SignedRequest& request);

}  // namespace cloudlet::aws::sigv4
