#include "dynamodb/streams_operations.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <ctime>

#include "dynamodb/errors.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/stream_records.h"
#include "dynamodb/stream_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

aws::AwsError StreamNotFound(std::string_view arn) {
  return errors::ResourceNotFound(fmt::format("Requested resource not found: Stream: {} not found", arn));
}

// Length constraints of the model's string shapes, with DynamoDB's texts.
void CheckLength(const json::object& req, std::string_view member, std::string_view path, std::size_t min,
                 std::size_t max, bool required, ConstraintErrors& errors) {
  auto* v = req.if_contains(member);
  if (v == nullptr || v->is_null()) {
    if (required) errors.Add(nullptr, path, "Member must not be null");
    return;
  }
  if (!v->is_string()) return;
  std::size_t n = v->get_string().size();
  if (n < min) errors.Add(v, path, fmt::format("Member must have length greater than or equal to {}", min));
  if (n > max) errors.Add(v, path, fmt::format("Member must have length less than or equal to {}", max));
}

Result<std::optional<int64_t>> Limit(const json::object& req, int64_t max, ConstraintErrors& errors) {
  auto limit = IntMember(req, "Limit");
  if (!limit.ok()) return limit.take_error();
  if (*limit && **limit < 1) errors.Add(req.if_contains("Limit"), "limit", "Member must have value greater than or equal to 1");
  if (*limit && **limit > max)
    errors.Add(req.if_contains("Limit"), "limit", fmt::format("Member must have value less than or equal to {}", max));
  return *limit;
}

// The stream an ARN names, visible to the caller.
Result<StreamPtr> RequireStream(StreamsContext& ctx, std::string_view arn) {
  auto parts = ParseStreamArn(arn);
  if (!parts) return errors::Validation(fmt::format("Invalid StreamArn: {}", arn));
  StreamPtr stream = ctx.streams.Find(arn);
  if (!stream || (!ctx.region.empty() && stream->region != ctx.region) ||
      (!ctx.account.empty() && stream->account != ctx.account))
    return StreamNotFound(arn);
  return stream;
}

// "Sun Jun 11 10:24:11 UTC 2017", as the Java services print a Date.
std::string JavaDate(int64_t epoch_ms) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{} {} {:02} {:02}:{:02}:{:02} UTC {}", kDays[tm.tm_wday], kMonths[tm.tm_mon], tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
}

}  // namespace

StreamsOperation FindStreamsOperation(std::string_view name) {
  if (name == "ListStreams") return ListStreams;
  if (name == "DescribeStream") return DescribeStream;
  if (name == "GetShardIterator") return GetShardIterator;
  if (name == "GetRecords") return GetRecords;
  return nullptr;
}

Result<std::string> ListStreams(StreamsContext& ctx, json::object& req) {
  auto table = StringMember(req, "TableName");
  if (!table.ok()) return table.take_error();
  auto start = StringMember(req, "ExclusiveStartStreamArn");
  if (!start.ok()) return start.take_error();
  ConstraintErrors errors;
  if (*table) CheckTableName(req, errors, 3, "tableName");
  CheckLength(req, "ExclusiveStartStreamArn", "exclusiveStartStreamArn", 37, 1024, false, errors);
  auto limit = Limit(req, 100, errors);
  if (!limit.ok()) return limit.take_error();
  if (auto e = errors.Error()) return *e;
  if (*start && !ParseStreamArn(**start)) return errors::Validation(fmt::format("Invalid StreamArn: {}", **start));
  std::size_t n = *limit ? std::size_t(**limit) : 100;

  // In ARN order, so paging resumes after any ARN, even one since trimmed.
  std::vector<StreamPtr> streams = ctx.streams.List();
  std::sort(streams.begin(), streams.end(), [](const StreamPtr& a, const StreamPtr& b) { return a->arn < b->arn; });
  json::array out;
  std::string last;
  bool more = false;
  for (const StreamPtr& s : streams) {
    if (!ctx.region.empty() && s->region != ctx.region) continue;
    if (!ctx.account.empty() && s->account != ctx.account) continue;
    if (*table && s->table_name != **table) continue;
    if (*start && s->arn <= **start) continue;
    if (out.size() == n) {
      more = true;
      break;
    }
    out.push_back(json::object{{"StreamArn", s->arn}, {"TableName", s->table_name}, {"StreamLabel", s->label}});
    last = s->arn;
  }
  json::object body;
  body["Streams"] = std::move(out);
  if (more) body["LastEvaluatedStreamArn"] = last;
  return json::serialize(body);
}

Result<std::string> DescribeStream(StreamsContext& ctx, json::object& req) {
  auto arn = StringMember(req, "StreamArn");
  if (!arn.ok()) return arn.take_error();
  auto exclusive_start = StringMember(req, "ExclusiveStartShardId");
  if (!exclusive_start.ok()) return exclusive_start.take_error();
  auto filter = ObjectMember(req, "ShardFilter");
  if (!filter.ok()) return filter.take_error();
  ConstraintErrors errors;
  CheckLength(req, "StreamArn", "streamArn", 37, 1024, true, errors);
  CheckLength(req, "ExclusiveStartShardId", "exclusiveStartShardId", 28, 65, false, errors);
  auto limit = Limit(req, 100, errors);
  if (!limit.ok()) return limit.take_error();
  if (*filter) CheckEnum(**filter, "Type", "shardFilter.type", {"CHILD_SHARDS"}, errors);
  if (auto e = errors.Error()) return *e;
  auto stream = RequireStream(ctx, **arn);
  if (!stream.ok()) return stream.take_error();
  const StreamState& s = **stream;

  json::array shards;
  // One shard, never split: it has no children, and nothing follows it.
  bool listed = !*filter && (!*exclusive_start || **exclusive_start < s.shard_id);
  if (listed) {
    json::object range{{"StartingSequenceNumber", SequenceNumberText(s.start_sequence)}};
    if (auto end = s.EndingSequence()) range["EndingSequenceNumber"] = SequenceNumberText(*end);
    shards.push_back(json::object{{"ShardId", s.shard_id}, {"SequenceNumberRange", std::move(range)}});
  }
  json::object d;
  d["StreamArn"] = s.arn;
  d["StreamLabel"] = s.label;
  d["StreamStatus"] = s.enabled.load() ? "ENABLED" : "DISABLED";
  d["StreamViewType"] = ViewTypeName(s.view);
  d["CreationRequestDateTime"] = double(s.created_ms) / 1000.0;
  d["TableName"] = s.table_name;
  boost::system::error_code ec;
  auto key_schema = json::parse(s.key_schema, ec);
  d["KeySchema"] = ec ? json::value(json::array{}) : key_schema;
  d["Shards"] = std::move(shards);
  return json::serialize(json::object{{"StreamDescription", std::move(d)}});
}

Result<std::string> GetShardIterator(StreamsContext& ctx, json::object& req) {
  for (const char* member : {"StreamArn", "ShardId", "ShardIteratorType", "SequenceNumber"}) {
    auto v = StringMember(req, member);
    if (!v.ok()) return v.take_error();
  }
  ConstraintErrors errors;
  CheckLength(req, "StreamArn", "streamArn", 37, 1024, true, errors);
  CheckLength(req, "ShardId", "shardId", 28, 65, true, errors);
  if (!req.contains("ShardIteratorType") || req.at("ShardIteratorType").is_null())
    errors.Add(nullptr, "shardIteratorType", "Member must not be null");
  CheckEnum(req, "ShardIteratorType", "shardIteratorType",
            {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"}, errors);
  CheckLength(req, "SequenceNumber", "sequenceNumber", 21, 40, false, errors);
  if (auto e = errors.Error()) return *e;
  std::string_view arn = req.at("StreamArn").get_string();
  std::string_view shard_id = req.at("ShardId").get_string();
  std::string_view type = req.at("ShardIteratorType").get_string();
  auto* seq_value = req.if_contains("SequenceNumber");
  bool has_sequence = seq_value && seq_value->is_string();
  auto stream = RequireStream(ctx, arn);
  if (!stream.ok()) return stream.take_error();
  StreamState& s = **stream;
  if (shard_id != s.shard_id)
    return errors::ResourceNotFound(
        fmt::format("Requested resource not found: Shard does not exist: {} in stream {}", shard_id, arn));

  ShardIterator it{.stream_arn = s.arn, .stream_id = s.id, .issued_ms = NowMs()};
  bool by_sequence = type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER";
  if (by_sequence && !has_sequence)
    return errors::Validation(fmt::format("Invalid Request: SequenceNumber is required for ShardIteratorType {}", type));
  if (!by_sequence && has_sequence)
    return errors::Validation(
        fmt::format("Invalid Request: SequenceNumber must not be specified for ShardIteratorType {}", type));
  if (type == "TRIM_HORIZON") {
    it.position = s.trimmed_below.load();
    it.trim_horizon = true;
  } else if (type == "LATEST") {
    it.position = s.enabled.load() ? s.next_sequence.load() : s.end_next;
  } else {
    auto sequence = ParseSequenceNumber(seq_value->get_string());
    if (!sequence || *sequence < s.start_sequence ||
        (s.EndingSequence() && *sequence != UINT64_MAX && *sequence > *s.EndingSequence()))
      return errors::Validation(
          fmt::format("Invalid SequenceNumber: {} is not in the range of shard {}", seq_value->get_string(), s.shard_id));
    if (*sequence < s.trimmed_below.load())
      return aws::AwsError::Make(400, "TrimmedDataAccessException",
                                 "The operation attempted to read past the oldest stream record in a shard.");
    it.position = type == "AT_SEQUENCE_NUMBER" ? *sequence : (*sequence == UINT64_MAX ? UINT64_MAX : *sequence + 1);
  }
  return json::serialize(json::object{{"ShardIterator", EncodeShardIterator(it)}});
}

Result<std::string> GetRecords(StreamsContext& ctx, json::object& req) {
  auto text = StringMember(req, "ShardIterator");
  if (!text.ok()) return text.take_error();
  ConstraintErrors errors;
  CheckLength(req, "ShardIterator", "shardIterator", 1, 2048, true, errors);
  auto limit = Limit(req, 1000, errors);
  if (!limit.ok()) return limit.take_error();
  if (auto e = errors.Error()) return *e;
  auto it = DecodeShardIterator(**text);
  if (!it) return errors::Validation("Invalid ShardIterator");
  int64_t now = NowMs();
  if (now - it->issued_ms > ctx.iterator_lifetime.count())
    return aws::AwsError::Make(
        400, "ExpiredIteratorException",
        fmt::format("Iterator expired. The iterator was created at time {} while right now it's {} which is further "
                    "in the future than the tolerated delay of {} milliseconds.",
                    JavaDate(it->issued_ms), JavaDate(now), ctx.iterator_lifetime.count()));
  StreamPtr stream = ctx.streams.FindById(it->stream_id);
  if (!stream || stream->arn != it->stream_arn || (!ctx.region.empty() && stream->region != ctx.region))
    return StreamNotFound(it->stream_arn);
  if (!it->trim_horizon && it->position < stream->trimmed_below.load())
    return aws::AwsError::Make(400, "TrimmedDataAccessException",
                               "The operation attempted to read past the oldest stream record in a shard.");
  auto read = ctx.streams.Read(*stream, it->position, *limit ? std::size_t(**limit) : 1000);
  if (!read.ok()) return read.take_error();
  std::string body = "{\"Records\":[";
  for (std::size_t i = 0; i < read->records.size(); ++i) {
    if (i) body += ',';
    body += read->records[i];
  }
  body += ']';
  if (!read->end_of_shard) {
    ShardIterator next{.stream_arn = stream->arn, .stream_id = stream->id, .position = read->next_position,
                       .issued_ms = now};
    body += ",\"NextShardIterator\":\"";
    body += EncodeShardIterator(next);
    body += '"';
  }
  body += '}';
  return body;
}

}  // namespace cloudlet::dynamodb
