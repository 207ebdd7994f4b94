#include "logs/log_store.h"

#include <map>

#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace cloudlet::logs {
namespace errors {

aws::AwsError GroupNotFound() {
  return aws::AwsError::Make(400, "ResourceNotFoundException", "The specified log group does not exist.");
}
aws::AwsError StreamNotFound() {
  return aws::AwsError::Make(400, "ResourceNotFoundException", "The specified log stream does not exist.");
}
aws::AwsError GroupExists() {
  return aws::AwsError::Make(400, "ResourceAlreadyExistsException", "The specified log group already exists");
}
aws::AwsError StreamExists() {
  return aws::AwsError::Make(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
}
aws::AwsError InvalidParameter(std::string message) {
  return aws::AwsError::Make(400, "InvalidParameterException", std::move(message));
}
aws::AwsError Storage(const storage::Status& status) {
  return aws::AwsError::Make(500, "ServiceUnavailableException", "storage error: " + status.ToString());
}

}  // namespace errors
namespace {

std::string EncodeGroup(const LogGroup& g) {
  boost::json::object o;
  o["creationTime"] = g.creation_time;
  return boost::json::serialize(o);
}

std::optional<LogGroup> DecodeGroup(std::string_view name, std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  LogGroup g{std::string(name), 0};
  if (auto* t = v.as_object().if_contains("creationTime"); t && t->is_int64()) g.creation_time = t->as_int64();
  return g;
}

std::string EncodeStream(const LogStream& s) {
  boost::json::object o;
  o["creationTime"] = s.creation_time;
  if (s.first_event_timestamp) o["firstEventTimestamp"] = *s.first_event_timestamp;
  if (s.last_event_timestamp) o["lastEventTimestamp"] = *s.last_event_timestamp;
  if (s.last_ingestion_time) o["lastIngestionTime"] = *s.last_ingestion_time;
  o["nextSequence"] = s.next_sequence;
  o["storedBytes"] = s.stored_bytes;
  return boost::json::serialize(o);
}

std::optional<LogStream> DecodeStream(std::string_view name, std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  LogStream s;
  s.name = std::string(name);
  auto int_member = [&](const char* key) -> std::optional<int64_t> {
    auto* m = o.if_contains(key);
    if (m && m->is_int64()) return m->as_int64();
    if (m && m->is_uint64()) return static_cast<int64_t>(m->as_uint64());
    return std::nullopt;
  };
  s.creation_time = int_member("creationTime").value_or(0);
  s.first_event_timestamp = int_member("firstEventTimestamp");
  s.last_event_timestamp = int_member("lastEventTimestamp");
  s.last_ingestion_time = int_member("lastIngestionTime");
  s.next_sequence = static_cast<uint64_t>(int_member("nextSequence").value_or(1));
  s.stored_bytes = int_member("storedBytes").value_or(0);
  return s;
}

std::string EncodeEvent(int64_t ingestion_time, std::string_view message) {
  std::string out;
  out.reserve(8 + message.size());
  auto t = static_cast<uint64_t>(ingestion_time);
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((t >> shift) & 0xff);
  out += message;
  return out;
}

std::optional<LogEvent> DecodeEvent(std::string_view key, std::string_view value) {
  if (key.size() < 16 || value.size() < 8) return std::nullopt;
  auto position = DecodePosition(key.substr(key.size() - 16));
  if (!position) return std::nullopt;
  uint64_t t = 0;
  for (int i = 0; i < 8; ++i) t = (t << 8) | static_cast<unsigned char>(value[i]);
  return LogEvent{*position, static_cast<int64_t>(t), std::string(value.substr(8))};
}

}  // namespace

aws::Status LogStore::CreateGroup(std::string_view region, std::string_view group, int64_t now_ms) {
  std::lock_guard lock(write_mu_);
  std::string key = GroupKey(region, group);
  std::string value;
  storage::Status st = store_.Get(key, &value);
  if (st.ok()) return errors::GroupExists();
  if (!st.IsNotFound()) return errors::Storage(st);
  st = store_.Put(key, EncodeGroup({std::string(group), now_ms}));
  if (!st.ok()) return errors::Storage(st);
  return aws::OkStatus();
}

aws::Status LogStore::DeleteGroup(std::string_view region, std::string_view group) {
  std::lock_guard lock(write_mu_);
  std::string key = GroupKey(region, group);
  std::string value;
  storage::Status st = store_.Get(key, &value);
  if (st.IsNotFound()) return errors::GroupNotFound();
  if (!st.ok()) return errors::Storage(st);
  storage::WriteBatch batch;
  batch.Delete(key);
  std::string streams = StreamScanPrefix(region, group);
  batch.DeleteRange(streams, PrefixEnd(streams));
  std::string events = EventGroupPrefix(region, group);
  batch.DeleteRange(events, PrefixEnd(events));
  st = store_.Write(batch);
  if (!st.ok()) return errors::Storage(st);
  return aws::OkStatus();
}

aws::Result<LogGroup> LogStore::GetGroup(std::string_view region, std::string_view group) {
  std::string value;
  storage::Status st = store_.Get(GroupKey(region, group), &value);
  if (st.IsNotFound()) return errors::GroupNotFound();
  if (!st.ok()) return errors::Storage(st);
  auto g = DecodeGroup(group, value);
  if (!g) return aws::AwsError::Internal("corrupt log group record");
  return std::move(*g);
}

aws::Result<std::vector<LogGroup>> LogStore::ListGroups(std::string_view region, std::string_view prefix,
                                                        std::string_view after, std::size_t limit) {
  std::string head = GroupScanPrefix(region);
  std::string lower = GroupScanPrefix(region, prefix);
  auto it = store_.NewIterator({.lower_bound = lower, .upper_bound = PrefixEnd(lower)});
  std::vector<LogGroup> out;
  if (after.empty()) {
    it->SeekToFirst();
  } else {
    std::string from = head + std::string(after);
    from += '\0';  // strictly after `after`
    it->Seek(from);
  }
  for (; it->Valid() && out.size() < limit; it->Next()) {
    std::string_view name = it->key().substr(head.size());
    if (auto g = DecodeGroup(name, it->value())) out.push_back(std::move(*g));
  }
  if (!it->status().ok()) return errors::Storage(it->status());
  return out;
}

aws::Status LogStore::CreateStream(std::string_view region, std::string_view group, std::string_view stream,
                                   int64_t now_ms) {
  std::lock_guard lock(write_mu_);
  std::string value;
  storage::Status st = store_.Get(GroupKey(region, group), &value);
  if (st.IsNotFound()) return errors::GroupNotFound();
  if (!st.ok()) return errors::Storage(st);
  std::string key = StreamKey(region, group, stream);
  st = store_.Get(key, &value);
  if (st.ok()) return errors::StreamExists();
  if (!st.IsNotFound()) return errors::Storage(st);
  LogStream s;
  s.name = std::string(stream);
  s.creation_time = now_ms;
  st = store_.Put(key, EncodeStream(s));
  if (!st.ok()) return errors::Storage(st);
  return aws::OkStatus();
}

aws::Result<LogStream> LogStore::GetStream(std::string_view region, std::string_view group, std::string_view stream) {
  std::string value;
  storage::Status st = store_.Get(StreamKey(region, group, stream), &value);
  if (st.IsNotFound()) {
    // AWS names the group when it is the one missing.
    if (store_.Get(GroupKey(region, group), &value).IsNotFound()) return errors::GroupNotFound();
    return errors::StreamNotFound();
  }
  if (!st.ok()) return errors::Storage(st);
  auto s = DecodeStream(stream, value);
  if (!s) return aws::AwsError::Internal("corrupt log stream record");
  return std::move(*s);
}

aws::Result<std::vector<LogStream>> LogStore::ListStreams(std::string_view region, std::string_view group,
                                                          std::string_view prefix) {
  CLOUDLET_TRY(GetGroup(region, group));
  std::string head = StreamScanPrefix(region, group);
  std::string lower = StreamScanPrefix(region, group, prefix);
  auto it = store_.NewIterator({.lower_bound = lower, .upper_bound = PrefixEnd(lower)});
  std::vector<LogStream> out;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (auto s = DecodeStream(it->key().substr(head.size()), it->value())) out.push_back(std::move(*s));
  }
  if (!it->status().ok()) return errors::Storage(it->status());
  return out;
}

aws::Result<LogStream> LogStore::Stage(storage::WriteBatch& batch, std::string_view region, std::string_view group,
                                       std::string_view stream, std::span<const InputEvent> events, int64_t now_ms,
                                       bool create, std::map<std::string, LogStream, std::less<>>& staged) {
  std::string group_key = GroupKey(region, group);
  std::string stream_key = StreamKey(region, group, stream);
  LogStream s;
  if (auto it = staged.find(stream_key); it != staged.end()) {
    s = it->second;  // an earlier part of this batch: its group exists now
  } else {
    std::string value;
    storage::Status st = store_.Get(group_key, &value);
    if (st.IsNotFound()) {
      if (!create) return errors::GroupNotFound();
      batch.Put(group_key, EncodeGroup({std::string(group), now_ms}));
    } else if (!st.ok()) {
      return errors::Storage(st);
    }
    st = store_.Get(stream_key, &value);
    if (st.ok()) {
      auto decoded = DecodeStream(stream, value);
      if (!decoded) return aws::AwsError::Internal("corrupt log stream record");
      s = std::move(*decoded);
    } else if (st.IsNotFound()) {
      if (!create) return errors::StreamNotFound();
      s.name = std::string(stream);
      s.creation_time = now_ms;
    } else {
      return errors::Storage(st);
    }
  }
  for (const auto& e : events) {
    batch.Put(EventKey(region, group, stream, {e.timestamp, s.next_sequence++}), EncodeEvent(now_ms, e.message));
    s.first_event_timestamp = std::min(s.first_event_timestamp.value_or(e.timestamp), e.timestamp);
    s.last_event_timestamp = std::max(s.last_event_timestamp.value_or(e.timestamp), e.timestamp);
    s.stored_bytes += static_cast<int64_t>(e.message.size());
  }
  s.last_ingestion_time = now_ms;
  batch.Put(stream_key, EncodeStream(s));
  staged.insert_or_assign(std::move(stream_key), s);
  return s;
}

aws::Result<LogStream> LogStore::Append(std::string_view region, std::string_view group, std::string_view stream,
                                        std::span<const InputEvent> events, int64_t now_ms, bool create) {
  std::lock_guard lock(write_mu_);
  storage::WriteBatch batch;
  std::map<std::string, LogStream, std::less<>> staged;
  auto s = Stage(batch, region, group, stream, events, now_ms, create, staged);
  if (!s.ok()) return s;
  storage::Status st = store_.Write(batch);
  if (!st.ok()) return errors::Storage(st);
  return s;
}

aws::Status LogStore::AppendMany(std::span<const StreamAppend> appends, int64_t now_ms) {
  std::lock_guard lock(write_mu_);
  storage::WriteBatch batch;
  std::map<std::string, LogStream, std::less<>> staged;
  for (const auto& a : appends) {
    auto s = Stage(batch, a.region, a.group, a.stream, a.events, now_ms, /*create=*/true, staged);
    if (!s.ok()) return s.error();
  }
  storage::Status st = store_.Write(batch);
  if (!st.ok()) return errors::Storage(st);
  return aws::OkStatus();
}

aws::Result<std::vector<LogEvent>> LogStore::ReadEvents(std::string_view region, std::string_view group,
                                                        std::string_view stream, Position from, Position to,
                                                        bool forward, std::size_t limit) {
  std::vector<LogEvent> out;
  if (!(from < to) || limit == 0) return out;
  std::string prefix = EventStreamPrefix(region, group, stream);
  std::string lower = prefix, upper = prefix;
  AppendPosition(lower, from);
  AppendPosition(upper, to);
  auto it = store_.NewIterator({.lower_bound = lower, .upper_bound = upper});
  if (forward) {
    for (it->SeekToFirst(); it->Valid() && out.size() < limit; it->Next())
      if (auto e = DecodeEvent(it->key(), it->value())) out.push_back(std::move(*e));
  } else {
    for (it->SeekToLast(); it->Valid() && out.size() < limit; it->Prev())
      if (auto e = DecodeEvent(it->key(), it->value())) out.push_back(std::move(*e));
    std::reverse(out.begin(), out.end());
  }
  if (!it->status().ok()) return errors::Storage(it->status());
  return out;
}

}  // namespace cloudlet::logs
