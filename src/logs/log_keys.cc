#include "logs/log_keys.h"

namespace cloudlet::logs {
namespace {

std::string Head(char kind, std::string_view region) {
  std::string key;
  key.reserve(64);
  key += kKeyPrefix;
  key += kind;
  key += region;
  key += '\0';
  return key;
}

void AppendBigEndian(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

}  // namespace

Position Position::Next() const {
  if (sequence != UINT64_MAX) return {timestamp, sequence + 1};
  if (timestamp != INT64_MAX) return {timestamp + 1, 0};
  return *this;
}

std::string GroupKey(std::string_view region, std::string_view group) { return Head('G', region).append(group); }

std::string GroupScanPrefix(std::string_view region, std::string_view name_prefix) {
  return Head('G', region).append(name_prefix);
}

std::string StreamKey(std::string_view region, std::string_view group, std::string_view stream) {
  return StreamScanPrefix(region, group, stream);
}

std::string StreamScanPrefix(std::string_view region, std::string_view group, std::string_view name_prefix) {
  std::string key = Head('S', region);
  key.append(group);
  key += '\0';
  key.append(name_prefix);
  return key;
}

std::string EventGroupPrefix(std::string_view region, std::string_view group) {
  std::string key = Head('E', region);
  key.append(group);
  key += '\0';
  return key;
}

std::string EventStreamPrefix(std::string_view region, std::string_view group, std::string_view stream) {
  std::string key = EventGroupPrefix(region, group);
  key.append(stream);
  key += '\0';
  return key;
}

std::string EventKey(std::string_view region, std::string_view group, std::string_view stream, Position position) {
  std::string key = EventStreamPrefix(region, group, stream);
  AppendPosition(key, position);
  return key;
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last != 0xff) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return end;  // all 0xff: no upper bound
}

void AppendPosition(std::string& out, Position position) {
  AppendBigEndian(out, static_cast<uint64_t>(position.timestamp) ^ (uint64_t{1} << 63));
  AppendBigEndian(out, position.sequence);
}

std::optional<Position> DecodePosition(std::string_view bytes) {
  if (bytes.size() != 16) return std::nullopt;
  return Position{static_cast<int64_t>(ReadBigEndian(bytes) ^ (uint64_t{1} << 63)), ReadBigEndian(bytes.substr(8))};
}

std::string PositionHex(Position position) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string bytes;
  AppendPosition(bytes, position);
  std::string hex;
  for (unsigned char c : bytes) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
  }
  return hex;
}

std::optional<Position> ParsePositionHex(std::string_view hex) {
  if (hex.size() != 32) return std::nullopt;
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int v = 0;
    for (char c : hex.substr(i, 2)) {
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    bytes += static_cast<char>(v);
  }
  return DecodePosition(bytes);
}

}  // namespace cloudlet::logs
