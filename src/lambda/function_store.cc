// FunctionStore over the KvStore: the key layout of function_store.h.
#include "lambda/function_store.h"

#include <fmt/format.h>

#include "lambda/lambda_errors.h"
#include "storage/write_batch.h"

namespace cloudlet::lambda {
namespace {

constexpr char kFunctionLetter = 'F';
constexpr char kVersionLetter = 'V';
constexpr char kAliasLetter = 'A';
constexpr char kPolicyLetter = 'P';
constexpr char kUrlLetter = 'U';
constexpr char kUrlIndexLetter = 'I';
constexpr char kEventConfigLetter = 'E';
// Every per-function range Delete clears (the 'I' entries go by the URLs found).
constexpr char kPerFunctionLetters[] = {kVersionLetter, kAliasLetter, kPolicyLetter, kUrlLetter, kEventConfigLetter};

std::string RegionPrefix(char letter, std::string_view region) {
  std::string key;
  key += kLambdaKeyPrefix;
  key += letter;
  key += region;
  key += '\0';
  return key;
}

// <letter> <region> 0x00 <name> 0x00: the start of one function's range.
std::string FunctionRangeStart(char letter, std::string_view region, std::string_view name) {
  std::string key = RegionPrefix(letter, region);
  key += name;
  key += '\0';
  return key;
}
// The first key after the range: the 0x00 separator bumped to 0x01.
std::string RangeEnd(std::string start) {
  start.back() = '\x01';
  return start;
}

std::string UrlIndexKey(std::string_view url_id) {
  std::string key;
  key += kLambdaKeyPrefix;
  key += kUrlIndexLetter;
  key += url_id;
  return key;
}

std::string_view UrlQualifier(std::optional<std::string_view> qualifier) { return qualifier ? *qualifier : kLatest; }

aws::AwsError StorageError(const storage::Status& status) {
  return errors::Service("storage failure: " + status.ToString());
}

aws::Status Written(const storage::Status& st) {
  if (!st.ok()) return StorageError(st);
  return aws::OkStatus();
}

// Reads `key` and decodes it with `decode`; nullopt when absent.
template <typename Record, typename Decode>
aws::Result<std::optional<Record>> Read(storage::KvStore& store, const std::string& key, Decode decode,
                                        std::string_view what) {
  std::string value;
  storage::Status st = store.Get(key, &value);
  if (st.IsNotFound()) return std::optional<Record>{};
  if (!st.ok()) return StorageError(st);
  std::optional<Record> record = decode(value);
  if (!record) return errors::Service("stored " + std::string(what) + " record is damaged");
  return record;
}

// Calls `visit(key, value)` for every key in [start, RangeEnd(start)).
template <typename Visit>
aws::Status Scan(storage::KvStore& store, const std::string& start, Visit visit) {
  auto it = store.NewIterator({.lower_bound = start, .upper_bound = RangeEnd(start)});
  for (it->SeekToFirst(); it->Valid(); it->Next())
    if (!visit(it->key(), it->value())) break;
  if (!it->status().ok()) return StorageError(it->status());
  return aws::OkStatus();
}

}  // namespace

aws::Status FunctionStore::Commit(const storage::Status& st) const {
  // Also after a failed write: whether it partly landed is unknown.
  functions_cache_.Invalidate();
  aliases_cache_.Invalidate();
  urls_cache_.Invalidate();
  return Written(st);
}

template <typename Record, typename Load>
aws::Result<std::optional<Record>> FunctionStore::Cached(RecordCache<Record>& cache, std::string key,
                                                         Load load) const {
  uint64_t generation = 0;
  if (auto hit = cache.Find(key, generation)) return std::move(*hit);
  auto loaded = load(key);
  if (loaded.ok()) cache.Insert(std::move(key), *loaded, generation);
  return loaded;
}

std::string FunctionKey(std::string_view region, std::string_view name) {
  std::string key = RegionPrefix(kFunctionLetter, region);
  key += name;
  return key;
}

std::string QualifiedKey(char letter, std::string_view region, std::string_view name, std::string_view qualifier) {
  std::string key = FunctionRangeStart(letter, region, name);
  key += qualifier;
  return key;
}

std::string PaddedVersion(int64_t version) { return fmt::format("{:010}", version); }

// ---- functions ----

aws::Result<std::optional<FunctionRecord>> FunctionStore::Get(std::string_view region, std::string_view name) const {
  return Cached(functions_cache_, FunctionKey(region, name), [this](const std::string& key) {
    return Read<FunctionRecord>(store_, key, DecodeFunctionRecord, "function");
  });
}

aws::Status FunctionStore::Put(const FunctionRecord& record) {
  return Commit(store_.Put(FunctionKey(record.region, record.name), EncodeFunctionRecord(record)));
}

aws::Status FunctionStore::Delete(std::string_view region, std::string_view name) {
  auto urls = ListUrls(region, name);
  CLOUDLET_TRY(urls);
  storage::WriteBatch batch;
  batch.Delete(FunctionKey(region, name));
  for (char letter : kPerFunctionLetters) {
    std::string start = FunctionRangeStart(letter, region, name);
    batch.DeleteRange(start, RangeEnd(start));
  }
  for (const auto& url : *urls) batch.Delete(UrlIndexKey(url.url_id));
  return Commit(store_.Write(batch));
}

aws::Result<FunctionStore::Page> FunctionStore::List(std::string_view region, std::string_view marker,
                                                     int limit) const {
  std::string prefix = RegionPrefix(kFunctionLetter, region);
  auto it = store_.NewIterator({.lower_bound = prefix, .upper_bound = RangeEnd(prefix)});
  Page page;
  if (marker.empty()) {
    it->SeekToFirst();
  } else {
    std::string after = FunctionKey(region, marker);
    after += '\0';  // the first key strictly after the marker's
    it->Seek(after);
  }
  for (; it->Valid(); it->Next()) {
    if (static_cast<int>(page.functions.size()) == limit) {
      page.next_marker = page.functions.back().name;
      break;
    }
    auto record = DecodeFunctionRecord(it->value());
    if (record) page.functions.push_back(std::move(*record));
  }
  if (!it->status().ok()) return StorageError(it->status());
  return page;
}

// ---- versions ----

aws::Result<std::optional<FunctionRecord>> FunctionStore::GetVersion(std::string_view region, std::string_view name,
                                                                     std::string_view version) const {
  int64_t number = 0;
  for (char c : version) {
    if (c < '0' || c > '9' || number > 999999999) return std::optional<FunctionRecord>{};
    number = number * 10 + (c - '0');
  }
  if (version.empty()) return std::optional<FunctionRecord>{};
  return Cached(functions_cache_, QualifiedKey(kVersionLetter, region, name, PaddedVersion(number)),
                [this](const std::string& key) {
                  return Read<FunctionRecord>(store_, key, DecodeFunctionRecord, "function version");
                });
}

aws::Status FunctionStore::PutPublished(const FunctionRecord& latest, const FunctionRecord& version) {
  storage::WriteBatch batch;
  batch.Put(FunctionKey(latest.region, latest.name), EncodeFunctionRecord(latest));
  batch.Put(QualifiedKey(kVersionLetter, version.region, version.name, PaddedVersion(std::stoll(version.version))),
            EncodeFunctionRecord(version));
  return Commit(store_.Write(batch));
}

aws::Result<std::vector<FunctionRecord>> FunctionStore::ListVersions(std::string_view region, std::string_view name,
                                                                     int64_t after, int limit) const {
  std::string start = FunctionRangeStart(kVersionLetter, region, name);
  auto it = store_.NewIterator({.lower_bound = start, .upper_bound = RangeEnd(start)});
  it->Seek(start + PaddedVersion(after + 1));
  std::vector<FunctionRecord> out;
  for (; it->Valid() && static_cast<int>(out.size()) < limit; it->Next())
    if (auto record = DecodeFunctionRecord(it->value())) out.push_back(std::move(*record));
  if (!it->status().ok()) return StorageError(it->status());
  return out;
}

aws::Status FunctionStore::DeleteVersion(std::string_view region, std::string_view name, std::string_view version) {
  storage::WriteBatch batch;
  batch.Delete(QualifiedKey(kVersionLetter, region, name, PaddedVersion(std::stoll(std::string(version)))));
  batch.Delete(QualifiedKey(kPolicyLetter, region, name, version));
  batch.Delete(QualifiedKey(kEventConfigLetter, region, name, version));
  return Commit(store_.Write(batch));
}

// ---- aliases ----

aws::Result<std::optional<AliasRecord>> FunctionStore::GetAlias(std::string_view region, std::string_view name,
                                                                std::string_view alias) const {
  return Cached(aliases_cache_, QualifiedKey(kAliasLetter, region, name, alias), [this](const std::string& key) {
    return Read<AliasRecord>(store_, key, DecodeAliasRecord, "alias");
  });
}

aws::Status FunctionStore::PutAlias(std::string_view region, std::string_view name, const AliasRecord& alias) {
  return Commit(store_.Put(QualifiedKey(kAliasLetter, region, name, alias.name), EncodeAliasRecord(alias)));
}

aws::Status FunctionStore::DeleteAlias(std::string_view region, std::string_view name, std::string_view alias) {
  auto url = GetUrl(region, name, alias);
  CLOUDLET_TRY(url);
  storage::WriteBatch batch;
  batch.Delete(QualifiedKey(kAliasLetter, region, name, alias));
  batch.Delete(QualifiedKey(kPolicyLetter, region, name, alias));
  batch.Delete(QualifiedKey(kEventConfigLetter, region, name, alias));
  if (*url) {
    batch.Delete(QualifiedKey(kUrlLetter, region, name, alias));
    batch.Delete(UrlIndexKey((*url)->url_id));
  }
  return Commit(store_.Write(batch));
}

aws::Result<std::vector<AliasRecord>> FunctionStore::ListAliases(std::string_view region, std::string_view name) const {
  std::vector<AliasRecord> out;
  CLOUDLET_TRY(Scan(store_, FunctionRangeStart(kAliasLetter, region, name), [&](std::string_view, std::string_view v) {
    if (auto record = DecodeAliasRecord(v)) out.push_back(std::move(*record));
    return true;
  }));
  return out;
}

// ---- policies ----

aws::Result<std::optional<PolicyRecord>> FunctionStore::GetPolicy(std::string_view region, std::string_view name,
                                                                  std::string_view qualifier) const {
  return Read<PolicyRecord>(store_, QualifiedKey(kPolicyLetter, region, name, qualifier), DecodePolicyRecord, "policy");
}

aws::Status FunctionStore::PutPolicy(std::string_view region, std::string_view name, std::string_view qualifier,
                                     const PolicyRecord& policy) {
  std::string key = QualifiedKey(kPolicyLetter, region, name, qualifier);
  if (policy.statements.empty()) return Commit(store_.Delete(key));
  return Commit(store_.Put(key, EncodePolicyRecord(policy)));
}

// ---- URLs ----

aws::Result<std::optional<FunctionUrlRecord>> FunctionStore::GetUrl(std::string_view region, std::string_view name,
                                                                    std::optional<std::string_view> qualifier) const {
  return Read<FunctionUrlRecord>(store_, QualifiedKey(kUrlLetter, region, name, UrlQualifier(qualifier)),
                                 DecodeFunctionUrlRecord, "function URL");
}

aws::Result<std::optional<FunctionUrlRecord>> FunctionStore::FindUrl(std::string_view url_id) const {
  return Cached(urls_cache_, UrlIndexKey(url_id), [this, url_id](const std::string& index_key)
                    -> aws::Result<std::optional<FunctionUrlRecord>> {
    std::string value;
    storage::Status st = store_.Get(index_key, &value);
    if (st.IsNotFound()) return std::optional<FunctionUrlRecord>{};
    if (!st.ok()) return StorageError(st);
    // <region> 0x00 <name> 0x00 <qualifier>
    auto first = value.find('\0');
    auto second = first == std::string::npos ? std::string::npos : value.find('\0', first + 1);
    if (second == std::string::npos)
      return errors::Service("stored function URL index is damaged: " + std::string(url_id));
    std::string_view v = value;
    std::string_view qualifier = v.substr(second + 1);
    auto record = GetUrl(v.substr(0, first), v.substr(first + 1, second - first - 1),
                         qualifier == kLatest ? std::nullopt : std::optional<std::string_view>(qualifier));
    CLOUDLET_TRY(record);
    if (*record && (*record)->url_id != url_id) return std::optional<FunctionUrlRecord>{};  // a stale index entry
    return record;
  });
}

aws::Status FunctionStore::PutUrl(const FunctionUrlRecord& record) {
  std::string_view qualifier = record.qualifier ? std::string_view(*record.qualifier) : kLatest;
  storage::WriteBatch batch;
  batch.Put(QualifiedKey(kUrlLetter, record.region, record.function_name, qualifier), EncodeFunctionUrlRecord(record));
  std::string target = record.region;
  target += '\0';
  target += record.function_name;
  target += '\0';
  target += qualifier;
  batch.Put(UrlIndexKey(record.url_id), target);
  return Commit(store_.Write(batch));
}

aws::Status FunctionStore::DeleteUrl(std::string_view region, std::string_view name,
                                     std::optional<std::string_view> qualifier) {
  auto url = GetUrl(region, name, qualifier);
  CLOUDLET_TRY(url);
  if (!*url) return aws::OkStatus();
  storage::WriteBatch batch;
  batch.Delete(QualifiedKey(kUrlLetter, region, name, UrlQualifier(qualifier)));
  batch.Delete(UrlIndexKey((*url)->url_id));
  return Commit(store_.Write(batch));
}

aws::Result<std::vector<FunctionUrlRecord>> FunctionStore::ListUrls(std::string_view region,
                                                                    std::string_view name) const {
  std::vector<FunctionUrlRecord> out;
  CLOUDLET_TRY(Scan(store_, FunctionRangeStart(kUrlLetter, region, name), [&](std::string_view, std::string_view v) {
    if (auto record = DecodeFunctionUrlRecord(v)) out.push_back(std::move(*record));
    return true;
  }));
  // "$LATEST" sorts before alias names ('$' < '-', digits, letters, '_'), so it is already first.
  return out;
}

}  // namespace cloudlet::lambda
