// Lambda functions, their published versions, aliases, resource policies and
// URLs, kept in the KvStore. Everything is per region.
//
// Key layout (Lambda owns first byte 0x20; DynamoDB uses 0x01, 0x02, 0x10).
// <q> is a qualifier as Lambda spells it: "$LATEST", a version number or an
// alias name; <v> is a version number zero-padded to 10 digits, so versions
// sort numerically.
//   0x20 'F' <region> 0x00 <name>              →  FunctionRecord of $LATEST (JSON)
//   0x20 'V' <region> 0x00 <name> 0x00 <v>     →  FunctionRecord of a published version
//   0x20 'A' <region> 0x00 <name> 0x00 <alias> →  AliasRecord
//   0x20 'P' <region> 0x00 <name> 0x00 <q>     →  PolicyRecord (AddPermission statements)
//   0x20 'U' <region> 0x00 <name> 0x00 <q>     →  FunctionUrlRecord ($LATEST or an alias)
//   0x20 'I' <url id>                          →  <region> 0x00 <name> 0x00 <q>
//   0x20 'E' <region> 0x00 <name> 0x00 <q>     →  event invoke config (event_invoke_config.h)
//   0x20 'Q' ...                               →  the asynchronous queue (async_queue.h)
// The 'I' index lets a function URL's host find its function; url ids are
// unique across regions. Names hold only [A-Za-z0-9-_], so "<name> 0x00"
// bounds exactly one function's keys of each letter: Delete(region, name)
// removes the function and every V, A, P, U (with their I entries) and E key
// in one WriteBatch, leaving nothing behind.
//
// Versions are immutable snapshots of $LATEST. Version numbers are never
// reused: FunctionRecord::last_version (kept on $LATEST) counts every version
// ever published; callers allocate under LambdaState::write_mutex.
// Code: each record names its code directory (code_package.h, one per zip
// digest), so a version keeps running its own code after UpdateFunctionCode;
// a hot-reload function's versions share its one directory.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/error.h"
#include "lambda/record_cache.h"
#include "storage/kv_store.h"

namespace cloudlet::lambda {

inline constexpr char kLambdaKeyPrefix = '\x20';
inline constexpr std::string_view kLatest = "$LATEST";

struct FunctionRecord {
  // FunctionConfiguration members, as Lambda reports them.
  std::string name;
  std::string arn;                     // unqualified: arn:aws:lambda:<region>:<account>:function:<name>
  std::string region;
  std::string version = "$LATEST";     // "$LATEST" or a published version number ("1", "2", ...)
  std::string runtime;
  std::string role;
  std::string handler;
  std::string description;
  int timeout = 3;
  int memory_size = 128;
  int ephemeral_storage = 512;
  std::string last_modified;           // "2024-05-01T12:00:00.000+0000"
  std::string code_sha256;             // base64 SHA-256 of the zip
  int64_t code_size = 0;
  std::string revision_id;             // a UUID, new on every change
  std::string package_type = "Zip";
  std::string architecture = "x86_64";
  std::string tracing_mode = "PassThrough";
  std::optional<std::map<std::string, std::string>> environment;  // Environment.Variables, when set
  // Function-wide (kept on $LATEST; a version's copy is not read).
  std::map<std::string, std::string> tags;
  std::optional<int> reserved_concurrency;  // PutFunctionConcurrency
  int64_t last_version = 0;            // the highest version number ever published
  // A version: the $LATEST revision it was published from ("nothing changed
  // since the last version" compares it with $LATEST's revision_id).
  std::string published_from_revision;
  // Where the code is: an unpacked zip under the code root, or a hot-reload directory.
  std::string code_dir;
  bool hot_reload = false;
};

// An alias: a name for a version, optionally routing a share of its traffic
// to one more version (RoutingConfig.AdditionalVersionWeights).
struct AliasRecord {
  std::string name;
  std::string function_version;        // "$LATEST" or a version number
  std::string description;
  std::map<std::string, double> additional_version_weights;
  std::string revision_id;
};

// A resource-based policy of one qualifier: its statements as Lambda renders
// them (JSON text each), in the order they were added.
struct PolicyRecord {
  std::vector<std::pair<std::string, std::string>> statements;  // (Sid, statement JSON)
  std::string revision_id;
};

// A function URL, on $LATEST (qualifier nullopt) or on an alias.
struct FunctionUrlRecord {
  std::string url_id;                  // 32 lowercase alphanumerics, the host's first label
  std::string region;
  std::string function_name;
  std::string function_arn;            // qualified with the alias when there is one
  // The alias the URL invokes (Qualifier at CreateFunctionUrlConfig), or
  // nullopt for $LATEST; the data plane resolves it with ResolveFunction.
  std::optional<std::string> qualifier;
  std::string function_url;            // as reported: "http://<id>.lambda-url.<region>.localhost:4566/"
  std::string auth_type;               // "NONE" or "AWS_IAM"
  std::string invoke_mode = "BUFFERED";  // or "RESPONSE_STREAM" (served buffered)
  std::optional<std::string> cors;     // the Cors object as JSON text, when set
  std::string creation_time;           // "2024-05-01T12:00:00.000000Z"
  std::string last_modified_time;
};

// Reads of single records are served from an in-memory cache that every
// write through this class invalidates; nothing else writes these keys.
class FunctionStore {
 public:
  explicit FunctionStore(storage::KvStore& store) : store_(store) {}

  // ---- functions ($LATEST) ----
  // nullopt when absent; an AwsError (ServiceException) when the store fails.
  aws::Result<std::optional<FunctionRecord>> Get(std::string_view region, std::string_view name) const;
  aws::Status Put(const FunctionRecord& record);
  // Deletes the function and everything keyed under it (see the layout above).
  aws::Status Delete(std::string_view region, std::string_view name);

  struct Page {
    std::vector<FunctionRecord> functions;
    std::optional<std::string> next_marker;  // name of the last function returned, when more follow
  };
  // Functions of `region` in name order, after `marker` (a name from a previous page), at most `limit`.
  aws::Result<Page> List(std::string_view region, std::string_view marker, int limit) const;

  // ---- published versions ----
  aws::Result<std::optional<FunctionRecord>> GetVersion(std::string_view region, std::string_view name,
                                                        std::string_view version) const;
  // Writes $LATEST (its last_version advanced) and the new version atomically.
  aws::Status PutPublished(const FunctionRecord& latest, const FunctionRecord& version);
  // Versions in number order after version `after` (0: from the first), at most `limit`.
  aws::Result<std::vector<FunctionRecord>> ListVersions(std::string_view region, std::string_view name,
                                                        int64_t after, int limit) const;
  // Removes a version with its policy and event invoke config (versions have no URLs).
  aws::Status DeleteVersion(std::string_view region, std::string_view name, std::string_view version);

  // ---- aliases ----
  aws::Result<std::optional<AliasRecord>> GetAlias(std::string_view region, std::string_view name,
                                                   std::string_view alias) const;
  aws::Status PutAlias(std::string_view region, std::string_view name, const AliasRecord& alias);
  // Removes the alias with its policy, URL (and index) and event invoke config.
  aws::Status DeleteAlias(std::string_view region, std::string_view name, std::string_view alias);
  // Aliases in name order.
  aws::Result<std::vector<AliasRecord>> ListAliases(std::string_view region, std::string_view name) const;

  // ---- resource policies (qualifier "$LATEST" for the unqualified function) ----
  aws::Result<std::optional<PolicyRecord>> GetPolicy(std::string_view region, std::string_view name,
                                                     std::string_view qualifier) const;
  // An empty policy is deleted.
  aws::Status PutPolicy(std::string_view region, std::string_view name, std::string_view qualifier,
                        const PolicyRecord& policy);

  // ---- function URLs (qualifier nullopt: $LATEST) ----
  aws::Result<std::optional<FunctionUrlRecord>> GetUrl(std::string_view region, std::string_view name,
                                                       std::optional<std::string_view> qualifier) const;
  // The URL whose id is `url_id` (the data plane's lookup), or nullopt.
  aws::Result<std::optional<FunctionUrlRecord>> FindUrl(std::string_view url_id) const;
  // Writes the record and its id index atomically.
  aws::Status PutUrl(const FunctionUrlRecord& record);
  // Removes the record and its index; absent is not an error.
  aws::Status DeleteUrl(std::string_view region, std::string_view name, std::optional<std::string_view> qualifier);
  // Every URL of the function: $LATEST first, then aliases in name order.
  aws::Result<std::vector<FunctionUrlRecord>> ListUrls(std::string_view region, std::string_view name) const;

 private:
  // Every write goes through Commit, which invalidates the caches.
  aws::Status Commit(const storage::Status& st) const;
  template <typename Record, typename Load>
  aws::Result<std::optional<Record>> Cached(RecordCache<Record>& cache, std::string key, Load load) const;

  storage::KvStore& store_;
  // Decoded $LATEST and version records, aliases and URLs by id (record_cache.h).
  mutable RecordCache<FunctionRecord> functions_cache_;
  mutable RecordCache<AliasRecord> aliases_cache_;
  mutable RecordCache<FunctionUrlRecord> urls_cache_;
};

std::string EncodeFunctionRecord(const FunctionRecord& record);
std::optional<FunctionRecord> DecodeFunctionRecord(std::string_view json);
std::string EncodeAliasRecord(const AliasRecord& record);
std::optional<AliasRecord> DecodeAliasRecord(std::string_view json);
std::string EncodePolicyRecord(const PolicyRecord& record);
std::optional<PolicyRecord> DecodePolicyRecord(std::string_view json);
std::string EncodeFunctionUrlRecord(const FunctionUrlRecord& record);
std::optional<FunctionUrlRecord> DecodeFunctionUrlRecord(std::string_view json);

// Keys, exposed for the layout tests and the helpers keyed beside functions
// (event invoke configs): <letter> <region> 0x00 <name> 0x00 <qualifier>.
std::string FunctionKey(std::string_view region, std::string_view name);
std::string QualifiedKey(char letter, std::string_view region, std::string_view name, std::string_view qualifier);
// "7" → "0000000007"; a version as it sorts in keys.
std::string PaddedVersion(int64_t version);

}  // namespace cloudlet::lambda
