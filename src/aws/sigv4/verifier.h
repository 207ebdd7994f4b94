// SigV4 signature verification: the one entry point the server calls before
// handing a request to a service. Implements the IAM guide's
// "create-signed-request" in reverse, byte-compatible with botocore:
//
//   1. find the signature parts (auth_params.h)   4. check the time
//   2. check the credential scope                 5. rebuild the canonical request (canonical_request.h)
//   3. look up the secret and session token       6. recompute and compare the signature (signer.h)
//
// Example:
//   auto verdict = sigv4::Verify(request, store, std::chrono::system_clock::now(), {.s3_paths = true});
//   if (auto* failure = std::get_if<sigv4::Failure>(&verdict)) { /* the service words it (reference §3.5) */ }
//
// Not covered: the per-chunk signatures of aws-chunked (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)
// bodies; only the seed signature is verified here (signer.h has what a chunk check needs).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "aws/sigv4/credential_scope.h"
#include "aws/sigv4/credentials_store.h"
#include "aws/sigv4/failure.h"
#include "aws/sigv4/signed_request.h"

namespace cloudlet::aws::sigv4 {

// Who signed a request that verified.
struct Identity {
  std::string access_key;
  std::string region;    // from the credential scope
  std::string service;   // signing name from the credential scope
  bool presigned = false;
};

struct VerifyOptions {
  // S3 rules: the path is signed as sent (no dot-segment removal, no second
  // encoding); X-Amz-Content-SHA256 is required in the header form; presigned
  // requests sign "UNSIGNED-PAYLOAD".
  bool s3_paths = false;
  // Header form: how far X-Amz-Date may be from `now`, either way (AWS: 15 min).
  // Query form: how far in the future X-Amz-Date may be.
  std::chrono::seconds max_skew{900};
  // The signing name the endpoint expects ("dynamodb"); empty accepts any.
  std::string_view expected_service{};
};

// Verifies the header form or presigned query form of a SigV4 signature over
// `request` against the secrets in `store`, at time `now` (injected for tests).
// Returns the signer's Identity, or the first Failure in the order of the
// steps above, with AWS's literal message (failure.h). Checks, besides the
// signature: scope terminator, scope date equal to the request date, a
// plausible region, `expected_service`; the stored session token, when one is
// stored, against X-Amz-Security-Token; the skew window (header form) or
// X-Amz-Expires, at most 604800 s (query form); a hex X-Amz-Content-SHA256
// against the body. Never throws. Cost: one SHA-256 of the body (skipped when
// X-Amz-Content-SHA256 is a non-digest such as UNSIGNED-PAYLOAD), one of the
// canonical request, and five HMACs; no locks.
std::variant<Identity, Failure> Verify(const SignedRequest& request, const CredentialsStore& store,
                                       std::chrono::system_clock::time_point now, const VerifyOptions& options = {});

}  // namespace cloudlet::aws::sigv4
