// Lambda functions ($LATEST configuration and where their code lies), kept
// in the KvStore. Functions are per region.
//
// Key layout (Lambda owns first byte 0x20; DynamoDB uses 0x01, 0x02, 0x10):
//   0x20 'F' <region> 0x00 <function name>  →  FunctionRecord as JSON
//   0x20 'U' <region> 0x00 <function name>  →  FunctionUrlRecord as JSON
//   0x20 'I' <url id>                        →  <region> 0x00 <function name>
// (the 'I' index lets a function URL's host find its function; url ids are
// unique across regions). Deleting a function deletes its URL and index.
// Names hold only [A-Za-z0-9-_], so keys order as names do, and one region
// is one contiguous range (ListFunctions scans it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/error.h"
#include "storage/kv_store.h"

namespace cloudlet::lambda {

inline constexpr char kLambdaKeyPrefix = '\x20';

struct FunctionRecord {
  // FunctionConfiguration members, as Lambda reports them.
  std::string name;
  std::string arn;
  std::string region;
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
  std::map<std::string, std::string> tags;
  // Where the code is: an unpacked zip under the code root, or a hot-reload directory.
  std::string code_dir;
  bool hot_reload = false;
};

// A function URL ($LATEST only in this slice: aliases do not exist yet).
struct FunctionUrlRecord {
  std::string url_id;                  // 32 lowercase alphanumerics, the host's first label
  std::string region;
  std::string function_name;
  std::string function_arn;
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

class FunctionStore {
 public:
  explicit FunctionStore(storage::KvStore& store) : store_(store) {}

  // nullopt when absent; an AwsError (ServiceException) when the store fails.
  aws::Result<std::optional<FunctionRecord>> Get(std::string_view region, std::string_view name);
  aws::Status Put(const FunctionRecord& record);
  // Also deletes the function's URL configuration, if any.
  aws::Status Delete(std::string_view region, std::string_view name);

  // The URL of function `name`, or nullopt.
  aws::Result<std::optional<FunctionUrlRecord>> GetUrl(std::string_view region, std::string_view name) const;
  // The URL whose id is `url_id` (the data plane's lookup), or nullopt.
  aws::Result<std::optional<FunctionUrlRecord>> FindUrl(std::string_view url_id) const;
  // Writes the record and its id index atomically.
  aws::Status PutUrl(const FunctionUrlRecord& record);
  // Removes the record and its index; absent is not an error.
  aws::Status DeleteUrl(std::string_view region, std::string_view name);

  struct Page {
    std::vector<FunctionRecord> functions;
    std::optional<std::string> next_marker;  // name of the last function returned, when more follow
  };
  // Functions of `region` in name order, after `marker` (a name from a previous page), at most `limit`.
  aws::Result<Page> List(std::string_view region, std::string_view marker, int limit);

 private:
  storage::KvStore& store_;
};

std::string EncodeFunctionRecord(const FunctionRecord& record);
std::optional<FunctionRecord> DecodeFunctionRecord(std::string_view json);
std::string EncodeFunctionUrlRecord(const FunctionUrlRecord& record);
std::optional<FunctionUrlRecord> DecodeFunctionUrlRecord(std::string_view json);

}  // namespace cloudlet::lambda
