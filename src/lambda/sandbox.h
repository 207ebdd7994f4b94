// How the process of one execution environment is launched.
//
// Two sandboxes (InvokerOptions::sandbox):
//   bwrap    bubblewrap: a fresh root that holds only read-only binds of the
//            host's runtime directories (/usr, /lib*, /bin, /etc and the
//            interpreter's own prefix), the code read-only at /var/task,
//            cloudlet's runtime clients read-only at /var/runtime, a private
//            tmpfs /tmp, its own PID/IPC/UTS namespaces and session. The
//            network is the host's so the function reaches cloudlet and its
//            Runtime API on 127.0.0.1. Nothing else of the host is visible,
//            in particular not cloudlet's data directory nor other code.
//   process  a plain child process in its own process group: no namespaces,
//            it sees the whole host file system with cloudlet's rights and
//            /var/task is the real code directory. Weaker; for hosts that
//            forbid namespaces.
// Both apply the same limits: a memory cgroup sized from MemorySize when the
// host lets cloudlet create one (v2 or v1), else RLIMIT_AS — but never for
// Node, whose V8 reserves far more address space than it uses — plus a pids
// cgroup / RLIMIT_NPROC and RLIMIT_NOFILE.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aws/error.h"

namespace cloudlet::lambda {

enum class SandboxKind { kBwrap, kProcess };

aws::Result<SandboxKind> ParseSandboxKind(std::string_view name);

// Paths as the function sees them under bwrap.
inline constexpr const char* kTaskRoot = "/var/task";
inline constexpr const char* kRuntimeRoot = "/var/runtime";

// The host's view that the bwrap command line depends on, gathered once by
// ProbeHostLayout() so that BuildBwrapArgv stays a pure function.
struct HostLayout {
  // Top-level system directories that exist on the host (/usr, /lib, ...),
  // with the target when the entry is a symlink (merged-/usr: /lib -> usr/lib).
  struct Entry {
    std::string path;
    std::optional<std::string> symlink_target;
  };
  std::vector<Entry> system_dirs;
};

HostLayout ProbeHostLayout();

struct BwrapSpec {
  std::string code_dir;                 // host path, bound read-only at /var/task
  std::string runtime_dir;              // host path, bound read-only at /var/runtime (may be empty)
  std::vector<std::string> extra_ro_binds;  // host paths bound read-only at the same path
  std::vector<std::string> command;     // argv inside the sandbox
};

// The full argv of bwrap (argv[0] = "bwrap"). Pure: same input, same output.
std::vector<std::string> BuildBwrapArgv(const HostLayout& host, const BwrapSpec& spec);

// Runs `bwrap --ro-bind / / true` once and remembers the answer: OkStatus or
// an error that says why and suggests --sandbox process.
aws::Status CheckBwrapWorks();

// What to run for a runtime, resolved on the host.
struct RuntimeCommand {
  std::vector<std::string> argv;        // as seen inside the sandbox
  std::vector<std::string> extra_ro_binds;  // interpreter prefixes outside /usr
  std::string runtime_subdir;           // runtimes_dir/<subdir> holds the client ("" for provided)
  bool limit_address_space = true;      // false for Node (see above)
  std::string interpreter_dir;          // added to PATH
};

// python3.* -> host python3 + <runtime>/bootstrap.py; nodejs* -> host node +
// bootstrap.mjs; provided* -> the package's bootstrap. `in_sandbox` picks
// /var/task, /var/runtime (bwrap) or the host paths (process).
aws::Result<RuntimeCommand> ResolveRuntime(const std::string& runtime, const std::string& code_dir,
                                           const std::string& runtimes_dir, bool in_sandbox);

struct LaunchSpec {
  SandboxKind kind = SandboxKind::kBwrap;
  std::vector<std::string> argv;        // the full command (bwrap ... or the runtime itself)
  std::vector<std::string> env;         // "NAME=value"
  std::string cwd;
  int memory_mb = 128;
  bool limit_address_space = true;
};

// A running environment process. Owns its pipes, pidfd and cgroups; the
// destructor kills the whole tree and reaps it.
class Process {
 public:
  Process() = default;
  Process(Process&&) noexcept;
  Process& operator=(Process&&) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process();

  pid_t pid() const { return pid_; }
  int pidfd() const { return pidfd_; }         // readable once the process has exited
  int stdout_fd() const { return stdout_fd_; }  // non-blocking
  int stderr_fd() const { return stderr_fd_; }
  // Hands the pipe ends to the caller (who then owns and closes them).
  int release_stdout() { int fd = stdout_fd_; stdout_fd_ = -1; return fd; }
  int release_stderr() { int fd = stderr_fd_; stderr_fd_ = -1; return fd; }
  int release_pidfd() { int fd = pidfd_; pidfd_ = -1; return fd; }

  // SIGKILL to the process group (and, under bwrap, the PID namespace dies
  // with its first process). Idempotent.
  void Kill();
  // Reaps the process if it has exited; returns its wait status (nullopt
  // while it runs, and once reaped). `pidfd`, when given, is asked too.
  std::optional<int> TryReap(int pidfd = -1);
  // Peak memory of the tree in MB when a memory cgroup is in use, else of the
  // process group leader's descendants as /proc reports them.
  int MaxMemoryUsedMb() const;

 private:
  friend aws::Result<Process> Spawn(const LaunchSpec& spec);
  void Release();
  pid_t pid_ = -1;
  int pidfd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  bool reaped_ = false;
  std::vector<std::string> cgroups_;   // directories to remove after the process is gone
  std::string memory_cgroup_;
  int memory_peak_fd_ = -1;  // the memory cgroup's peak usage file, kept open
};

aws::Result<Process> Spawn(const LaunchSpec& spec);

// Describes the exit of a wait status the way Lambda words it: "exit status 1",
// "signal: killed".
std::string DescribeExit(int wait_status);

}  // namespace cloudlet::lambda
