// The request as the verifier sees it: raw bytes from the wire, independent of
// the HTTP library, so the verifier can be tested and fuzzed without a server.
// Nothing here owns memory; a SignedRequest must not outlive the buffers its
// views point into.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlet::aws::sigv4 {

// One header as received: any case, repeated names allowed, value untrimmed.
struct HeaderView {
  std::string_view name;
  std::string_view value;
};

struct SignedRequest {
  std::string_view method;         // "GET"
  std::string_view target;         // raw request-target as on the wire: "/path%20x?b=2&a=1"
  std::vector<HeaderView> headers;
  std::string_view body;           // full body, already de-chunked
};

// The value of the first header named `name` (ASCII case-insensitive), or
// nullopt when the request has none.
std::optional<std::string_view> FindHeader(const SignedRequest& request, std::string_view name);

// The raw path (before '?') and raw query (after the first '?', empty if
// none) of `target`. An absolute-form target ("http://host/p?q") yields the
// path of its URL, so a proxy-style request verifies like an origin-form one.
std::string_view TargetPath(std::string_view target);
std::string_view TargetQuery(std::string_view target);

// The decoded value of the first query parameter whose decoded name equals
// `name` exactly, or nullopt. "+" decodes to a space (see canonical_request.h).
std::optional<std::string> FindQueryParam(std::string_view query, std::string_view name);

}  // namespace cloudlet::aws::sigv4
