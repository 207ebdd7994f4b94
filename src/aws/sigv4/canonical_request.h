// The SigV4 canonical request, built from the bytes on the wire:
//
//   canonical-request = method LF uri LF query LF headers LF signed-headers LF payload-hash
//   uri      = "/" when empty; non-S3: dot segments and empty segments removed, then
//              every byte outside A-Z a-z 0-9 - _ . ~ / percent-encoded (so "%2F" -> "%252F");
//              S3: the path exactly as sent
//   query    = name "=" value *("&" name "=" value), each decoded then re-encoded with
//              the unreserved set, sorted by name then value
//   headers  = *(lowercase-name ":" trimmed-value LF), repeated headers joined by ","
//
// Examples (non-S3): "/a/./b/../c//d%2F" -> "/a/c/d%252F"; "b=2&a=x y&a" -> "a=&a=x%20y&b=2".
// These mirror botocore's SigV4Auth, the reference every SDK agrees with.
#pragma once

#include <string>
#include <string_view>

#include "aws/sigv4/signed_request.h"

namespace cloudlet::aws::sigv4 {

// Percent-encodes every byte of `bytes` outside the unreserved set
// A-Z a-z 0-9 - _ . ~ (and outside "/" when `keep_slash`), with upper-case hex.
std::string UriEncode(std::string_view bytes, bool keep_slash);

// Decodes %XX escapes; a "%" not followed by two hex digits is kept as is.
// With `plus_as_space`, "+" decodes to a space, as form decoding does: a
// client that sends "a+b" signed "a%20b" (botocore's own AWSRequest params
// path does exactly that).
std::string PercentDecode(std::string_view text, bool plus_as_space);

// RFC 3986 dot-segment removal that also drops empty segments, exactly as
// botocore's remove_dot_segments: "/a/./b/../c//d/" -> "/a/c/d/", "" -> "/".
std::string RemoveDotSegments(std::string_view path);

// The canonical URI of a raw path (see the grammar above).
std::string CanonicalUri(std::string_view raw_path, bool s3);

// The canonical query string of a raw query. With `skip_signature`, the
// X-Amz-Signature parameter is left out (presigned form).
std::string CanonicalQuery(std::string_view raw_query, bool skip_signature);

// Leading and trailing whitespace removed and inner runs collapsed to one
// space, as botocore's ' '.join(value.split()) does for ASCII whitespace.
std::string TrimAll(std::string_view value);

// The canonical header block for the ";"-separated `signed_headers` list, in
// the list's order, each line "name:value\n". A listed header that the
// request lacks contributes "name:\n" (the signature then fails, as it should).
std::string CanonicalHeaders(const SignedRequest& request, std::string_view signed_headers);

// Joins the six parts with LF.
std::string BuildCanonicalRequest(std::string_view method, std::string_view canonical_uri,
                                  std::string_view canonical_query, std::string_view canonical_headers,
                                  std::string_view signed_headers, std::string_view payload_hash);

}  // namespace cloudlet::aws::sigv4
