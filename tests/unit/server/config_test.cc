#include "server/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <vector>

namespace cloudlet::server {
namespace {

ParsedCommandLine Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "cloudlet");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return ParseCommandLine(static_cast<int>(args.size()), argv.data());
}

// Sets an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

TEST(ConfigTest, DefaultsMatchTheReadme) {
  auto p = Parse({"serve"});
  ASSERT_EQ(p.command, Command::kServe);
  const Config& c = p.config;
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 4566);
  EXPECT_EQ(c.data_dir, "./.cloudlet");
  EXPECT_FALSE(c.in_memory);
  EXPECT_FALSE(c.sync);
  EXPECT_EQ(c.region, "us-east-1");
  EXPECT_EQ(c.account_id, "000000000000");
  EXPECT_EQ(c.auth, "off");
  EXPECT_GE(c.threads, 1);  // 0 becomes the number of cores
  EXPECT_EQ(c.log_level, "info");
  EXPECT_EQ(c.log_format, "text");
  EXPECT_EQ(c.idle_timeout_ms, 60000);
  EXPECT_EQ(c.header_timeout_ms, 10000);
  EXPECT_EQ(c.max_connections, 10000u);
}

TEST(ConfigTest, FlagsAreRead) {
  auto p = Parse({"serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", "/tmp/x", "--in-memory", "--sync",
                  "--region", "eu-west-1", "--account-id", "123456789012", "--auth", "sigv4", "--threads", "3",
                  "--log-level", "debug", "--log-format", "json", "--idle-timeout-ms", "5",
                  "--header-timeout-ms", "6", "--max-connections", "7"});
  ASSERT_EQ(p.command, Command::kServe);
  const Config& c = p.config;
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.port, 0);
  EXPECT_EQ(c.data_dir, "/tmp/x");
  EXPECT_TRUE(c.in_memory);
  EXPECT_TRUE(c.sync);
  EXPECT_EQ(c.region, "eu-west-1");
  EXPECT_EQ(c.account_id, "123456789012");
  EXPECT_EQ(c.auth, "sigv4");
  EXPECT_EQ(c.threads, 3);
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.log_format, "json");
  EXPECT_EQ(c.idle_timeout_ms, 5);
  EXPECT_EQ(c.header_timeout_ms, 6);
  EXPECT_EQ(c.max_connections, 7u);
}

TEST(ConfigTest, EnvironmentVariablesAreRead) {
  ScopedEnv port("CLOUDLET_PORT", "4567");
  ScopedEnv dir("CLOUDLET_DATA_DIR", "/tmp/envdir");
  ScopedEnv mem("CLOUDLET_IN_MEMORY", "1");
  ScopedEnv region("CLOUDLET_REGION", "ap-south-1");
  ScopedEnv cap("CLOUDLET_MAX_CONNECTIONS", "42");
  ScopedEnv idle("CLOUDLET_IDLE_TIMEOUT_MS", "1234");
  auto p = Parse({"serve"});
  ASSERT_EQ(p.command, Command::kServe);
  EXPECT_EQ(p.config.port, 4567);
  EXPECT_EQ(p.config.data_dir, "/tmp/envdir");
  EXPECT_TRUE(p.config.in_memory);
  EXPECT_EQ(p.config.region, "ap-south-1");
  EXPECT_EQ(p.config.max_connections, 42u);
  EXPECT_EQ(p.config.idle_timeout_ms, 1234);
}

TEST(ConfigTest, AFlagWinsOverItsEnvironmentVariable) {
  ScopedEnv region("CLOUDLET_REGION", "ap-south-1");
  EXPECT_EQ(Parse({"serve", "--region", "eu-north-1"}).config.region, "eu-north-1");
}

TEST(ConfigTest, VersionSubcommand) { EXPECT_EQ(Parse({"version"}).command, Command::kVersion); }

TEST(ConfigTest, BadValuesExitNonZeroWithOneLine) {
  std::vector<std::vector<std::string>> cases = {
      {"serve", "--no-such-flag"},         {"serve", "--port", "notaport"},
      {"serve", "--port", "70000"},        {"serve", "--auth", "maybe"},
      {"serve", "--log-format", "xml"},    {"serve", "--log-level", "loud"},
      {"serve", "--account-id", "12"},     {"serve", "--threads", "-1"},
      {"serve", "--idle-timeout-ms", "0"}, {"serve", "--max-connections", "0"},
      {},
  };
  for (const auto& args : cases) {
    testing::internal::CaptureStderr();
    auto p = Parse(args);
    std::string err = testing::internal::GetCapturedStderr();
    std::string shown = args.empty() ? "(no arguments)" : args.back();
    EXPECT_EQ(p.command, Command::kExit) << shown;
    EXPECT_NE(p.exit_code, 0) << shown;
    EXPECT_EQ(err.rfind("cloudlet: ", 0), 0u) << shown << ": " << err;
    ASSERT_FALSE(err.empty()) << shown;
    EXPECT_EQ(err.find('\n'), err.size() - 1) << shown << ": " << err;
  }
}

TEST(ConfigTest, ABadEnvironmentValueIsReportedLikeAFlag) {
  ScopedEnv port("CLOUDLET_PORT", "notaport");
  testing::internal::CaptureStderr();
  auto p = Parse({"serve"});
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(p.command, Command::kExit);
  EXPECT_NE(p.exit_code, 0);
  EXPECT_EQ(err.rfind("cloudlet: ", 0), 0u) << err;
}

}  // namespace
}  // namespace cloudlet::server
