// Opening: persistence across reopen, in-memory mode, and the errors an
// operator sees (dir locked, dir not writable, bad options).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "storage/kv_store.h"
#include "storage_test_util.h"

namespace cloudlet::storage {
namespace {

using testing::Child;
using testing::TempDir;

bool DirIsEmptyOrMissing(const std::string& path) {
  std::error_code ec;
  return !std::filesystem::exists(path, ec) || std::filesystem::is_empty(path, ec);
}

TEST(OpenStoreTest, ReopenKeepsDataWithAndWithoutFlush) {
  TempDir dir;
  const std::string path = dir.Sub("nested/data");  // parents are created
  {
    auto [status, store] = OpenStore({.path = path});
    ASSERT_TRUE(status.ok()) << status.ToString();
    ASSERT_TRUE(store->Put("flushed", "1").ok());
    ASSERT_TRUE(store->Flush().ok());
    ASSERT_TRUE(store->Put("in-log-only", "2").ok());
    ASSERT_TRUE(store->DeleteRange("a", "b").ok());
  }
  auto [status, store] = OpenStore({.path = path});
  ASSERT_TRUE(status.ok()) << status.ToString();
  std::string v;
  ASSERT_TRUE(store->Get("flushed", &v).ok());
  EXPECT_EQ(v, "1");
  ASSERT_TRUE(store->Get("in-log-only", &v).ok());
  EXPECT_EQ(v, "2");
}

TEST(OpenStoreTest, SyncWritesPersist) {
  TempDir dir;
  {
    auto [status, store] = OpenStore({.path = dir.path(), .sync_writes = true});
    ASSERT_TRUE(status.ok()) << status.ToString();
    ASSERT_TRUE(store->Put("k", "v").ok());
    ASSERT_TRUE(store->Put("k2", "v2", {.sync = true}).ok());
  }
  auto [status, store] = OpenStore({.path = dir.path()});
  ASSERT_TRUE(status.ok()) << status.ToString();
  std::string v;
  EXPECT_TRUE(store->Get("k2", &v).ok());
}

TEST(OpenStoreTest, InMemoryWritesNothingToDisk) {
  TempDir dir;
  const std::string path = dir.Sub("data");
  {
    auto [status, store] = OpenStore({.path = path, .in_memory = true, .sync_writes = true});
    ASSERT_TRUE(status.ok()) << status.ToString();
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(store->Put("key" + std::to_string(i), std::string(100, 'v')).ok());
    ASSERT_TRUE(store->Put("synced", "x", {.sync = true}).ok());
    ASSERT_TRUE(store->Flush().ok());
    EXPECT_GT(store->Stats().file_bytes, 0u);  // the "files" exist, in memory
    std::string v;
    EXPECT_TRUE(store->Get("key999", &v).ok());
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(DirIsEmptyOrMissing(dir.path()));
  EXPECT_FALSE(std::filesystem::exists("/cloudlet-in-memory"));

  // Each in-memory store is its own: a new one starts empty.
  auto [status, store] = OpenStore({.path = path, .in_memory = true});
  ASSERT_TRUE(status.ok());
  std::string v;
  EXPECT_TRUE(store->Get("key1", &v).IsNotFound());
}

TEST(OpenStoreTest, SecondOpenInSameProcessIsBusy) {
  TempDir dir;
  auto [status, store] = OpenStore({.path = dir.path()});
  ASSERT_TRUE(status.ok()) << status.ToString();
  auto second = OpenStore({.path = dir.path()});
  EXPECT_TRUE(second.status.IsBusy()) << second.status.ToString();
  EXPECT_EQ(second.store, nullptr);
  EXPECT_EQ(second.status.message(), "data dir " + dir.path() + " is already open in this process (lock held on " +
                                         dir.path() + "/LOCK)");
}

TEST(OpenStoreTest, OpenWhileAnotherProcessHoldsTheDirIsBusy) {
  TempDir dir;
  auto [status, store] = OpenStore({.path = dir.path()});
  ASSERT_TRUE(status.ok()) << status.ToString();
  Child child("open", dir.path());
  ASSERT_TRUE(child.started());
  EXPECT_EQ(child.ReadAll(), "Busy: data dir " + dir.path() + " is in use by another cloudlet (lock held on " +
                                 dir.path() + "/LOCK)");
  int wait_status = child.Wait();
  EXPECT_TRUE(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0);

  // Once released, the other process can open it.
  store.reset();
  Child again("open", dir.path());
  EXPECT_EQ(again.ReadAll(), "OK");
}

TEST(OpenStoreTest, UnwritableDirIsAnIOErrorOfOneLine) {
  TempDir dir;
  const std::string locked = dir.Sub("locked");
  ASSERT_EQ(::mkdir(locked.c_str(), 0555), 0);
  const std::string path = locked + "/data";
  std::string line;
  if (::geteuid() == 0) {
    // root ignores permissions: try as nobody, in another process.
    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
    Child child("open", path, /*as_uid=*/65534);
    ASSERT_TRUE(child.started());
    line = child.ReadAll();
  } else {
    line = OpenStore({.path = path}).status.ToString();
  }
  EXPECT_EQ(line, "IOError: data dir " + path + " is not writable: Permission denied");

  // An existing dir without write permission.
  if (::geteuid() != 0) {
    Status s = OpenStore({.path = locked}).status;
    EXPECT_EQ(s.ToString(), "IOError: data dir " + locked + " is not writable: Permission denied");
  }
}

TEST(OpenStoreTest, PathThroughAFileIsAnIOError) {
  TempDir dir;
  const std::string file = dir.Sub("file");
  ASSERT_EQ(::close(::creat(file.c_str(), 0644)), 0);
  Status s = OpenStore({.path = file}).status;
  EXPECT_EQ(s.ToString(), "IOError: data dir " + file + " is not a directory");
  s = OpenStore({.path = file + "/data"}).status;
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_NE(s.message().find("data dir " + file + "/data is not"), std::string::npos) << s.message();
}

TEST(OpenStoreTest, BadOptionsAreInvalidArgument) {
  EXPECT_TRUE(OpenStore({}).status.IsInvalidArgument());
  EXPECT_TRUE(OpenStore({.in_memory = true, .write_buffer_bytes = 10}).status.IsInvalidArgument());
}

}  // namespace
}  // namespace cloudlet::storage
