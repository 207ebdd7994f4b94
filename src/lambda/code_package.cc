#include "lambda/code_package.h"

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <memory>
#include <system_error>

#include "aws/sigv4/crypto.h"
#include "http/request_context.h"
#include "lambda/base64.h"
#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kUnzipFailed =
    "Could not unzip uploaded file. Please check your file, then try to upload again.";

// True when `name` (an entry path inside the zip) stays inside the target.
bool SafeEntryPath(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos) return false;
  fs::path p{std::string(name)};
  for (const auto& part : p)
    if (part == "..") return false;
  return true;
}

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriterCloser {
  void operator()(archive* a) const { archive_write_free(a); }
};

aws::Status Extract(std::string_view zip, const fs::path& dest) {
  std::unique_ptr<archive, ArchiveCloser> reader(archive_read_new());
  archive_read_support_format_zip(reader.get());
  if (archive_read_open_memory(reader.get(), zip.data(), zip.size()) != ARCHIVE_OK)
    return errors::InvalidParameter(std::string(kUnzipFailed));
  std::unique_ptr<archive, WriterCloser> writer(archive_write_disk_new());
  // Entry names are checked here (SafeEntryPath, symlink targets) and then
  // prefixed with `dest`, so libarchive's absolute-path and symlink guards
  // (which would also refuse a code root reached through a symlink) stay off.
  archive_write_disk_set_options(writer.get(), ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_NODOTDOT);
  std::int64_t unzipped = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    int rc = archive_read_next_header(reader.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) return errors::InvalidParameter(std::string(kUnzipFailed));
    const char* raw = archive_entry_pathname(entry);
    std::string_view name = raw ? raw : "";
    if (!SafeEntryPath(name)) return errors::InvalidParameter(std::string(kUnzipFailed));
    if (archive_entry_filetype(entry) == AE_IFLNK) {
      const char* target = archive_entry_symlink(entry);
      if (!target || !SafeEntryPath(target)) return errors::InvalidParameter(std::string(kUnzipFailed));
      // A relative link may still climb out from a nested directory.
      fs::path resolved = (fs::path(std::string(name)).parent_path() / target).lexically_normal();
      if (resolved.empty() || *resolved.begin() == "..") return errors::InvalidParameter(std::string(kUnzipFailed));
    }
    unzipped += archive_entry_size(entry);
    if (unzipped > kMaxUnzippedBytes)
      return errors::InvalidParameter("Unzipped size must be smaller than " + std::to_string(kMaxUnzippedBytes) +
                                      " bytes");
    std::string full = (dest / std::string(name)).string();
    archive_entry_set_pathname(entry, full.c_str());
    // Zips made on Windows carry no Unix mode: give files 0644, directories 0755.
    if ((archive_entry_perm(entry) & 0400) == 0)
      archive_entry_set_perm(entry, archive_entry_filetype(entry) == AE_IFDIR ? 0755 : 0644);
    if (archive_write_header(writer.get(), entry) < ARCHIVE_WARN)
      return errors::InvalidParameter(std::string(kUnzipFailed));
    const void* buf;
    size_t size;
    la_int64_t offset;
    while ((rc = archive_read_data_block(reader.get(), &buf, &size, &offset)) == ARCHIVE_OK) {
      if (archive_write_data_block(writer.get(), buf, size, offset) < ARCHIVE_WARN)
        return errors::Service("could not write the function's code: " +
                               std::string(archive_error_string(writer.get()) ?: ""));
    }
    if (rc != ARCHIVE_EOF) return errors::InvalidParameter(std::string(kUnzipFailed));
    if (archive_write_finish_entry(writer.get()) < ARCHIVE_WARN)
      return errors::InvalidParameter(std::string(kUnzipFailed));
  }
  if (archive_write_close(writer.get()) != ARCHIVE_OK)
    return errors::Service("could not write the function's code");
  return aws::OkStatus();
}

}  // namespace

aws::Result<CodePackage> UnpackZip(std::string_view code_root, std::string_view region, std::string_view function,
                                   std::string_view zip) {
  auto digest = aws::sigv4::Sha256(zip);
  std::string raw(reinterpret_cast<const char*>(digest.data()), digest.size());
  CodePackage package;
  package.code_sha256 = Base64Encode(raw);
  package.code_size = static_cast<std::int64_t>(zip.size());
  fs::path dir = fs::path(std::string(code_root)) / std::string(region) / std::string(function) /
                 aws::sigv4::Hex(digest);
  package.dir = dir.string();
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return package;  // the same zip, unpacked before
  fs::path staging = dir;
  staging += ".tmp-" + http::NewRequestId();
  fs::create_directories(staging, ec);
  if (ec) return errors::Service("could not create " + staging.string() + ": " + ec.message());
  if (auto st = Extract(zip, staging); !st.ok()) {
    fs::remove_all(staging, ec);
    return st.take_error();
  }
  fs::rename(staging, dir, ec);
  if (ec) {
    fs::remove_all(staging, ec);  // another request unpacked the same zip first
    if (!fs::is_directory(dir)) return errors::Service("could not place the function's code at " + dir.string());
  }
  return package;
}

aws::Result<CodePackage> HotReloadPackage(std::string_view dir) {
  std::error_code ec;
  fs::path path{std::string(dir)};
  if (!path.is_absolute() || !fs::is_directory(path, ec))
    return errors::InvalidParameter("Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: "
                                    "The hot-reload directory " + std::string(dir) +
                                    " is not an absolute path to an existing directory");
  CodePackage package;
  package.dir = path.lexically_normal().string();
  auto digest = aws::sigv4::Sha256(package.dir);
  package.code_sha256 = Base64Encode(std::string(reinterpret_cast<const char*>(digest.data()), digest.size()));
  package.code_size = 0;
  package.hot_reload = true;
  return package;
}

std::string DirectoryFingerprint(std::string_view dir) {
  std::error_code ec;
  // Not file_time_type{}: libstdc++'s file_clock epoch lies in 2174, so real times are negative.
  auto latest = fs::file_time_type::min();
  std::size_t files = 0;
  for (fs::recursive_directory_iterator it(std::string(dir), ec), end; !ec && it != end; it.increment(ec)) {
    ++files;
    auto t = it->last_write_time(ec);
    if (!ec && t > latest) latest = t;
  }
  return std::to_string(latest.time_since_epoch().count()) + "." + std::to_string(files);
}

void RemovePackage(const CodePackage& package) {
  if (package.hot_reload || package.dir.empty()) return;
  std::error_code ec;
  fs::remove_all(package.dir, ec);
}

void RemoveFunctionCode(std::string_view code_root, std::string_view region, std::string_view function) {
  std::error_code ec;
  fs::remove_all(fs::path(std::string(code_root)) / std::string(region) / std::string(function), ec);
}

}  // namespace cloudlet::lambda
