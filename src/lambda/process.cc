// Spawning an environment's process: clone (vfork-style), join cgroups, set
// limits, redirect output to pipes, exec. Between clone and exec only
// async-signal-safe calls are made (cloudlet is multithreaded), so everything
// the child needs is prepared before.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <tuple>

#include "lambda/sandbox.h"

namespace cloudlet::lambda {
namespace {

constexpr rlim_t kMaxOpenFiles = 1024;  // Lambda's own limit
constexpr rlim_t kMaxProcesses = 1024;
// Interpreters map shared libraries and thread stacks beyond what they touch.
constexpr rlim_t kAddressSpaceHeadroomMb = 256;

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.flush();
  return static_cast<bool>(out);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string NextCgroupName() {
  static std::atomic<unsigned> counter{0};
  return "env-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

struct CgroupSetting {
  const char* v2_file;
  const char* v1_file;  // nullptr: none in v1
  std::string value;
};

// Leaf cgroups under a "cloudlet-lambda" parent for one environment. With
// cgroup v2 a process is in exactly one cgroup, so one leaf carries every
// controller's limits; with v1 each controller has its own hierarchy and
// leaf. Empty entries where the host does not let cloudlet create them.
struct Cgroups {
  std::string memory;  // holds memory.peak / memory.max_usage_in_bytes
  bool pids = false;   // a pids limit is in place
  std::vector<std::string> dirs;
};

bool MakeLeaf(const std::string& dir, const std::vector<std::pair<std::string, const std::string*>>& files) {
  if (mkdir(dir.c_str(), 0755) != 0) return false;
  for (const auto& [file, value] : files) {
    if (!WriteFile(dir + "/" + file, *value)) {
      rmdir(dir.c_str());
      return false;
    }
  }
  return true;
}

Cgroups MakeCgroups(const std::string& name, const std::string& memory_bytes, const std::string& max_pids) {
  static const std::string kZero = "0";
  Cgroups out;
  const std::string root = "/sys/fs/cgroup";
  std::string controllers = ReadFile(root + "/cgroup.controllers");
  if (!controllers.empty()) {  // v2
    std::string parent = root + "/cloudlet-lambda";
    mkdir(parent.c_str(), 0755);
    // One controller at a time: one the parent cannot delegate must not cost the other.
    for (const char* controller : {"memory", "pids"})
      if (controllers.find(controller) != std::string::npos)
        WriteFile(parent + "/cgroup.subtree_control", std::string("+") + controller);
    std::string dir = parent + "/" + name;
    if (mkdir(dir.c_str(), 0755) != 0) return out;
    bool memory = access((dir + "/memory.max").c_str(), F_OK) == 0 && WriteFile(dir + "/memory.max", memory_bytes);
    bool pids = access((dir + "/pids.max").c_str(), F_OK) == 0 && WriteFile(dir + "/pids.max", max_pids);
    if (!memory && !pids) {
      rmdir(dir.c_str());
      return out;
    }
    if (memory) {
      WriteFile(dir + "/memory.swap.max", kZero);  // absent without swap accounting
      out.memory = dir;
    }
    out.pids = pids;
    out.dirs.push_back(dir);
    return out;
  }
  for (auto [controller, file, value] : {std::tuple{"memory", "memory.limit_in_bytes", &memory_bytes},
                                         std::tuple{"pids", "pids.max", &max_pids}}) {
    std::string parent = root + "/" + controller + "/cloudlet-lambda";
    mkdir(parent.c_str(), 0755);
    std::string dir = parent + "/" + name;
    if (!MakeLeaf(dir, {{file, value}})) continue;
    if (std::string_view(controller) == "memory") out.memory = dir;
    else out.pids = true;
    out.dirs.push_back(dir);
  }
  return out;
}

void SetLimit(int resource, rlim_t value) {
  struct rlimit limit{value, value};
  setrlimit(resource, &limit);
}

// Async-signal-safe decimal formatting for the child.
void FormatPid(pid_t pid, char* out) {
  char tmp[16];
  int n = 0;
  do { tmp[n++] = static_cast<char>('0' + pid % 10); pid /= 10; } while (pid > 0);
  for (int i = 0; i < n; ++i) out[i] = tmp[n - 1 - i];
  out[n] = '\0';
}

int MaxHwmOfTree(pid_t root) {
  long max_kb = 0;
  std::vector<pid_t> stack{root};
  for (int guard = 0; !stack.empty() && guard < 256; ++guard) {
    pid_t pid = stack.back();
    stack.pop_back();
    std::istringstream status(ReadFile("/proc/" + std::to_string(pid) + "/status"));
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("VmHWM:", 0) == 0) max_kb = std::max(max_kb, std::atol(line.c_str() + 6));
    }
    std::istringstream children(
        ReadFile("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children"));
    for (pid_t child; children >> child;) stack.push_back(child);
  }
  return static_cast<int>(max_kb / 1024);
}

// What the child of Spawn needs, prepared before the clone: between clone
// and exec only async-signal-safe calls on this data.
struct ChildSetup {
  const std::vector<std::string>* procs_files;
  bool has_pids_cgroup;
  bool limit_as;
  rlim_t as_bytes;
  int devnull, out_fd, err_fd;
  const char* cwd;
  char** argv;
  char** envp;
};

int RunChild(void* arg) {
  const ChildSetup& c = *static_cast<const ChildSetup*>(arg);
  setsid();
  char pid_text[16];
  FormatPid(getpid(), pid_text);
  for (const auto& file : *c.procs_files) {
    int fd = open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
      ssize_t ignored = write(fd, pid_text, strlen(pid_text));
      (void)ignored;
      close(fd);
    }
  }
  SetLimit(RLIMIT_NOFILE, kMaxOpenFiles);
  if (!c.has_pids_cgroup) SetLimit(RLIMIT_NPROC, kMaxProcesses);
  if (c.limit_as) SetLimit(RLIMIT_AS, c.as_bytes);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);  // cloudlet blocks SIGTERM for sigwait
  dup2(c.devnull, 0);
  dup2(c.out_fd, 1);
  dup2(c.err_fd, 2);
  if (c.cwd && chdir(c.cwd) != 0) _exit(127);
  syscall(SYS_close_range, 3U, ~0U, 0U);
  execvpe(c.argv[0], c.argv, c.envp);
  const char msg[] = "cloudlet: cannot execute the runtime\n";
  ssize_t ignored = write(2, msg, sizeof msg - 1);
  (void)ignored;
  _exit(127);
}

}  // namespace

Process::Process(Process&& other) noexcept { *this = std::move(other); }

Process& Process::operator=(Process&& other) noexcept {
  if (this == &other) return *this;
  Release();
  pid_ = std::exchange(other.pid_, -1);
  pidfd_ = std::exchange(other.pidfd_, -1);
  stdout_fd_ = std::exchange(other.stdout_fd_, -1);
  stderr_fd_ = std::exchange(other.stderr_fd_, -1);
  reaped_ = std::exchange(other.reaped_, true);
  cgroups_ = std::move(other.cgroups_);
  other.cgroups_.clear();
  memory_cgroup_ = std::move(other.memory_cgroup_);
  memory_peak_fd_ = std::exchange(other.memory_peak_fd_, -1);
  return *this;
}

Process::~Process() { Release(); }

void Process::Kill() {
  if (pid_ <= 0 || reaped_) return;
  kill(-pid_, SIGKILL);  // the session/group created in the child
  // Anything that left the group (setsid in process mode) but not the cgroup.
  for (const auto& dir : cgroups_) {
    std::istringstream procs(ReadFile(dir + "/cgroup.procs"));
    for (pid_t p; procs >> p;) kill(p, SIGKILL);
  }
}

std::optional<int> Process::TryReap(int pidfd) {
  if (pid_ <= 0 || reaped_) return std::nullopt;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    reaped_ = true;
    return status;
  }
  if (pidfd < 0) return std::nullopt;
  // The same question through the pidfd, which names this process whatever
  // happened to its pid: exited, it answers with the status.
  siginfo_t info{};
  constexpr idtype_t kPidfd = static_cast<idtype_t>(3);  // P_PIDFD (Linux 5.4)
  if (waitid(kPidfd, static_cast<id_t>(pidfd), &info, WEXITED | WNOHANG) != 0 || info.si_pid == 0)
    return std::nullopt;
  reaped_ = true;
  if (info.si_code == CLD_EXITED) return (info.si_status & 0xff) << 8;
  return (info.si_status & 0x7f) | (info.si_code == CLD_DUMPED ? 0x80 : 0);
}

int Process::MaxMemoryUsedMb() const {
  if (memory_peak_fd_ >= 0) {
    char text[32];
    ssize_t n = pread(memory_peak_fd_, text, sizeof text - 1, 0);
    if (n > 0) {
      text[n] = '\0';
      return static_cast<int>(std::atoll(text) / (1024 * 1024));
    }
  }
  return pid_ > 0 ? MaxHwmOfTree(pid_) : 0;
}

void Process::Release() {
  if (pid_ > 0 && !reaped_) {
    Kill();
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
  }
  for (int* fd : {&pidfd_, &stdout_fd_, &stderr_fd_, &memory_peak_fd_}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
  // The kernel tears the rest of the tree down asynchronously; the cgroup can
  // only go once it is empty.
  for (const auto& dir : cgroups_) {
    for (int attempt = 0; attempt < 50 && rmdir(dir.c_str()) != 0 && errno == EBUSY; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  cgroups_.clear();
  pid_ = -1;
}

aws::Result<Process> Spawn(const LaunchSpec& spec) {
  if (spec.argv.empty()) return aws::AwsError::Internal("empty command");
  Process proc;
  Cgroups cgroups = MakeCgroups(NextCgroupName(),
                                std::to_string(static_cast<long long>(spec.memory_mb) * 1024 * 1024),
                                std::to_string(kMaxProcesses));
  proc.memory_cgroup_ = std::move(cgroups.memory);
  proc.cgroups_ = std::move(cgroups.dirs);
  if (!proc.memory_cgroup_.empty()) {
    // Opened once: REPORT reads the peak after every invocation.
    for (const char* file : {"/memory.peak", "/memory.max_usage_in_bytes"}) {
      proc.memory_peak_fd_ = open((proc.memory_cgroup_ + file).c_str(), O_RDONLY | O_CLOEXEC);
      if (proc.memory_peak_fd_ >= 0) break;
    }
  }
  bool limit_as = spec.limit_address_space && proc.memory_cgroup_.empty();

  std::vector<std::string> procs_files;
  for (const auto& dir : proc.cgroups_) procs_files.push_back(dir + "/cgroup.procs");
  bool has_pids_cgroup = cgroups.pids;
  std::vector<char*> argv, envp;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : spec.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return aws::AwsError::Internal("pipe failed");
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return aws::AwsError::Internal("pipe failed");
  }
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  rlim_t as_bytes = (static_cast<rlim_t>(spec.memory_mb) + kAddressSpaceHeadroomMb) * 1024 * 1024;

  ChildSetup child{.procs_files = &procs_files,
                   .has_pids_cgroup = has_pids_cgroup,
                   .limit_as = limit_as,
                   .as_bytes = as_bytes,
                   .devnull = devnull,
                   .out_fd = out_pipe[1],
                   .err_fd = err_pipe[1],
                   .cwd = spec.cwd.empty() ? nullptr : spec.cwd.c_str(),
                   .argv = argv.data(),
                   .envp = envp.data()};
  // clone(CLONE_VM | CLONE_VFORK) as posix_spawn does: no copy of cloudlet's
  // page tables (fork's cost grows with the store's mappings), and this
  // thread waits only until the child has exec'd. The child runs on its own
  // stack and touches nothing of the parent's memory but `child`.
  constexpr std::size_t kChildStack = 256 * 1024;
  std::unique_ptr<char[]> stack(new char[kChildStack]);
  pid_t pid = clone(RunChild, stack.get() + kChildStack, CLONE_VM | CLONE_VFORK | SIGCHLD, &child);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (devnull >= 0) close(devnull);
  if (pid < 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return aws::AwsError::Internal(std::string("fork failed: ") + strerror(errno));
  }
  proc.pid_ = pid;
  proc.stdout_fd_ = out_pipe[0];
  proc.stderr_fd_ = err_pipe[0];
  fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
  fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);
  proc.pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (proc.pidfd_ >= 0) fcntl(proc.pidfd_, F_SETFD, FD_CLOEXEC);
  return proc;
}

}  // namespace cloudlet::lambda
