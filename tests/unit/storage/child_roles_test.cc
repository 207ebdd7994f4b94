// The child roles of storage_test_util.h's Child. When this binary starts
// with CLOUDLET_STORAGE_CHILD_ROLE set, a static initializer runs the role
// and exits before GoogleTest's main: a fresh process, no state shared with
// the parent (a forked copy would share RocksDB's in-process lock table).
//
//   open   tries to open the store in the dir; prints status.ToString().
//   write  opens the store and puts keys k00000000, k00000001, ... (value
//          "v" + key), writing each key's index (uint32) to stdout after its
//          Put returned OK, until killed.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "storage/kv_store.h"
#include "storage_test_util.h"

namespace cloudlet::storage::testing {
namespace {

bool WriteAll(int fd, const void* buf, size_t n) {
  auto* p = static_cast<const char*>(buf);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

[[noreturn]] void RunChildRole(const std::string& role, const std::string& dir) {
  auto [status, store] = OpenStore({.path = dir});
  if (role == "open") {
    std::string line = status.ToString();
    WriteAll(STDOUT_FILENO, line.data(), line.size());
    store.reset();
    ::_exit(0);
  }
  if (role == "write") {
    if (!status.ok()) ::_exit(2);
    for (uint32_t i = 0;; ++i) {
      char key[16];
      std::snprintf(key, sizeof key, "k%08u", i);
      if (!store->Put(key, std::string("v") + key).ok()) ::_exit(3);
      if (!WriteAll(STDOUT_FILENO, &i, sizeof i)) ::_exit(4);
    }
  }
  ::_exit(5);
}

bool MaybeRunChildRole() {
  const char* role = std::getenv(kChildRoleEnv);
  const char* dir = std::getenv(kChildDirEnv);
  if (role != nullptr && dir != nullptr) RunChildRole(role, dir);
  return false;
}

[[maybe_unused]] const bool kIsChild = MaybeRunChildRole();

}  // namespace
}  // namespace cloudlet::storage::testing
