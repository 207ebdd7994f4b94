// Request decoding, validation and response shapes of each operation. Texts
// of errors are AWS's where known. Paging tokens are opaque to clients:
//   DescribeLogGroups   the last group name returned
//   DescribeLogStreams  the offset into the sorted list
//   GetLogEvents        "f/<position>" (from there on) or "b/<position>" (before it)
//   FilterLogEvents     "<position>/<hex stream name>" of the last event returned
#include "logs/operations.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "logs/filter_pattern.h"

namespace cloudlet::logs {
namespace {

namespace json = boost::json;
using aws::AwsError;
using aws::Result;

AwsError Serialization(std::string_view member) {
  return AwsError::Make(400, "SerializationException", "Unexpected type for member " + std::string(member));
}

AwsError ConstraintError(std::string_view value, std::string_view member, std::string_view constraint) {
  return errors::InvalidParameter("1 validation error detected: Value '" + std::string(value) + "' at '" +
                                  std::string(member) + "' failed to satisfy constraint: " + std::string(constraint));
}

Result<std::optional<std::string_view>> OptString(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<std::string_view>{};
  if (!v->is_string()) return Serialization(key);
  return std::optional<std::string_view>{std::string_view(v->as_string())};
}

Result<std::optional<int64_t>> OptInt(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<int64_t>{};
  if (v->is_int64()) return std::optional<int64_t>{v->as_int64()};
  if (v->is_uint64() && v->as_uint64() <= INT64_MAX) return std::optional<int64_t>{int64_t(v->as_uint64())};
  return Serialization(key);
}

Result<bool> OptBool(const json::object& o, std::string_view key, bool fallback) {
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_bool()) return Serialization(key);
  return v->as_bool();
}

bool ValidGroupName(std::string_view name) {
  if (name.empty() || name.size() > 512) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == '/' || c == '#';
  });
}

// logGroupName, or the name inside logGroupIdentifier (a name or an ARN).
Result<std::string> GroupName(const json::object& o, bool allow_identifier) {
  auto name = OptString(o, "logGroupName");
  if (!name.ok()) return name.take_error();
  std::optional<std::string_view> chosen = *name;
  if (allow_identifier) {
    auto id = OptString(o, "logGroupIdentifier");
    if (!id.ok()) return id.take_error();
    if (*id && chosen) return errors::InvalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
    if (*id) {
      std::string_view v = **id;
      if (v.starts_with("arn:")) {
        auto at = v.find(":log-group:");
        if (at == std::string_view::npos) return errors::InvalidParameter("Invalid logGroupIdentifier: " + std::string(v));
        v = v.substr(at + 11);
        if (v.ends_with(":*")) v.remove_suffix(2);
      }
      chosen = v;
    }
  }
  if (!chosen) return errors::InvalidParameter("Either logGroupName or logGroupIdentifier must be specified.");
  if (!ValidGroupName(*chosen))
    return ConstraintError(*chosen, "logGroupName",
                           "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
  return std::string(*chosen);
}

Result<std::string> StreamName(const json::object& o) {
  auto name = OptString(o, "logStreamName");
  if (!name.ok()) return name.take_error();
  if (!*name) return errors::InvalidParameter("logStreamName must be specified.");
  std::string_view v = **name;
  if (v.empty() || v.size() > 512 || v.find_first_of(std::string_view(":*\0", 3)) != std::string_view::npos)
    return ConstraintError(v, "logStreamName", "Member must satisfy regular expression pattern: [^:*]*");
  return std::string(v);
}

Result<std::size_t> Limit(const json::object& o, int64_t max, int64_t fallback) {
  auto limit = OptInt(o, "limit");
  if (!limit.ok()) return limit.take_error();
  int64_t v = limit->value_or(fallback);
  if (v < 1 || v > max)
    return ConstraintError(std::to_string(v), "limit",
                           "Member must have value " + std::string(v < 1 ? "greater than or equal to 1" :
                                                                       "less than or equal to " + std::to_string(max)));
  return static_cast<std::size_t>(v);
}

std::string GroupArn(const OperationContext& ctx, std::string_view group) {
  return "arn:aws:logs:" + std::string(ctx.region) + ":" + std::string(ctx.account_id) + ":log-group:" +
         std::string(group);
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned v = 0;
    auto r = std::from_chars(hex.data() + i, hex.data() + i + 2, v, 16);
    if (r.ec != std::errc() || r.ptr != hex.data() + i + 2) return std::nullopt;
    out += static_cast<char>(v);
  }
  return out;
}

AwsError BadToken() { return errors::InvalidParameter("The specified nextToken is invalid."); }

// ---- groups ----

Result<std::string> CreateLogGroup(OperationContext& ctx, const json::object& req) {
  auto group = GroupName(req, false);
  if (!group.ok()) return group.take_error();
  CLOUDLET_TRY(ctx.store.CreateGroup(ctx.region, *group, ctx.now_ms));
  return std::string("{}");
}

Result<std::string> DeleteLogGroup(OperationContext& ctx, const json::object& req) {
  auto group = GroupName(req, false);
  if (!group.ok()) return group.take_error();
  CLOUDLET_TRY(ctx.store.DeleteGroup(ctx.region, *group));
  return std::string("{}");
}

Result<std::string> DescribeLogGroups(OperationContext& ctx, const json::object& req) {
  auto prefix = OptString(req, "logGroupNamePrefix");
  if (!prefix.ok()) return prefix.take_error();
  auto pattern = OptString(req, "logGroupNamePattern");
  if (!pattern.ok()) return pattern.take_error();
  if (*prefix && *pattern)
    return errors::InvalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
  auto token = OptString(req, "nextToken");
  if (!token.ok()) return token.take_error();
  auto limit = Limit(req, 50, 50);
  if (!limit.ok()) return limit.take_error();
  std::string after;
  if (*token) {
    auto decoded = Unhex(**token);
    if (!decoded || decoded->empty()) return BadToken();
    after = std::move(*decoded);
  }
  // A pattern is a case-insensitive substring: scan every group, keep matches.
  std::string needle;
  for (char c : pattern->value_or("")) needle += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  json::array groups;
  std::string last;
  bool more = false;
  while (true) {
    auto page = ctx.store.ListGroups(ctx.region, prefix->value_or(""), after, *limit + 1);
    if (!page.ok()) return page.take_error();
    for (auto& g : *page) {
      after = g.name;
      std::string lower;
      for (char c : g.name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!needle.empty() && lower.find(needle) == std::string::npos) continue;
      if (groups.size() == *limit) {
        more = true;
        break;
      }
      json::object o;
      o["logGroupName"] = g.name;
      o["creationTime"] = g.creation_time;
      o["metricFilterCount"] = 0;
      o["arn"] = GroupArn(ctx, g.name) + ":*";
      o["storedBytes"] = 0;
      o["logGroupClass"] = "STANDARD";
      o["logGroupArn"] = GroupArn(ctx, g.name);
      groups.push_back(std::move(o));
      last = g.name;
    }
    if (more || page->size() <= *limit) break;
  }
  json::object out;
  out["logGroups"] = std::move(groups);
  if (more) out["nextToken"] = Hex(last);
  return json::serialize(out);
}

// ---- streams ----

Result<std::string> CreateLogStream(OperationContext& ctx, const json::object& req) {
  auto group = GroupName(req, false);
  if (!group.ok()) return group.take_error();
  auto stream = StreamName(req);
  if (!stream.ok()) return stream.take_error();
  CLOUDLET_TRY(ctx.store.CreateStream(ctx.region, *group, *stream, ctx.now_ms));
  return std::string("{}");
}

Result<std::string> DescribeLogStreams(OperationContext& ctx, const json::object& req) {
  auto group = GroupName(req, true);
  if (!group.ok()) return group.take_error();
  auto prefix = OptString(req, "logStreamNamePrefix");
  if (!prefix.ok()) return prefix.take_error();
  auto order = OptString(req, "orderBy");
  if (!order.ok()) return order.take_error();
  std::string_view order_by = order->value_or("LogStreamName");
  if (order_by != "LogStreamName" && order_by != "LastEventTime")
    return ConstraintError(order_by, "orderBy",
                           "Member must satisfy enum value set: [LogStreamName, LastEventTime]");
  if (order_by == "LastEventTime" && *prefix)
    return errors::InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  auto descending = OptBool(req, "descending", false);
  if (!descending.ok()) return descending.take_error();
  auto limit = Limit(req, 50, 50);
  if (!limit.ok()) return limit.take_error();
  auto token = OptString(req, "nextToken");
  if (!token.ok()) return token.take_error();
  std::size_t offset = 0;
  if (*token) {
    auto t = **token;
    auto r = std::from_chars(t.data(), t.data() + t.size(), offset);
    if (r.ec != std::errc() || r.ptr != t.data() + t.size()) return BadToken();
  }
  auto streams = ctx.store.ListStreams(ctx.region, *group, prefix->value_or(""));
  if (!streams.ok()) return streams.take_error();
  auto& list = *streams;  // in name order
  if (order_by == "LastEventTime") {
    // Streams without events sort first, as if at time 0; ties by name.
    std::stable_sort(list.begin(), list.end(), [](const LogStream& a, const LogStream& b) {
      return a.last_event_timestamp.value_or(0) < b.last_event_timestamp.value_or(0);
    });
  }
  if (*descending) std::reverse(list.begin(), list.end());
  json::array out_streams;
  for (std::size_t i = offset; i < list.size() && out_streams.size() < *limit; ++i) {
    const auto& s = list[i];
    json::object o;
    o["logStreamName"] = s.name;
    o["creationTime"] = s.creation_time;
    if (s.first_event_timestamp) o["firstEventTimestamp"] = *s.first_event_timestamp;
    if (s.last_event_timestamp) o["lastEventTimestamp"] = *s.last_event_timestamp;
    if (s.last_ingestion_time) o["lastIngestionTime"] = *s.last_ingestion_time;
    o["uploadSequenceToken"] = std::to_string(s.next_sequence);
    o["arn"] = GroupArn(ctx, *group) + ":log-stream:" + s.name;
    o["storedBytes"] = 0;
    out_streams.push_back(std::move(o));
  }
  json::object out;
  std::size_t end = offset + out_streams.size();
  out["logStreams"] = std::move(out_streams);
  if (end < list.size()) out["nextToken"] = std::to_string(end);
  return json::serialize(out);
}

// ---- events ----

Result<std::string> PutLogEvents(OperationContext& ctx, const json::object& req) {
  auto group = GroupName(req, false);
  if (!group.ok()) return group.take_error();
  auto stream = StreamName(req);
  if (!stream.ok()) return stream.take_error();
  auto* list = req.if_contains("logEvents");
  if (list == nullptr || list->is_null()) return errors::InvalidParameter("logEvents must be specified.");
  if (!list->is_array()) return Serialization("logEvents");
  const auto& arr = list->as_array();
  if (arr.empty() || arr.size() > 10000)
    return ConstraintError("[...]", "logEvents", "Member must have length between 1 and 10000");
  std::vector<InputEvent> events;
  events.reserve(arr.size());
  for (const auto& v : arr) {
    if (!v.is_object()) return Serialization("logEvents");
    auto ts = OptInt(v.as_object(), "timestamp");
    if (!ts.ok()) return ts.take_error();
    auto msg = OptString(v.as_object(), "message");
    if (!msg.ok()) return msg.take_error();
    if (!*ts || !*msg) return errors::InvalidParameter("Each log event must have a timestamp and a message.");
    if (msg->value().empty())
      return ConstraintError("", "logEvents.member.message", "Member must have length greater than or equal to 1");
    if (!events.empty() && **ts < events.back().timestamp)
      return errors::InvalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
    events.push_back({**ts, **msg});
  }
  if (events.back().timestamp - events.front().timestamp > 24 * 3600 * 1000)
    return errors::InvalidParameter("Log events in a single PutLogEvents request cannot span more than 24 hours.");
  auto appended = ctx.store.Append(ctx.region, *group, *stream, events, ctx.now_ms);
  if (!appended.ok()) return appended.take_error();
  json::object out;
  out["nextSequenceToken"] = std::to_string(appended->next_sequence);
  return json::serialize(out);
}

Result<std::string> GetLogEvents(OperationContext& ctx, const json::object& req) {
  auto group = GroupName(req, true);
  if (!group.ok()) return group.take_error();
  auto stream = StreamName(req);
  if (!stream.ok()) return stream.take_error();
  auto start = OptInt(req, "startTime");
  if (!start.ok()) return start.take_error();
  auto end = OptInt(req, "endTime");
  if (!end.ok()) return end.take_error();
  auto from_head = OptBool(req, "startFromHead", false);
  if (!from_head.ok()) return from_head.take_error();
  auto limit = Limit(req, 10000, 10000);
  if (!limit.ok()) return limit.take_error();
  auto token = OptString(req, "nextToken");
  if (!token.ok()) return token.take_error();
  CLOUDLET_TRY(ctx.store.GetStream(ctx.region, *group, *stream));

  // [lo, hi): startTime inclusive, endTime exclusive.
  Position lo = start->has_value() ? Position{**start, 0} : Position::Min();
  Position hi = end->has_value() ? Position{**end, 0} : Position{INT64_MAX, UINT64_MAX};
  bool forward = *from_head;
  if (*token) {
    std::string_view t = **token;
    auto pos = t.size() > 2 ? ParsePositionHex(t.substr(2)) : std::nullopt;
    if (!pos || (t[0] != 'f' && t[0] != 'b') || t[1] != '/') return BadToken();
    forward = t[0] == 'f';
    if (forward) lo = std::max(lo, *pos);
    else hi = std::min(hi, *pos);
  }
  auto events = ctx.store.ReadEvents(ctx.region, *group, *stream, lo, hi, forward, *limit);
  if (!events.ok()) return events.take_error();
  json::array out_events;
  for (const auto& e : *events) {
    json::object o;
    o["timestamp"] = e.position.timestamp;
    o["message"] = e.message;
    o["ingestionTime"] = e.ingestion_time;
    out_events.push_back(std::move(o));
  }
  json::object out;
  if (!events->empty()) {
    out["nextForwardToken"] = "f/" + PositionHex(events->back().position.Next());
    out["nextBackwardToken"] = "b/" + PositionHex(events->front().position);
  } else if (*token) {
    // At the end: the same token again, which is how clients know to stop.
    out["nextForwardToken"] = forward ? std::string(**token) : "f/" + PositionHex(hi);
    out["nextBackwardToken"] = forward ? "b/" + PositionHex(lo) : std::string(**token);
  } else {
    // Nothing in [lo, hi): following the forward token shows events added later.
    out["nextForwardToken"] = "f/" + PositionHex(lo);
    out["nextBackwardToken"] = "b/" + PositionHex(lo);
  }
  out["events"] = std::move(out_events);
  return json::serialize(out);
}

uint64_t Fnv1a(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Unique across the group's streams (`aws logs tail --follow` dedupes on it).
std::string EventId(Position position, std::string_view stream) {
  std::string hash;
  uint64_t h = Fnv1a(stream);
  for (int shift = 56; shift >= 0; shift -= 8) hash += static_cast<char>((h >> shift) & 0xff);
  return PositionHex(position) + Hex(hash);
}

Result<std::string> FilterLogEvents(OperationContext& ctx, const json::object& req) {
  auto group = GroupName(req, true);
  if (!group.ok()) return group.take_error();
  auto prefix = OptString(req, "logStreamNamePrefix");
  if (!prefix.ok()) return prefix.take_error();
  std::vector<std::string> names;
  bool by_name = false;
  if (auto* v = req.if_contains("logStreamNames"); v && !v->is_null()) {
    if (!v->is_array()) return Serialization("logStreamNames");
    if (v->as_array().empty() || v->as_array().size() > 100)
      return ConstraintError("[...]", "logStreamNames", "Member must have length between 1 and 100");
    by_name = true;
    for (const auto& n : v->as_array()) {
      if (!n.is_string()) return Serialization("logStreamNames");
      names.emplace_back(n.as_string());
    }
  }
  if (by_name && *prefix)
    return errors::InvalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
  auto start = OptInt(req, "startTime");
  if (!start.ok()) return start.take_error();
  auto end = OptInt(req, "endTime");
  if (!end.ok()) return end.take_error();
  auto pattern_text = OptString(req, "filterPattern");
  if (!pattern_text.ok()) return pattern_text.take_error();
  std::string why;
  auto pattern = FilterPattern::Parse(pattern_text->value_or(""), &why);
  if (!pattern) return errors::InvalidParameter(why);
  auto limit = Limit(req, 10000, 10000);
  if (!limit.ok()) return limit.take_error();
  auto token = OptString(req, "nextToken");
  if (!token.ok()) return token.take_error();

  // Resume strictly after (position, stream) of the token.
  std::optional<std::pair<Position, std::string>> after;
  if (*token) {
    std::string_view t = **token;
    auto pos = t.size() >= 33 && t[32] == '/' ? ParsePositionHex(t.substr(0, 32)) : std::nullopt;
    auto name = pos ? Unhex(t.substr(33)) : std::nullopt;
    if (!pos || !name) return BadToken();
    after.emplace(*pos, std::move(*name));
  }

  auto streams = ctx.store.ListStreams(ctx.region, *group, prefix->value_or(""));
  if (!streams.ok()) return streams.take_error();
  if (by_name) {
    std::erase_if(*streams, [&](const LogStream& s) { return std::find(names.begin(), names.end(), s.name) == names.end(); });
  }
  // startTime and endTime both inclusive.
  Position lo = start->has_value() ? Position{**start, 0} : Position::Min();
  Position hi{INT64_MAX, UINT64_MAX};
  if (end->has_value() && **end < INT64_MAX) hi = Position{**end + 1, 0};

  struct Found {
    LogEvent event;
    const std::string* stream;
  };
  auto before = [](const Found& a, const Found& b) {
    if (a.event.position.timestamp != b.event.position.timestamp)
      return a.event.position.timestamp < b.event.position.timestamp;
    if (*a.stream != *b.stream) return *a.stream < *b.stream;
    return a.event.position.sequence < b.event.position.sequence;
  };
  std::vector<Found> found;
  // Each stream is scanned in position order from the token's timestamp and
  // contributes at most `limit` + 1 matches: no more can make this page, and
  // the one past it says whether there is a next page (a nextToken).
  constexpr std::size_t kChunk = 1000;
  const std::size_t wanted = static_cast<std::size_t>(*limit) + 1;
  for (const auto& s : *streams) {
    Position from = lo;
    if (after) from = std::max(from, Position{after->first.timestamp, 0});
    std::size_t matched = 0;
    while (matched < wanted) {
      auto chunk = ctx.store.ReadEvents(ctx.region, *group, s.name, from, hi, true, kChunk);
      if (!chunk.ok()) return chunk.take_error();
      for (auto& e : *chunk) {
        Found f{std::move(e), &s.name};
        if (after) {
          Found mark{LogEvent{after->first, 0, {}}, &after->second};
          if (!before(mark, f)) continue;
        }
        if (!pattern->Matches(f.event.message)) continue;
        found.push_back(std::move(f));
        if (++matched == wanted) break;
      }
      if (chunk->size() < kChunk) break;
      from = chunk->back().position.Next();
    }
  }
  std::sort(found.begin(), found.end(), before);
  bool more = found.size() > *limit;
  if (more) found.resize(*limit);

  json::array out_events;
  for (const auto& f : found) {
    json::object o;
    o["logStreamName"] = *f.stream;
    o["timestamp"] = f.event.position.timestamp;
    o["message"] = f.event.message;
    o["ingestionTime"] = f.event.ingestion_time;
    o["eventId"] = EventId(f.event.position, *f.stream);
    out_events.push_back(std::move(o));
  }
  json::array searched;
  for (const auto& s : *streams) {
    json::object o;
    o["logStreamName"] = s.name;
    o["searchedCompletely"] = !more;
    searched.push_back(std::move(o));
  }
  json::object out;
  out["events"] = std::move(out_events);
  out["searchedLogStreams"] = std::move(searched);
  if (more) out["nextToken"] = PositionHex(found.back().event.position) + "/" + Hex(*found.back().stream);
  return json::serialize(out);
}

}  // namespace

Operation FindOperation(std::string_view name) {
  static const std::unordered_map<std::string_view, Operation> kOperations = {
      {"CreateLogGroup", CreateLogGroup},   {"DeleteLogGroup", DeleteLogGroup},
      {"DescribeLogGroups", DescribeLogGroups}, {"CreateLogStream", CreateLogStream},
      {"DescribeLogStreams", DescribeLogStreams}, {"PutLogEvents", PutLogEvents},
      {"GetLogEvents", GetLogEvents},       {"FilterLogEvents", FilterLogEvents},
  };
  auto it = kOperations.find(name);
  return it == kOperations.end() ? nullptr : it->second;
}

}  // namespace cloudlet::logs
