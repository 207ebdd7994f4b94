// Base64 (RFC 4648 §4, standard alphabet) for request and response bodies,
// and base64url (§5, no padding) for the three parts of a JWT.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cloudlet::apigateway {

std::string Base64Encode(std::string_view bytes);
// nullopt unless `text` is standard base64; padding may be left off.
std::optional<std::string> Base64Decode(std::string_view text);
// nullopt unless `text` is base64url ('-' and '_'); padding may be left off.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace cloudlet::apigateway
