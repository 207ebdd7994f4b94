// Unpacking deployment packages: layout, digests, and refusal of unsafe zips.
#include <filesystem>
#include <fstream>

#include "aws/sigv4/crypto.h"
#include "lambda/code_package.h"
#include "lambda_test_util.h"

namespace cloudlet::lambda::testing {
namespace {

namespace fs = std::filesystem;

struct TempRoot {
  fs::path path = fs::temp_directory_path() / ("lambda-code-" + std::to_string(::getpid()));
  ~TempRoot() { fs::remove_all(path); }
};

TEST(CodePackage, UnpacksIntoRegionFunctionDigest) {
  TempRoot root;
  std::string zip = MakeZip({{"app.py", "x = 1\n", 0644}, {"lib/mod.py", "y = 2\n", 0644}, {"bootstrap", "#!/bin/sh\n", 0755}});
  auto p = UnpackZip(root.path.string(), "us-east-1", "f", zip);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->code_size, static_cast<int64_t>(zip.size()));
  EXPECT_EQ(fs::path(p->dir).parent_path(), root.path / "us-east-1" / "f");
  EXPECT_TRUE(fs::exists(fs::path(p->dir) / "lib" / "mod.py"));
  EXPECT_NE(fs::status(fs::path(p->dir) / "bootstrap").permissions() & fs::perms::owner_exec, fs::perms::none);
  auto digest = aws::sigv4::Sha256(zip);
  EXPECT_EQ(p->code_sha256, Base64Encode(std::string(reinterpret_cast<const char*>(digest.data()), digest.size())));
  auto again = UnpackZip(root.path.string(), "us-east-1", "f", zip);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->dir, p->dir);
}

TEST(CodePackage, RefusesTraversalAndGarbage) {
  TempRoot root;
  for (std::string bad : {"../evil.py", "a/../../evil.py", "/etc/evil"}) {
    auto p = UnpackZip(root.path.string(), "us-east-1", "f", MakeZip({{bad, "x", 0644}}));
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.error().code, "InvalidParameterValueException");
    EXPECT_EQ(p.error().message, "Could not unzip uploaded file. Please check your file, then try to upload again.");
  }
  EXPECT_FALSE(fs::exists(root.path.parent_path() / "evil.py"));
  EXPECT_FALSE(UnpackZip(root.path.string(), "us-east-1", "f", "not a zip at all").ok());
  // Nothing half-unpacked is left behind.
  if (fs::exists(root.path / "us-east-1" / "f")) {
    EXPECT_TRUE(fs::is_empty(root.path / "us-east-1" / "f"));
  }
}

TEST(CodePackage, Base64RoundTrip) {
  for (std::string s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    auto d = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, s);
  }
  EXPECT_FALSE(Base64Decode("a$b="));
}

}  // namespace
}  // namespace cloudlet::lambda::testing
