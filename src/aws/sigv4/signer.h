// Steps 6-8 of SigV4: string to sign, signing key, signature. Shared by the
// verifier and by tests that sign their own requests; a future aws-chunked
// decoder can reuse the signing key to check each chunk's signature.
#pragma once

#include <string>
#include <string_view>

#include "aws/sigv4/credential_scope.h"
#include "aws/sigv4/crypto.h"

namespace cloudlet::aws::sigv4 {

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), terminator).
Digest DeriveSigningKey(std::string_view secret_key, const CredentialScope& scope);

// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of canonical_request>".
std::string BuildStringToSign(std::string_view amz_date, const CredentialScope& scope,
                              std::string_view canonical_request);

// Lowercase hex HMAC(signing_key, string_to_sign): the value of Signature=.
std::string ComputeSignature(const Digest& signing_key, std::string_view string_to_sign);

}  // namespace cloudlet::aws::sigv4
