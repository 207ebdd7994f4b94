// Where a SigV4 request names its signer: the credential scope
// "<access key>/<yyyymmdd>/<region>/<service>/aws4_request", carried either in
//
//   Authorization: AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request,
//                  SignedHeaders=host;x-amz-date, Signature=5d672d79...
// or in the presigned query parameter
//   X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2Fs3%2Faws4_request
//
// Parsing here checks shape only; verifier.h decides whether the scope is acceptable.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aws/sigv4/signed_request.h"

namespace cloudlet::aws::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";

struct CredentialScope {
  std::string access_key;
  std::string date;        // yyyymmdd, unchecked
  std::string region;
  std::string service;     // signing name: "dynamodb", "s3", "execute-api"
  std::string terminator;  // "aws4_request" when well formed

  // "<date>/<region>/<service>/<terminator>": the scope line of the string to sign.
  std::string ScopeString() const { return date + "/" + region + "/" + service + "/" + terminator; }
};

// Splits a Credential value into its five "/"-separated elements; nullopt
// unless there are exactly five (empty elements are allowed and kept).
std::optional<CredentialScope> ParseCredential(std::string_view credential);

// The pieces of an "Authorization" header value. Parameters may come in any
// order, separated by "," with optional spaces; absent ones stay nullopt.
struct AuthorizationHeader {
  std::string_view algorithm;  // first word: "AWS4-HMAC-SHA256", "AWS", "Bearer", ...
  std::optional<std::string_view> credential;
  std::optional<std::string_view> signed_headers;
  std::optional<std::string_view> signature;
};
AuthorizationHeader ParseAuthorizationHeader(std::string_view value);

// The credential scope of a request, from its Authorization header when that
// uses AWS4-HMAC-SHA256, else from its X-Amz-Credential query parameter.
// Verifies nothing and hashes nothing: meant for the router, which needs the
// service and region before choosing a handler. nullopt when the
// request carries no well-formed SigV4 credential.
std::optional<CredentialScope> FindCredentialScope(const SignedRequest& request);

}  // namespace cloudlet::aws::sigv4
