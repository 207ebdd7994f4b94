#include "dynamodb/base64.h"

#include <array>
#include <cstdint>

#include "dynamodb/errors.h"

namespace cloudlet::dynamodb {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr uint8_t kInvalid = 0xFF;

constexpr std::array<uint8_t, 256> MakeDecodeTable() {
  std::array<uint8_t, 256> t{};
  for (auto& v : t) v = kInvalid;
  for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<uint8_t>(i);
  return t;
}
constexpr std::array<uint8_t, 256> kDecode = MakeDecodeTable();

// Number of "=" at the end (0, 1 or 2) if the padding and the last
// character's unused bits are canonical; -1 otherwise. Checks every character.
int CheckStrict(std::string_view s) {
  const std::size_t n = s.size();
  if (n % 4 != 0) return -1;
  if (n == 0) return 0;
  int pad = 0;
  if (s[n - 1] == '=') pad = (s[n - 2] == '=') ? 2 : 1;
  const std::size_t data = n - static_cast<std::size_t>(pad);
  for (std::size_t i = 0; i < data; ++i) {
    if (kDecode[static_cast<uint8_t>(s[i])] == kInvalid) return -1;
  }
  if (pad == 1 && (kDecode[static_cast<uint8_t>(s[n - 2])] & 0x03) != 0) return -1;
  if (pad == 2 && (kDecode[static_cast<uint8_t>(s[n - 3])] & 0x0F) != 0) return -1;
  return pad;
}

}  // namespace

aws::Status ValidateBase64(std::string_view text) {
  if (text.size() % 4 != 0) {
    return errors::Serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " +
                                 std::to_string(text.size()));
  }
  if (CheckStrict(text) < 0) return errors::Serialization("Invalid last non-pad Base64 character dectected");
  return aws::OkStatus();
}

std::size_t Base64DecodedSize(std::string_view text) {
  if (text.empty()) return 0;
  std::size_t pad = 0;
  if (text.back() == '=') pad = text[text.size() - 2] == '=' ? 2 : 1;
  return text.size() / 4 * 3 - pad;
}

bool Base64Decode(std::string_view text, std::string* out) {
  const int pad = CheckStrict(text);
  if (pad < 0) return false;
  out->reserve(out->size() + Base64DecodedSize(text));
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; i += 4) {
    const bool last = i + 4 == n;
    const uint32_t a = kDecode[static_cast<uint8_t>(text[i])];
    const uint32_t b = kDecode[static_cast<uint8_t>(text[i + 1])];
    if (last && pad == 2) {
      out->push_back(static_cast<char>((a << 2) | (b >> 4)));
      break;
    }
    const uint32_t c = kDecode[static_cast<uint8_t>(text[i + 2])];
    if (last && pad == 1) {
      out->push_back(static_cast<char>((a << 2) | (b >> 4)));
      out->push_back(static_cast<char>(((b & 0x0F) << 4) | (c >> 2)));
      break;
    }
    const uint32_t d = kDecode[static_cast<uint8_t>(text[i + 3])];
    const uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    out->push_back(static_cast<char>(v >> 16));
    out->push_back(static_cast<char>((v >> 8) & 0xFF));
    out->push_back(static_cast<char>(v & 0xFF));
  }
  return true;
}

void Base64Encode(std::string_view bytes, std::string* out) {
  const std::size_t n = bytes.size();
  out->reserve(out->size() + (n + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out->push_back(kAlphabet[v >> 18]);
    out->push_back(kAlphabet[(v >> 12) & 0x3F]);
    out->push_back(kAlphabet[(v >> 6) & 0x3F]);
    out->push_back(kAlphabet[v & 0x3F]);
  }
  if (n - i == 1) {
    const uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out->push_back(kAlphabet[v >> 18]);
    out->push_back(kAlphabet[(v >> 12) & 0x3F]);
    out->append("==");
  } else if (n - i == 2) {
    const uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out->push_back(kAlphabet[v >> 18]);
    out->push_back(kAlphabet[(v >> 12) & 0x3F]);
    out->push_back(kAlphabet[(v >> 6) & 0x3F]);
    out->push_back('=');
  }
}

}  // namespace cloudlet::dynamodb
