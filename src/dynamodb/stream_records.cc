#include "dynamodb/stream_records.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <charconv>
#include <ctime>

#include "dynamodb/attribute_value.h"
#include "dynamodb/base64.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

namespace {

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint64_t Fnv1a(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// The item's key attributes, as an object and as its text.
std::string KeysOf(const Table& table, const json::object& item, json::object& keys) {
  if (auto* v = item.if_contains(table.hash.name)) keys[table.hash.name] = *v;
  if (table.range)
    if (auto* v = item.if_contains(table.range->name)) keys[table.range->name] = *v;
  return json::serialize(keys);
}

}  // namespace

std::string_view ViewTypeName(StreamViewType type) {
  switch (type) {
    case StreamViewType::kKeysOnly: return "KEYS_ONLY";
    case StreamViewType::kNewImage: return "NEW_IMAGE";
    case StreamViewType::kOldImage: return "OLD_IMAGE";
    case StreamViewType::kNewAndOldImages: return "NEW_AND_OLD_IMAGES";
  }
  return "NEW_AND_OLD_IMAGES";
}

std::optional<StreamViewType> ParseViewType(std::string_view name) {
  if (name == "KEYS_ONLY") return StreamViewType::kKeysOnly;
  if (name == "NEW_IMAGE") return StreamViewType::kNewImage;
  if (name == "OLD_IMAGE") return StreamViewType::kOldImage;
  if (name == "NEW_AND_OLD_IMAGES") return StreamViewType::kNewAndOldImages;
  return std::nullopt;
}

std::string SequenceNumberText(uint64_t sequence) { return fmt::format("{:021}", sequence); }

std::optional<uint64_t> ParseSequenceNumber(std::string_view text) {
  if (text.size() < 21 || text.size() > 40) return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  std::size_t first = text.find_first_not_of('0');
  if (first == std::string_view::npos) return 0;
  text.remove_prefix(first);
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) return UINT64_MAX;
  return value;
}

std::string StreamLabel(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, int(epoch_ms % 1000));
}

std::string StreamArn(std::string_view region, std::string_view account, std::string_view table,
                      std::string_view label) {
  return fmt::format("arn:aws:dynamodb:{}:{}:table/{}/stream/{}", region, account, table, label);
}

std::optional<StreamArnParts> ParseStreamArn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:dynamodb:";
  if (!arn.starts_with(kPrefix)) return std::nullopt;
  std::string_view rest = arn.substr(kPrefix.size());
  StreamArnParts parts;
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  parts.region = rest.substr(0, colon);
  rest.remove_prefix(colon + 1);
  colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  parts.account = rest.substr(0, colon);
  rest.remove_prefix(colon + 1);
  if (!rest.starts_with("table/")) return std::nullopt;
  rest.remove_prefix(6);
  auto slash = rest.find("/stream/");
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  parts.table = rest.substr(0, slash);
  parts.label = rest.substr(slash + 8);
  if (parts.label.empty() || parts.region.empty()) return std::nullopt;
  return parts;
}

std::string ShardId(int64_t created_ms, uint32_t stream_id) {
  return fmt::format("shardId-{:020}-{:08x}", created_ms, uint32_t(Mix(stream_id) >> 32));
}

std::string EventId(uint32_t stream_id, uint64_t sequence) {
  uint64_t a = Mix((uint64_t(stream_id) << 32) ^ sequence);
  uint64_t b = Mix(a ^ sequence);
  return fmt::format("{:016x}{:016x}", a, b);
}

std::optional<std::string> BuildStreamRecord(const ChangeInput& change, const RecordContext& context) {
  const json::object* old_item = change.old_item;
  const json::object* new_item = change.new_item;
  if (!old_item && !new_item) return std::nullopt;
  if (old_item && new_item && *old_item == *new_item) return std::nullopt;
  std::string_view event = !old_item ? "INSERT" : !new_item ? "REMOVE" : "MODIFY";
  bool with_new = new_item && (context.view == StreamViewType::kNewImage ||
                               context.view == StreamViewType::kNewAndOldImages);
  bool with_old = old_item && (context.view == StreamViewType::kOldImage ||
                               context.view == StreamViewType::kNewAndOldImages);
  json::object keys;
  std::string keys_text = KeysOf(*change.table, new_item ? *new_item : *old_item, keys);
  std::size_t size = ItemSize(keys);
  if (with_new) size += ItemSize(*new_item);
  if (with_old) size += ItemSize(*old_item);

  std::string out;
  out.reserve(256 + keys_text.size() + (with_new ? change.new_text.size() : 0) +
              (with_old ? change.old_text.size() : 0));
  out += R"({"eventID":")";
  out += EventId(context.stream_id, context.sequence);
  out += R"(","eventName":")";
  out += event;
  out += R"(","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":")";
  out += context.region;
  out += R"(","dynamodb":{"ApproximateCreationDateTime":)";
  out += std::to_string(context.now_ms / 1000);
  out += R"(,"Keys":)";
  out += keys_text;
  if (with_new) {
    out += R"(,"NewImage":)";
    out += change.new_text;
  }
  if (with_old) {
    out += R"(,"OldImage":)";
    out += change.old_text;
  }
  out += R"(,"SequenceNumber":")";
  out += SequenceNumberText(context.sequence);
  out += R"(","SizeBytes":)";
  out += std::to_string(size);
  out += R"(,"StreamViewType":")";
  out += ViewTypeName(context.view);
  out += "\"}";
  if (change.origin == ChangeOrigin::kTimeToLive)
    out += R"(,"userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"})";
  out += '}';
  return out;
}

std::string EncodeShardIterator(const ShardIterator& iterator) {
  std::string payload = fmt::format("{}:{}:{}:{}", iterator.stream_id, iterator.position, iterator.issued_ms,
                                    iterator.trim_horizon ? 1 : 0);
  payload += fmt::format(":{:016x}", Fnv1a(std::string(iterator.stream_arn) + "|" + payload));
  std::string out = iterator.stream_arn;
  out += "|1|";
  Base64Encode(payload, &out);
  return out;
}

std::optional<ShardIterator> DecodeShardIterator(std::string_view text) {
  auto bar = text.rfind("|1|");
  if (bar == std::string_view::npos || bar == 0) return std::nullopt;
  ShardIterator it;
  it.stream_arn = std::string(text.substr(0, bar));
  std::string payload;
  if (!Base64Decode(text.substr(bar + 3), &payload)) return std::nullopt;
  auto check_at = payload.rfind(':');
  if (check_at == std::string::npos) return std::nullopt;
  std::string body = payload.substr(0, check_at);
  if (payload.substr(check_at + 1) != fmt::format("{:016x}", Fnv1a(it.stream_arn + "|" + body))) return std::nullopt;
  uint64_t fields[4] = {};
  std::string_view rest = body;
  for (int i = 0; i < 4; ++i) {
    auto end = rest.find(':');
    std::string_view field = rest.substr(0, end);
    auto [p, ec] = std::from_chars(field.data(), field.data() + field.size(), fields[i]);
    if (ec != std::errc() || p != field.data() + field.size()) return std::nullopt;
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  }
  it.stream_id = static_cast<uint32_t>(fields[0]);
  it.position = fields[1];
  it.issued_ms = static_cast<int64_t>(fields[2]);
  it.trim_horizon = fields[3] != 0;
  return it;
}

}  // namespace cloudlet::dynamodb
