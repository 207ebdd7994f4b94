// Spawning an environment's process: fork, join cgroups, set limits,
// redirect output to pipes, exec. Between fork and exec only async-signal-safe
// calls are made (cloudlet is multithreaded), so everything the child needs
// is prepared before fork.
#include <fcntl.h>
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
#include <sstream>
#include <thread>

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

// A leaf cgroup under a "cloudlet-lambda" parent, v2 first then v1. Empty
// when the host does not let cloudlet create one (no rights, no controller).
std::string MakeCgroup(const std::string& v1_controller, const std::string& name,
                       const std::string& v2_file, const std::string& v1_file,
                       const std::string& value) {
  std::string v2_root = "/sys/fs/cgroup";
  std::string controllers = ReadFile(v2_root + "/cgroup.controllers");
  std::string v2_controller = v1_controller;
  if (controllers.find(v2_controller) != std::string::npos) {
    std::string parent = v2_root + "/cloudlet-lambda";
    mkdir(parent.c_str(), 0755);
    WriteFile(parent + "/cgroup.subtree_control", "+" + v2_controller);
    std::string dir = parent + "/" + name + "-" + v2_controller;
    if (mkdir(dir.c_str(), 0755) == 0) {
      if (WriteFile(dir + "/" + v2_file, value)) return dir;
      rmdir(dir.c_str());
    }
    return {};
  }
  std::string parent = v2_root + "/" + v1_controller + "/cloudlet-lambda";
  mkdir(parent.c_str(), 0755);
  std::string dir = parent + "/" + name;
  if (mkdir(dir.c_str(), 0755) != 0) return {};
  if (WriteFile(dir + "/" + v1_file, value)) return dir;
  rmdir(dir.c_str());
  return {};
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

std::optional<int> Process::TryReap() {
  if (pid_ <= 0) return std::nullopt;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    reaped_ = true;
    return status;
  }
  return std::nullopt;
}

int Process::MaxMemoryUsedMb() const {
  if (!memory_cgroup_.empty()) {
    std::string peak = ReadFile(memory_cgroup_ + "/memory.peak");
    if (peak.empty()) peak = ReadFile(memory_cgroup_ + "/memory.max_usage_in_bytes");
    if (!peak.empty()) return static_cast<int>(std::atoll(peak.c_str()) / (1024 * 1024));
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
  for (int* fd : {&pidfd_, &stdout_fd_, &stderr_fd_}) {
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
  std::string name = NextCgroupName();
  std::string memory_bytes = std::to_string(static_cast<long long>(spec.memory_mb) * 1024 * 1024);
  proc.memory_cgroup_ = MakeCgroup("memory", name, "memory.max", "memory.limit_in_bytes", memory_bytes);
  if (!proc.memory_cgroup_.empty()) {
    WriteFile(proc.memory_cgroup_ + "/memory.swap.max", "0");
    proc.cgroups_.push_back(proc.memory_cgroup_);
  }
  std::string pids_cgroup = MakeCgroup("pids", name, "pids.max", "pids.max", std::to_string(kMaxProcesses));
  if (!pids_cgroup.empty()) proc.cgroups_.push_back(pids_cgroup);
  bool limit_as = spec.limit_address_space && proc.memory_cgroup_.empty();

  std::vector<std::string> procs_files;
  for (const auto& dir : proc.cgroups_) procs_files.push_back(dir + "/cgroup.procs");
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

  pid_t pid = fork();
  if (pid == 0) {
    setsid();
    char pid_text[16];
    FormatPid(getpid(), pid_text);
    for (const auto& file : procs_files) {
      int fd = open(file.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd >= 0) {
        ssize_t ignored = write(fd, pid_text, strlen(pid_text));
        (void)ignored;
        close(fd);
      }
    }
    SetLimit(RLIMIT_NOFILE, kMaxOpenFiles);
    if (procs_files.size() < 2) SetLimit(RLIMIT_NPROC, kMaxProcesses);
    if (limit_as) SetLimit(RLIMIT_AS, as_bytes);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);  // cloudlet blocks SIGTERM for sigwait
    dup2(devnull, 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) _exit(127);
    syscall(SYS_close_range, 3U, ~0U, 0U);
    execvpe(argv[0], argv.data(), envp.data());
    const char msg[] = "cloudlet: cannot execute the runtime\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(127);
  }
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
