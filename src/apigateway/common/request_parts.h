// What the data plane reads out of one request once, for the event it
// builds and for authorizers: headers by lower-case name with every value
// in order, the cookies of every Cookie header, the query parameters
// percent-decoded with every value in order, and where the path and query
// are. Views point into the request, which outlives this.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace cloudlet::apigateway {

// Path parameters of a match: name → raw (undecoded) value.
using PathParams = std::vector<std::pair<std::string_view, std::string_view>>;

struct HeaderValues {
  std::string name;           // lower case
  std::string_view raw_name;  // as first received (REST events keep it)
  std::vector<std::string_view> values;
};

struct QueryValues {
  std::string name;  // decoded
  std::vector<std::string> values;
};

struct RequestParts {
  std::vector<HeaderValues> headers;  // first-seen order
  std::vector<std::string_view> cookies;
  std::vector<QueryValues> query;     // first-seen order

  const HeaderValues* Header(std::string_view lower_name) const;
  const QueryValues* Query(std::string_view name) const;
  // Adds a value the gateway sets itself (x-forwarded-*, x-amzn-trace-id)
  // when the client sent none; views must outlive the parts. `raw_name`
  // ("X-Forwarded-For") is the name REST events show; `lower_name` when empty.
  // Both names must outlive the parts too (string literals).
  void AddHeaderIfAbsent(std::string_view lower_name, std::string_view value, std::string_view raw_name = {});
};

// Splits `raw_query` (no '?') into decoded parameters: "a=1&a=2&b" → a:[1,2], b:[""].
std::vector<QueryValues> ParseQuery(std::string_view raw_query);

// `keep_cookie_header`: payload 1.0 keeps Cookie among the headers; 2.0
// moves its entries into `cookies` only.
RequestParts ReadRequestParts(const http::Request& request, std::string_view raw_query, bool keep_cookie_header);

// "203.0.113.7:51234" → "203.0.113.7"; "[::1]:51234" → "::1".
std::string SourceIp(std::string_view remote_address);
// The execute-api domain a request names ("abc1234567.execute-api.localhost",
// that name for the path form) and the port of its Host ("80" without one).
void ExecuteApiHost(const http::Request& request, std::string_view api_id, std::string* domain, std::string* port);

// Whether a body of `content_type` reaches the function as text (else
// base64): text/*, and JSON, XML, JavaScript and form types; a body
// without a type counts as text.
bool IsTextContentType(std::string_view content_type);

}  // namespace cloudlet::apigateway
