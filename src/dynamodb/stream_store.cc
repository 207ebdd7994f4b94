#include "dynamodb/stream_store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "dynamodb/errors.h"
#include "dynamodb/key_codec.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

namespace {

constexpr char kRecordTag = 0x13;
constexpr char kStreamTag = 0x14;

void AppendBigEndian(uint64_t v, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(char(v >> (8 * i)));
}

uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return v;
}

std::string StreamKey(uint32_t id) {
  std::string key(1, kStreamTag);
  AppendBigEndian(id, 4, &key);
  return key;
}

std::string RecordPrefix(uint32_t id) {
  std::string key(1, kRecordTag);
  AppendBigEndian(id, 4, &key);
  return key;
}

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

aws::AwsError StorageError(const storage::Status& st) {
  return errors::InternalServerError("storage: " + st.ToString());
}

json::object StreamRecordJson(const StreamState& s) {
  json::object o;
  o["id"] = s.id;
  o["arn"] = s.arn;
  o["label"] = s.label;
  o["region"] = s.region;
  o["account"] = s.account;
  o["table"] = s.table_name;
  o["shard"] = s.shard_id;
  o["key_schema"] = s.key_schema;
  o["view"] = ViewTypeName(s.view);
  o["created_ms"] = s.created_ms;
  o["start"] = s.start_sequence;
  o["enabled"] = s.enabled.load();
  o["trimmed_below"] = s.trimmed_below.load();
  if (!s.enabled.load()) {
    o["disabled_ms"] = s.disabled_ms;
    o["end_next"] = s.end_next;
  }
  return o;
}

StreamPtr StreamFromJson(const json::object& o) {
  auto s = std::make_shared<StreamState>();
  s->id = static_cast<uint32_t>(o.at("id").to_number<uint64_t>());
  s->arn = std::string(o.at("arn").as_string());
  s->label = std::string(o.at("label").as_string());
  s->region = std::string(o.at("region").as_string());
  s->account = std::string(o.at("account").as_string());
  s->table_name = std::string(o.at("table").as_string());
  s->shard_id = std::string(o.at("shard").as_string());
  s->key_schema = std::string(o.at("key_schema").as_string());
  s->view = ParseViewType(o.at("view").as_string()).value_or(StreamViewType::kNewAndOldImages);
  s->created_ms = o.at("created_ms").to_number<int64_t>();
  s->start_sequence = o.at("start").to_number<uint64_t>();
  s->enabled = o.at("enabled").as_bool();
  s->trimmed_below = o.at("trimmed_below").to_number<uint64_t>();
  if (auto* d = o.if_contains("disabled_ms")) s->disabled_ms = d->to_number<int64_t>();
  if (auto* e = o.if_contains("end_next")) s->end_next = e->to_number<uint64_t>();
  return s;
}

}  // namespace

std::string StreamRecordKey(uint32_t stream_id, uint64_t sequence) {
  std::string key = RecordPrefix(stream_id);
  AppendBigEndian(sequence, 8, &key);
  return key;
}

std::optional<uint64_t> StreamState::EndingSequence() const {
  if (enabled.load()) return std::nullopt;
  return end_next > start_sequence ? end_next - 1 : start_sequence;
}

StreamStore::StreamStore(Database& db, StreamStoreOptions options) : db_(db), options_(options) {
  Load();
  if (options_.background_trim) trimmer_ = std::jthread([this](std::stop_token stop) { TrimLoop(stop); });
}

StreamStore::~StreamStore() {
  if (trimmer_.joinable()) {
    trimmer_.request_stop();
    trim_cv_.notify_all();
    trimmer_.join();
  }
}

void StreamStore::Load() {
  std::string lower(1, kStreamTag), upper(1, kStreamTag + 1);
  auto it = db_.store().NewIterator(storage::IteratorOptions{.lower_bound = lower, .upper_bound = upper});
  for (it->Seek(lower); it->Valid(); it->Next()) {
    boost::system::error_code ec;
    auto parsed = json::parse(it->value(), ec);
    if (ec || !parsed.is_object()) continue;
    StreamPtr s = StreamFromJson(parsed.as_object());
    // The next sequence number follows the last record kept (or trimmed).
    uint64_t next = std::max(s->start_sequence, s->trimmed_below.load());
    if (!s->enabled) next = std::max(next, s->end_next);
    std::string prefix = RecordPrefix(s->id);
    auto records = db_.store().NewIterator(storage::IteratorOptions{.lower_bound = prefix, .upper_bound = PrefixEnd(prefix)});
    records->SeekToLast();
    if (records->Valid()) next = std::max(next, ReadBigEndian(records->key().substr(5, 8)) + 1);
    records->SeekToFirst();
    if (records->Valid()) s->trimmed_below = std::max(s->trimmed_below.load(), ReadBigEndian(records->key().substr(5, 8)));
    else s->trimmed_below = std::max(s->trimmed_below.load(), next);
    s->next_sequence = next;
    s->settled_below = next;  // nothing from a previous run is still in flight
    last_created_ms_ = std::max(last_created_ms_, s->created_ms);
    by_arn_[s->arn] = s;
    streams_[s->id] = std::move(s);
  }
}

aws::Status StreamStore::Persist(const StreamState& stream, storage::WriteBatch* batch) {
  std::string value = json::serialize(StreamRecordJson(stream));
  if (batch) {
    batch->Put(StreamKey(stream.id), value);
    return aws::OkStatus();
  }
  auto st = db_.store().Put(StreamKey(stream.id), value);
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

aws::Result<StreamPtr> StreamStore::Create(const Table& table, StreamViewType view, std::string_view account) {
  auto id = db_.NewIndexId();
  if (!id.ok()) return id.take_error();
  auto s = std::make_shared<StreamState>();
  s->id = *id;
  s->region = table.region;
  s->account = std::string(account);
  s->table_name = table.name;
  s->view = view;
  if (auto* ks = table.description.if_contains("KeySchema")) s->key_schema = json::serialize(*ks);
  std::unique_lock lock(mu_);
  // Labels are creation times: each later than the last, so no two streams share an ARN.
  s->created_ms = std::max(NowMs(), last_created_ms_ + 1);
  last_created_ms_ = s->created_ms;
  s->label = StreamLabel(s->created_ms);
  s->arn = StreamArn(s->region, account, s->table_name, s->label);
  s->shard_id = ShardId(s->created_ms, s->id);
  // Sequence numbers start at creation ms × 10^6: 21 digits, later streams higher.
  s->start_sequence = uint64_t(s->created_ms) * 1000000 + 1;
  s->next_sequence = s->start_sequence;
  s->settled_below = s->start_sequence;
  s->trimmed_below = s->start_sequence;
  CLOUDLET_TRY(Persist(*s));
  streams_[s->id] = s;
  by_arn_[s->arn] = s;
  return s;
}

void StreamStore::Discard(uint32_t stream_id) {
  std::unique_lock lock(mu_);
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return;
  by_arn_.erase(it->second->arn);
  streams_.erase(it);
  (void)db_.store().Delete(StreamKey(stream_id));
}

aws::Status StreamStore::Disable(uint32_t stream_id) {
  StreamPtr s = FindById(stream_id);
  if (!s || !s->enabled.exchange(false)) return aws::OkStatus();
  // Writers check `enabled` under their item's lock: once every lock has been
  // free, no record can be added, and the shard's end is final.
  db_.WaitForWritesInFlight();
  std::unique_lock lock(mu_);
  s->disabled_ms = NowMs();
  s->end_next = s->next_sequence.load();
  s->settled_below = s->end_next;
  return Persist(*s);
}

StreamPtr StreamStore::Find(std::string_view arn) const {
  std::shared_lock lock(mu_);
  auto it = by_arn_.find(arn);
  return it == by_arn_.end() ? nullptr : it->second;
}

StreamPtr StreamStore::FindById(uint32_t stream_id) const {
  std::shared_lock lock(mu_);
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? nullptr : it->second;
}

std::vector<StreamPtr> StreamStore::List() const {
  std::shared_lock lock(mu_);
  std::vector<StreamPtr> out;
  out.reserve(streams_.size());
  for (const auto& [id, s] : streams_) out.push_back(s);
  return out;
}

aws::Status StreamStore::Stage(const Table& table, std::string_view, const json::object* old_item,
                               std::string_view old_text, const json::object* new_item, std::string_view new_text,
                               ChangeOrigin origin, storage::WriteBatch& batch) {
  if (!old_item && !new_item) return aws::OkStatus();
  if (old_item && new_item && *old_item == *new_item) return aws::OkStatus();  // nothing changed: no record
  StreamPtr s = FindById(table.stream_id);
  if (!s || !s->enabled.load()) return aws::OkStatus();
  int64_t now = NowMs();
  uint64_t sequence = s->next_sequence.fetch_add(1);
  ChangeInput change{&table, old_item, old_text, new_item, new_text, origin};
  auto record = BuildStreamRecord(change, RecordContext{s->view, s->region, s->id, sequence, now});
  if (!record) return aws::OkStatus();
  std::string value;
  value.reserve(8 + record->size());
  AppendBigEndian(uint64_t(now), 8, &value);
  value += *record;
  batch.Put(StreamRecordKey(s->id, sequence), value);
  return aws::OkStatus();
}

aws::Result<StreamStore::ReadResult> StreamStore::Read(StreamState& stream, uint64_t position, std::size_t limit,
                                                       std::size_t max_bytes) {
  position = std::max(position, stream.trimmed_below.load());
  std::string prefix = RecordPrefix(stream.id);
  for (int attempt = 0;; ++attempt) {
    ReadResult out;
    out.next_position = position;
    uint64_t allocated = stream.next_sequence.load();
    uint64_t settled = stream.settled_below.load();
    bool blocked = false;  // stopped at a gap that a write in flight may still fill
    std::size_t bytes = 0;
    auto it = db_.store().NewIterator(storage::IteratorOptions{.lower_bound = prefix, .upper_bound = PrefixEnd(prefix)});
    for (it->Seek(StreamRecordKey(stream.id, position)); it->Valid() && out.records.size() < limit; it->Next()) {
      uint64_t sequence = ReadBigEndian(it->key().substr(5, 8));
      if (sequence != out.next_position && sequence > settled) {
        blocked = true;
        break;
      }
      std::string_view record = it->value().substr(8);
      if (!out.records.empty() && bytes + record.size() > max_bytes) break;
      bytes += record.size();
      out.records.emplace_back(record);
      out.next_position = sequence + 1;
    }
    if (!it->status().ok()) return StorageError(it->status());
    if (blocked && out.records.empty() && attempt == 0) {
      // Wait for the writes that allocated the missing numbers, then read again.
      db_.WaitForWritesInFlight();
      uint64_t current = stream.settled_below.load();
      while (current < allocated && !stream.settled_below.compare_exchange_weak(current, allocated)) {
      }
      continue;
    }
    if (!blocked && !stream.enabled.load() && out.records.size() < limit) {
      // Closed: past the last record there is nothing more, ever.
      out.end_of_shard = true;
      out.next_position = std::max(out.next_position, stream.end_next);
    }
    return out;
  }
}

void StreamStore::TrimExpired(int64_t now_ms) {
  int64_t cutoff = now_ms - options_.retention.count();
  for (const StreamPtr& s : List()) {
    std::string prefix = RecordPrefix(s->id);
    if (!s->enabled.load() && s->disabled_ms != 0 && s->disabled_ms < cutoff) {
      storage::WriteBatch batch;
      batch.Delete(StreamKey(s->id));
      batch.DeleteRange(prefix, PrefixEnd(prefix));
      if (auto st = db_.store().Write(batch); !st.ok()) {
        spdlog::warn("dynamodb: dropping expired stream {} failed: {}", s->arn, st.ToString());
        continue;
      }
      std::unique_lock lock(mu_);
      by_arn_.erase(s->arn);
      streams_.erase(s->id);
      continue;
    }
    auto it = db_.store().NewIterator(storage::IteratorOptions{.lower_bound = prefix, .upper_bound = PrefixEnd(prefix)});
    uint64_t keep_from = 0;
    bool any_trimmed = false;
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      if (int64_t(ReadBigEndian(it->value().substr(0, 8))) >= cutoff) break;
      keep_from = ReadBigEndian(it->key().substr(5, 8)) + 1;
      any_trimmed = true;
    }
    if (!any_trimmed) continue;
    uint64_t horizon = std::max(keep_from, s->trimmed_below.load());
    storage::WriteBatch batch;
    batch.DeleteRange(prefix, StreamRecordKey(s->id, keep_from));
    std::unique_lock lock(mu_);
    s->trimmed_below = horizon;
    (void)Persist(*s, &batch);
    if (auto st = db_.store().Write(batch); !st.ok())
      spdlog::warn("dynamodb: trimming stream {} failed: {}", s->arn, st.ToString());
  }
}

void StreamStore::TrimLoop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(trim_mu_);
      trim_cv_.wait_for(lock, stop, options_.trim_interval, [] { return false; });
    }
    if (stop.stop_requested()) return;
    TrimExpired(NowMs());
  }
}

}  // namespace cloudlet::dynamodb
