// The control planes' request URIs, as the botocore models' requestUri give
// them, matched against a request path:
//   template = "/" segment { "/" segment }
//   segment  = literal | "{" label "}" | "{" label "+}"
//   "/v2/apis/{apiId}/routes/{routeId}", "/tags/{resource_arn+}"
// A {label} matches one non-empty segment, percent-decoded; a {label+} (last
// only) the rest of the path, percent-decoded: an ARN holds '/', which SDKs
// percent-encode into one segment but a raw request may not. A trailing
// '/' on the path is ignored.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace cloudlet::apigateway {

using PathLabels = std::map<std::string, std::string, std::less<>>;

// True when `path` (no query) matches `templ`; fills `labels`.
bool MatchPathTemplate(std::string_view templ, std::string_view path, PathLabels& labels);

}  // namespace cloudlet::apigateway
