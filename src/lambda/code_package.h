// A function's deployment package: the zip of CreateFunction /
// UpdateFunctionCode unpacked into
//   <code root>/<region>/<function name>/<hex sha256 of the zip>/
// (mounted read-only at /var/task by the data plane), or a local directory
// used in place (the hot-reload convention, Code={"S3Bucket":"hot-reload",
// "S3Key":"/abs/dir"}).
//
// Unpacking refuses entries that would land outside the directory (absolute
// paths, "..", symlinks pointing out) and packages over Lambda's unzipped
// limit; both answer InvalidParameterValueException as Lambda does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::lambda {

inline constexpr std::string_view kHotReloadBucket = "hot-reload";
inline constexpr std::int64_t kMaxUnzippedBytes = 262144000;  // 250 MB

struct CodePackage {
  std::string dir;            // where the code is
  std::string code_sha256;    // base64 SHA-256 of the zip bytes
  std::int64_t code_size = 0; // bytes of the zip
  bool hot_reload = false;
};

// Unpacks `zip` (the decoded ZipFile bytes) for `function` in `region`. The
// same zip unpacked twice lands in the same directory, unpacked once.
aws::Result<CodePackage> UnpackZip(std::string_view code_root, std::string_view region, std::string_view function,
                                   std::string_view zip);

// The hot-reload package for `dir`: must be an absolute path to an existing directory.
aws::Result<CodePackage> HotReloadPackage(std::string_view dir);

// A fingerprint that changes whenever a file under `dir` changes (latest
// modification time and file count). For hot-reload functions it is part of
// the revision handed to the Invoker, so edits retire warm environments.
std::string DirectoryFingerprint(std::string_view dir);

// Removes an unpacked package directory (never a hot-reload directory).
void RemovePackage(const CodePackage& package);
// Removes every package of `function` (DeleteFunction).
void RemoveFunctionCode(std::string_view code_root, std::string_view region, std::string_view function);

}  // namespace cloudlet::lambda
