// Base64 (RFC 4648, standard alphabet) as Lambda's blobs use it: ZipFile in
// requests, X-Amz-Log-Result in Invoke answers, CodeSha256.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cloudlet::lambda {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not base64. Whitespace (line breaks some tools
// insert) is skipped; padding is optional.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace cloudlet::lambda
