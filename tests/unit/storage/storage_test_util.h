// Helpers of the storage tests: a temporary directory, and a second process
// running a child role of this same test binary (see child_roles_test.cc),
// for what one process cannot show (a lock held by another process, a crash).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace cloudlet::storage::testing {

// A fresh directory under /tmp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/cloudlet-storage-XXXXXX";
    char* p = ::mkdtemp(tmpl);
    path_ = p ? p : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The environment variables that make this binary run a child role instead
// of the tests (checked before main, in child_roles_test.cc).
inline constexpr const char* kChildRoleEnv = "CLOUDLET_STORAGE_CHILD_ROLE";
inline constexpr const char* kChildDirEnv = "CLOUDLET_STORAGE_CHILD_DIR";

// A child process of this binary running `role` on `dir`, its stdout a pipe
// the parent reads from. With `as_uid` >= 0 the child drops to that user id
// (and group) before exec.
class Child {
 public:
  Child(const std::string& role, const std::string& dir, int as_uid = -1) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    // Everything the child needs is built before fork: after it, only
    // async-signal-safe calls.
    std::string role_var = std::string(kChildRoleEnv) + "=" + role;
    std::string dir_var = std::string(kChildDirEnv) + "=" + dir;
    char* argv[] = {const_cast<char*>("unit_storage"), nullptr};
    char* envp[] = {role_var.data(), dir_var.data(), nullptr};
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      if (as_uid >= 0 && (::setgid(as_uid) != 0 || ::setuid(as_uid) != 0)) ::_exit(126);
      ::execve("/proc/self/exe", argv, envp);
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
    if (out_ >= 0) ::close(out_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }
  // Reads exactly n bytes of the child's stdout; false on EOF or error.
  bool ReadExactly(void* buf, size_t n) {
    auto* p = static_cast<char*>(buf);
    while (n > 0) {
      ssize_t r = ::read(out_, p, n);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return false;
      p += r;
      n -= static_cast<size_t>(r);
    }
    return true;
  }
  // Reads the child's stdout to EOF.
  std::string ReadAll() {
    std::string s;
    char buf[4096];
    ssize_t r;
    while ((r = ::read(out_, buf, sizeof buf)) > 0 || (r < 0 && errno == EINTR)) {
      if (r > 0) s.append(buf, static_cast<size_t>(r));
    }
    return s;
  }
  void Kill() { ::kill(pid_, SIGKILL); }
  // Waits for the child; returns its wait status.
  int Wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

}  // namespace cloudlet::storage::testing
