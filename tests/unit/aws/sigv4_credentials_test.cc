// The credentials store and its shared-credentials-file reader.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "aws/sigv4/credentials_store.h"

namespace cloudlet::aws::sigv4 {
namespace {

TEST(CredentialsStoreTest, DefaultIsTestTest) {
  auto store = CredentialsStore::Default();
  const Credential* c = store.Find("test");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->secret_key, "test");
  EXPECT_EQ(c->session_token, "");
  EXPECT_EQ(store.Find("TEST"), nullptr);
  EXPECT_EQ(store.Find(""), nullptr);
}

TEST(CredentialsStoreTest, AddReplacesSameKey) {
  CredentialsStore store;
  store.Add({"k", "one", ""});
  store.Add({"k", "two", "tok"});
  ASSERT_EQ(store.size(), 1u);
  EXPECT_EQ(store.Find("k")->secret_key, "two");
  EXPECT_EQ(store.Find("k")->session_token, "tok");
}

TEST(CredentialsStoreTest, ParsesProfilesCommentsAndTokens) {
  auto store = CredentialsStore::Parse(
      "# leading comment\r\n"
      "[default]\r\n"
      "aws_access_key_id = AKIDDEFAULT\r\n"
      "aws_secret_access_key=secret/with+chars=\r\n"
      "\n"
      "; a config-only profile is skipped\n"
      "[profile only-region]\n"
      "region = eu-west-1\n"
      "[temp]\n"
      "  aws_access_key_id   =   ASIATEMP  \n"
      "aws_secret_access_key = s2\n"
      "aws_session_token = IQoJ==\n"
      "[legacy]\n"
      "aws_access_key_id = AKIDLEGACY\n"
      "aws_secret_access_key = s3\n"
      "aws_security_token = old\n",
      "inline");
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(store->size(), 3u);
  EXPECT_EQ(store->Find("AKIDDEFAULT")->secret_key, "secret/with+chars=");
  EXPECT_EQ(store->Find("ASIATEMP")->secret_key, "s2");
  EXPECT_EQ(store->Find("ASIATEMP")->session_token, "IQoJ==");
  EXPECT_EQ(store->Find("AKIDLEGACY")->session_token, "old");
  EXPECT_EQ(store->Find("AKIDDEFAULT")->session_token, "");
}

TEST(CredentialsStoreTest, ErrorsNameSourceAndLine) {
  auto half = CredentialsStore::Parse("[a]\naws_access_key_id = X\n[b]\n", "creds");
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.error().message,
            "creds:1: profile [a] needs both aws_access_key_id and aws_secret_access_key");

  auto junk = CredentialsStore::Parse("[a]\nnot a key value\n", "creds");
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.error().message, "creds:2: expected 'key = value'");

  auto open = CredentialsStore::Parse("[a\n", "creds");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().message, "creds:1: unterminated section header");

  auto last = CredentialsStore::Parse("[a]\naws_secret_access_key = s\n", "creds");
  ASSERT_FALSE(last.ok());
}

TEST(CredentialsStoreTest, LoadFileReadsDiskAndReportsMissingFile) {
  auto path = std::filesystem::temp_directory_path() / ("sigv4_creds_" + std::to_string(::getpid()));
  {
    std::ofstream out(path);
    out << "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRET\n";
  }
  auto store = CredentialsStore::LoadFile(path.string());
  std::filesystem::remove(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(store->Find("FILEKEY")->secret_key, "FILESECRET");

  auto missing = CredentialsStore::LoadFile(path.string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, path.string() + ": cannot open credentials file");
}

}  // namespace
}  // namespace cloudlet::aws::sigv4
