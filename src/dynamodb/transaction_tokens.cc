#include "dynamodb/transaction_tokens.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <mutex>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "dynamodb/errors.h"
#include "dynamodb/key_codec.h"
#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

namespace {

std::mutex claims_mu;
std::set<std::string, std::less<>> claims;

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void AppendCanonical(const json::value& v, std::string* out) {
  if (!v.is_object()) {
    if (!v.is_array()) {
      *out += json::serialize(v);
      return;
    }
    *out += '[';
    bool first = true;
    for (const auto& e : v.get_array()) {
      if (!first) *out += ',';
      first = false;
      AppendCanonical(e, out);
    }
    *out += ']';
    return;
  }
  std::vector<std::pair<std::string_view, const json::value*>> members;
  for (const auto& [k, e] : v.get_object()) members.emplace_back(k, &e);
  std::sort(members.begin(), members.end());
  *out += '{';
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i) *out += ',';
    *out += json::serialize(json::string(members[i].first));
    *out += ':';
    AppendCanonical(*members[i].second, out);
  }
  *out += '}';
}

}  // namespace

std::string RequestFingerprint(const json::object& req) {
  json::object copy = req;
  for (const char* member : {"ClientRequestToken", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"})
    copy.erase(member);
  std::string text;
  AppendCanonical(copy, &text);
  // Two 64-bit FNV-1a hashes with different bases: a stable 128-bit digest,
  // plenty for telling a retry from another request under the same token.
  uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
  for (unsigned char c : text) {
    a = (a ^ c) * 0x100000001b3ull;
    b = (b ^ c) * 0x100000001b3ull + 1;
  }
  return fmt::format("{:016x}{:016x}-{}", a, b, text.size());
}

TokenClaim::~TokenClaim() {
  if (key_.empty()) return;
  std::lock_guard lock(claims_mu);
  claims.erase(key_);
}

aws::Result<TokenClaim> TokenClaim::Claim(std::string_view region, std::string_view token) {
  TokenClaim claim;
  claim.key_.push_back(kIdempotencyTag);
  claim.key_.append(region);
  claim.key_.push_back('\0');
  claim.key_.append(token);
  std::lock_guard lock(claims_mu);
  if (!claims.insert(claim.key_).second) {
    claim.key_.clear();
    return aws::AwsError::Make(400, "TransactionInProgressException",
                               "Transaction from previous request is still in progress", errors::kServiceNs);
  }
  return claim;
}

aws::Result<std::optional<IdempotencyRecord>> FindIdempotencyRecord(storage::KvStore& store, std::string_view key) {
  std::string value;
  auto st = store.Get(key, &value);
  if (st.IsNotFound()) return std::optional<IdempotencyRecord>{};
  if (!st.ok()) return errors::InternalServerError("storage: " + st.ToString());
  boost::system::error_code ec;
  auto parsed = json::parse(value, ec);
  if (ec || !parsed.is_object()) return std::optional<IdempotencyRecord>{};
  const auto& o = parsed.get_object();
  if (o.at("expires").to_number<int64_t>() <= NowMillis()) return std::optional<IdempotencyRecord>{};
  IdempotencyRecord record;
  record.fingerprint = std::string(o.at("fingerprint").as_string());
  record.response = std::string(o.at("response").as_string());
  for (const auto& [table, units] : o.at("reads").as_object()) record.read_units[table] = units.to_number<double>();
  return std::optional<IdempotencyRecord>{std::move(record)};
}

void StageIdempotencyRecord(std::string_view key, const IdempotencyRecord& record, storage::WriteBatch& batch) {
  json::object reads;
  for (const auto& [table, units] : record.read_units) reads[table] = units;
  json::object o{{"expires", NowMillis() + std::chrono::milliseconds(kIdempotencyWindow).count()},
                 {"fingerprint", record.fingerprint},
                 {"response", record.response},
                 {"reads", std::move(reads)}};
  batch.Put(key, json::serialize(o));
}

std::size_t PurgeIdempotencyRecords(storage::KvStore& store) {
  std::string lower(1, kIdempotencyTag), upper(1, kIdempotencyTag + 1);
  int64_t now = NowMillis();
  storage::WriteBatch batch;
  std::size_t purged = 0;
  auto it = store.NewIterator(storage::IteratorOptions{.lower_bound = lower, .upper_bound = upper});
  for (it->Seek(lower); it->Valid(); it->Next()) {
    boost::system::error_code ec;
    auto parsed = json::parse(it->value(), ec);
    bool expired = ec || !parsed.is_object() || !parsed.get_object().contains("expires") ||
                   parsed.get_object().at("expires").to_number<int64_t>() <= now;
    if (!expired) continue;
    batch.Delete(it->key());
    ++purged;
  }
  if (purged) (void)store.Write(batch);
  return purged;
}

aws::AwsError IdempotentParameterMismatch() {
  return aws::AwsError::Make(400, "IdempotentParameterMismatchException", "", errors::kServiceNs);
}

}  // namespace cloudlet::dynamodb
