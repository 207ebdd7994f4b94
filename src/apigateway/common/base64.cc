#include "apigateway/common/base64.h"

#include <array>
#include <cstdint>

namespace cloudlet::apigateway {
namespace {

constexpr std::string_view kStandard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> MakeTable(char c62, char c63) {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 62; ++i) t[static_cast<unsigned char>(kStandard[i])] = static_cast<int8_t>(i);
  t[static_cast<unsigned char>(c62)] = 62;
  t[static_cast<unsigned char>(c63)] = 63;
  return t;
}
constexpr auto kStandardTable = MakeTable('+', '/');
constexpr auto kUrlTable = MakeTable('-', '_');

std::optional<std::string> Decode(std::string_view text, const std::array<int8_t, 256>& table) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = table[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    out.push_back(kStandard[(v >> 18) & 63]);
    out.push_back(kStandard[(v >> 12) & 63]);
    out.push_back(kStandard[(v >> 6) & 63]);
    out.push_back(kStandard[v & 63]);
  }
  if (i < bytes.size()) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out.push_back(kStandard[(v >> 18) & 63]);
    out.push_back(kStandard[(v >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kStandard[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) { return Decode(text, kStandardTable); }
std::optional<std::string> Base64UrlDecode(std::string_view text) { return Decode(text, kUrlTable); }

}  // namespace cloudlet::apigateway
