#include "aws/sigv4/signer.h"

namespace cloudlet::aws::sigv4 {

Digest DeriveSigningKey(std::string_view secret_key, const CredentialScope& scope) {
  std::string seed = "AWS4";
  seed.append(secret_key);
  Digest k_date = HmacSha256(std::string_view(seed), scope.date);
  Digest k_region = HmacSha256(k_date, scope.region);
  Digest k_service = HmacSha256(k_region, scope.service);
  return HmacSha256(k_service, scope.terminator);
}

std::string BuildStringToSign(std::string_view amz_date, const CredentialScope& scope,
                              std::string_view canonical_request) {
  std::string out(kAlgorithm);
  out.append("\n").append(amz_date).append("\n").append(scope.ScopeString()).append("\n");
  out.append(Sha256Hex(canonical_request));
  return out;
}

std::string ComputeSignature(const Digest& signing_key, std::string_view string_to_sign) {
  return Hex(HmacSha256(signing_key, string_to_sign));
}

}  // namespace cloudlet::aws::sigv4
