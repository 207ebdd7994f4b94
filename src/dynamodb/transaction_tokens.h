// ClientRequestToken idempotency of TransactWriteItems. A successful
// transaction with a token leaves a record, written in the transaction's own
// batch, for 10 minutes:
//   0x18 region 0x00 token -> {"expires": epoch ms, "fingerprint": digest,
//                              "response": the answer, "reads": {table: units}}
// A repeat with the same fingerprint gets the recorded answer and writes
// nothing (its ConsumedCapacity, when asked, is read units, as DynamoDB
// reports); another request under the token gets
// IdempotentParameterMismatchException; a repeat while the first is still
// running gets TransactionInProgressException. The fingerprint covers the
// request in a canonical form (members sorted, numbers canonical) without
// the token and the Return* members, so the member order of a retry does
// not matter. Expired records are purged by the TTL sweeper.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::storage {
class KvStore;
class WriteBatch;
}  // namespace cloudlet::storage

namespace cloudlet::dynamodb {

inline constexpr char kIdempotencyTag = 0x18;
inline constexpr std::chrono::minutes kIdempotencyWindow{10};

std::string RequestFingerprint(const boost::json::object& req);

// A token held for the duration of one request (TransactionInProgressException
// for a second request under the same token meanwhile).
class TokenClaim {
 public:
  TokenClaim() = default;
  TokenClaim(TokenClaim&& other) noexcept : key_(std::move(other.key_)) { other.key_.clear(); }
  TokenClaim& operator=(TokenClaim&&) = delete;
  ~TokenClaim();
  // Claims `region`+`token`; an error when another request holds it.
  static aws::Result<TokenClaim> Claim(std::string_view region, std::string_view token);
  const std::string& key() const { return key_; }  // the record's store key

 private:
  std::string key_;
};

struct IdempotencyRecord {
  std::string fingerprint;
  std::string response;
  std::map<std::string, double> read_units;  // per table, for a replay's ConsumedCapacity
};

// The live record under `key`, if any (expired ones are absent).
aws::Result<std::optional<IdempotencyRecord>> FindIdempotencyRecord(storage::KvStore& store, std::string_view key);
// Adds the record to the transaction's batch.
void StageIdempotencyRecord(std::string_view key, const IdempotencyRecord& record, storage::WriteBatch& batch);
// Removes expired records; returns how many.
std::size_t PurgeIdempotencyRecords(storage::KvStore& store);

aws::AwsError IdempotentParameterMismatch();

}  // namespace cloudlet::dynamodb
