// Every acknowledged write survives kill -9: a child process puts keys and
// acknowledges each one through a pipe after Put returned; the parent kills
// it mid-stream, reopens the dir and finds every acknowledged key.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "storage/kv_store.h"
#include "storage_test_util.h"

namespace cloudlet::storage {
namespace {

using testing::Child;
using testing::TempDir;

TEST(CrashTest, AcknowledgedWritesSurviveKill9) {
  TempDir dir;
  for (int round = 0; round < 3; ++round) {  // the later rounds recover after a recovery
    int64_t last_acked = -1;
    {
      Child child("write", dir.path());
      ASSERT_TRUE(child.started());
      const uint32_t kill_after = 2000 + 1500 * static_cast<uint32_t>(round);
      uint32_t index = 0;
      while (child.ReadExactly(&index, sizeof index)) {
        last_acked = index;
        if (index + 1 >= kill_after) break;
      }
      child.Kill();
      int status = child.Wait();
      ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child exited early: " << status;
    }
    ASSERT_GE(last_acked, 1999);

    auto [status, store] = OpenStore({.path = dir.path()});
    ASSERT_TRUE(status.ok()) << status.ToString();
    int missing = 0;
    for (int64_t i = 0; i <= last_acked; ++i) {
      char key[16];
      std::snprintf(key, sizeof key, "k%08u", static_cast<unsigned>(i));
      std::string v;
      Status s = store->Get(key, &v);
      if (!s.ok() || v != std::string("v") + key) ++missing;
    }
    EXPECT_EQ(missing, 0) << "of " << last_acked + 1 << " acknowledged keys, round " << round;
  }
}

}  // namespace
}  // namespace cloudlet::storage
