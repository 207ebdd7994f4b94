// The bwrap command line, the host probe it depends on, and the resolution
// of a Lambda runtime name to a host interpreter. Spawning lives in process.cc.
#include "lambda/sandbox.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

namespace cloudlet::lambda {
namespace fs = std::filesystem;

aws::Result<SandboxKind> ParseSandboxKind(std::string_view name) {
  if (name == "bwrap" || name.empty()) return SandboxKind::kBwrap;
  if (name == "process") return SandboxKind::kProcess;
  return aws::AwsError::Validation("unknown sandbox '" + std::string(name) +
                                   "': expected bwrap or process");
}

HostLayout ProbeHostLayout() {
  HostLayout layout;
  for (const char* dir : {"/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32", "/etc"}) {
    std::error_code ec;
    auto status = fs::symlink_status(dir, ec);
    if (ec || !fs::exists(status)) continue;
    HostLayout::Entry entry{dir, std::nullopt};
    if (fs::is_symlink(status)) entry.symlink_target = fs::read_symlink(dir, ec).string();
    layout.system_dirs.push_back(std::move(entry));
  }
  return layout;
}

std::vector<std::string> BuildBwrapArgv(const HostLayout& host, const BwrapSpec& spec) {
  std::vector<std::string> argv = {
      "bwrap",
      // Killed with cloudlet; its own session so it cannot reach cloudlet's
      // terminal (TIOCSTI); its own PID namespace so kill reaches the whole
      // tree and the function sees none of the host's processes.
      "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
      "--unshare-cgroup-try",
  };
  auto add = [&argv](std::initializer_list<std::string> items) {
    argv.insert(argv.end(), items.begin(), items.end());
  };
  for (const auto& entry : host.system_dirs) {
    if (entry.symlink_target) {
      add({"--symlink", *entry.symlink_target, entry.path});
    } else {
      add({"--ro-bind", entry.path, entry.path});
    }
  }
  for (const auto& path : spec.extra_ro_binds) add({"--ro-bind", path, path});
  add({"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/var"});
  add({"--ro-bind", spec.code_dir, kTaskRoot});
  if (!spec.runtime_dir.empty()) add({"--ro-bind", spec.runtime_dir, kRuntimeRoot});
  add({"--chdir", kTaskRoot, "--"});
  argv.insert(argv.end(), spec.command.begin(), spec.command.end());
  return argv;
}

namespace {

// Runs a command quietly and returns its exit status (-1 if it could not run).
int RunQuiet(const std::string& command) {
  int status = std::system((command + " >/dev/null 2>&1").c_str());
  if (status == -1 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

std::string CaptureLine(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return out;
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
  pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::optional<std::string> FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!rest.empty()) {
    auto colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

bool UnderSystemDirs(const std::string& path) {
  for (const char* prefix : {"/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/"}) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

struct Interpreter {
  std::string executable;  // real path on the host
  std::string prefix;      // to bind when outside the system dirs; else empty
};

// Resolved once per name: version managers (pyenv, asdf) put shell shims on
// PATH that cannot run inside the sandbox, so ask the interpreter itself for
// its real executable and bind its installation prefix.
std::optional<Interpreter> ResolveInterpreter(const std::string& name, const std::string& query) {
  static std::mutex mu;
  static std::map<std::string, std::optional<Interpreter>> cache;
  std::lock_guard lock(mu);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  std::optional<Interpreter> found;
  if (auto on_path = FindOnPath(name)) {
    std::string exe = CaptureLine("'" + *on_path + "' " + query);
    std::error_code ec;
    if (!exe.empty()) exe = fs::canonical(exe, ec).string();
    if (!exe.empty() && !ec) {
      Interpreter interp{exe, {}};
      if (!UnderSystemDirs(exe)) interp.prefix = fs::path(exe).parent_path().parent_path().string();
      found = interp;
    }
  }
  cache[name] = found;
  return found;
}

// Compiles cloudlet's Python runtime client to bytecode once per interpreter,
// on the host: /var/runtime is read-only in the sandbox, so Python could not
// cache it there and would compile it at every cold start. Failure (a
// read-only install) only costs that time.
void CompilePythonRuntime(const std::string& executable, const std::string& runtimes_dir) {
  static std::mutex mu;
  static std::set<std::string> done;
  std::lock_guard lock(mu);
  if (!done.insert(executable).second) return;
  RunQuiet("'" + executable + "' -c 'import py_compile, sys; py_compile.compile(sys.argv[1])' '" + runtimes_dir +
           "/python/cloudlet_runtime.py'");
}

aws::AwsError MissingInterpreter(const std::string& runtime, const std::string& interpreter) {
  return aws::AwsError::Make(502, "InvalidRuntimeException",
                             "The runtime " + runtime + " needs " + interpreter +
                                 ", which this host does not have (not found on PATH).");
}

}  // namespace

aws::Status CheckBwrapWorks() {
  static std::once_flag once;
  static int rc = 0;
  std::call_once(once, [] { rc = RunQuiet("bwrap --ro-bind / / true"); });
  if (rc == 0) return aws::OkStatus();
  return aws::AwsError::Make(
      500, "ServiceException",
      "The bwrap sandbox does not work on this host (`bwrap --ro-bind / / true` failed: bubblewrap "
      "is missing or user namespaces are forbidden). Install bubblewrap or start cloudlet with "
      "--sandbox process (weaker: no namespaces).");
}

aws::Result<RuntimeCommand> ResolveRuntime(const std::string& runtime, const std::string& code_dir,
                                           const std::string& runtimes_dir, bool in_sandbox) {
  RuntimeCommand cmd;
  auto runtime_root = [&](const std::string& sub) {
    return in_sandbox ? std::string(kRuntimeRoot) : runtimes_dir + "/" + sub;
  };
  if (runtime.rfind("python3", 0) == 0) {
    // The exact minor version when the host has it, else any python3.
    std::optional<Interpreter> interp = ResolveInterpreter(runtime, "-c 'import sys; print(sys.executable)'");
    if (!interp) interp = ResolveInterpreter("python3", "-c 'import sys; print(sys.executable)'");
    if (!interp) return MissingInterpreter(runtime, "python3");
    CompilePythonRuntime(interp->executable, runtimes_dir);
    cmd.runtime_subdir = "python";
    cmd.argv = {interp->executable, "-u", runtime_root("python") + "/bootstrap.py"};
    if (!interp->prefix.empty()) cmd.extra_ro_binds.push_back(interp->prefix);
    cmd.interpreter_dir = fs::path(interp->executable).parent_path().string();
    return cmd;
  }
  if (runtime.rfind("nodejs", 0) == 0) {
    auto interp = ResolveInterpreter("node", "-p process.execPath");
    if (!interp) return MissingInterpreter(runtime, "node");
    cmd.runtime_subdir = "node";
    cmd.argv = {interp->executable, runtime_root("node") + "/bootstrap.mjs"};
    if (!interp->prefix.empty()) cmd.extra_ro_binds.push_back(interp->prefix);
    cmd.interpreter_dir = fs::path(interp->executable).parent_path().string();
    cmd.limit_address_space = false;
    return cmd;
  }
  if (runtime.rfind("provided", 0) == 0) {
    // A custom runtime can be anything, V8 or a JVM included: they reserve far
    // more address space than they use, so only the cgroup limits memory.
    cmd.limit_address_space = false;
    cmd.argv = {(in_sandbox ? std::string(kTaskRoot) : code_dir) + "/bootstrap"};
    return cmd;
  }
  return aws::AwsError::Make(502, "InvalidRuntimeException",
                             "The runtime " + runtime + " is not supported by cloudlet.");
}

std::string DescribeExit(int wait_status) {
  if (WIFEXITED(wait_status)) return "exit status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    int sig = WTERMSIG(wait_status);
    if (sig == SIGKILL) return "signal: killed";
    if (sig == SIGSEGV) return "signal: segmentation fault";
    if (sig == SIGABRT) return "signal: aborted";
    return "signal: " + std::to_string(sig);
  }
  return "unknown exit";
}

}  // namespace cloudlet::lambda
