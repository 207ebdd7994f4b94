// The bwrap command line is a pure function of the host layout and the spec.
#include "lambda/sandbox.h"

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/wait.h>

#include <algorithm>

namespace cloudlet::lambda {
namespace {

bool HasSequence(const std::vector<std::string>& argv, std::vector<std::string> seq) {
  return std::search(argv.begin(), argv.end(), seq.begin(), seq.end()) != argv.end();
}

TEST(BwrapArgv, IsolatesAndBindsReadOnly) {
  HostLayout host;
  host.system_dirs = {{"/usr", std::nullopt}, {"/lib", "usr/lib"}, {"/etc", std::nullopt}};
  BwrapSpec spec{"/data/code/fn", "/src/runtimes/python", {"/root/.pyenv/versions/3.11.7"},
                 {"/usr/bin/python3", "-u", "/var/runtime/bootstrap.py"}};
  auto argv = BuildBwrapArgv(host, spec);
  ASSERT_FALSE(argv.empty());
  EXPECT_EQ(argv[0], "bwrap");
  for (const char* flag : {"--die-with-parent", "--new-session", "--unshare-pid"}) {
    EXPECT_NE(std::find(argv.begin(), argv.end(), flag), argv.end()) << flag;
  }
  // The network is the host's: no --unshare-net / --unshare-all.
  EXPECT_EQ(std::find(argv.begin(), argv.end(), "--unshare-net"), argv.end());
  EXPECT_EQ(std::find(argv.begin(), argv.end(), "--unshare-all"), argv.end());
  EXPECT_TRUE(HasSequence(argv, {"--ro-bind", "/usr", "/usr"}));
  EXPECT_TRUE(HasSequence(argv, {"--symlink", "usr/lib", "/lib"}));
  EXPECT_TRUE(HasSequence(argv, {"--ro-bind", "/etc", "/etc"}));
  EXPECT_TRUE(HasSequence(argv, {"--ro-bind", "/root/.pyenv/versions/3.11.7", "/root/.pyenv/versions/3.11.7"}));
  EXPECT_TRUE(HasSequence(argv, {"--ro-bind", "/data/code/fn", "/var/task"}));
  EXPECT_TRUE(HasSequence(argv, {"--ro-bind", "/src/runtimes/python", "/var/runtime"}));
  EXPECT_TRUE(HasSequence(argv, {"--tmpfs", "/tmp"}));
  EXPECT_TRUE(HasSequence(argv, {"--proc", "/proc"}));
  EXPECT_TRUE(HasSequence(argv, {"--chdir", "/var/task", "--", "/usr/bin/python3", "-u", "/var/runtime/bootstrap.py"}));
  // Nothing writable from the host: no --bind of any host path.
  EXPECT_EQ(std::find(argv.begin(), argv.end(), "--bind"), argv.end());
  // The command comes last, after "--".
  EXPECT_EQ(argv.back(), "/var/runtime/bootstrap.py");
}

TEST(BwrapArgv, ProvidedRuntimeHasNoRuntimeDir) {
  auto argv = BuildBwrapArgv(HostLayout{}, BwrapSpec{"/code", "", {}, {"/var/task/bootstrap"}});
  EXPECT_EQ(std::find(argv.begin(), argv.end(), "/var/runtime"), argv.end());
  EXPECT_EQ(argv.back(), "/var/task/bootstrap");
}

TEST(Sandbox, ParsesKinds) {
  EXPECT_EQ(ParseSandboxKind("bwrap").value(), SandboxKind::kBwrap);
  EXPECT_EQ(ParseSandboxKind("process").value(), SandboxKind::kProcess);
  EXPECT_FALSE(ParseSandboxKind("docker").ok());
}

TEST(Sandbox, ResolvesRuntimes) {
  auto provided = ResolveRuntime("provided.al2", "/code", "/rt", true);
  ASSERT_TRUE(provided.ok());
  EXPECT_EQ(provided->argv, std::vector<std::string>{"/var/task/bootstrap"});
  auto plain = ResolveRuntime("provided", "/code", "/rt", false);
  EXPECT_EQ(plain->argv, std::vector<std::string>{"/code/bootstrap"});
  auto unknown = ResolveRuntime("ruby3.3", "/code", "/rt", true);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "InvalidRuntimeException");
  EXPECT_NE(unknown.error().message.find("ruby3.3"), std::string::npos);
}

TEST(Sandbox, DescribesExits) {
  EXPECT_EQ(DescribeExit(1 << 8), "exit status 1");
  EXPECT_EQ(DescribeExit(9), "signal: killed");
}

// A process's exit is read once, through waitpid or (the fallback) its pidfd,
// and its limits are those of the sandbox.
TEST(Spawn, ReapsOnceWithTheStatusAndAppliesLimits) {
  LaunchSpec spec;
  spec.kind = SandboxKind::kProcess;
  spec.argv = {"/bin/sh", "-c", "test \"$(ulimit -n)\" = 1024 || exit 9; exit 7"};
  spec.env = {"PATH=/usr/bin:/bin"};
  auto proc = Spawn(spec);
  ASSERT_TRUE(proc.ok()) << proc.error().message;
  int pidfd = proc->pidfd();
  ASSERT_GE(pidfd, 0);
  pollfd p{pidfd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1);
  auto status = proc->TryReap(pidfd);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 7) << "9: RLIMIT_NOFILE is not 1024";
  EXPECT_EQ(DescribeExit(*status), "exit status 7");
  EXPECT_FALSE(proc->TryReap(pidfd)) << "reaped once";
}

TEST(Spawn, ASignalDeathIsDescribedAsTheSignal) {
  LaunchSpec spec;
  spec.kind = SandboxKind::kProcess;
  spec.argv = {"/bin/sh", "-c", "kill -SEGV $$"};
  spec.env = {"PATH=/usr/bin:/bin"};
  auto proc = Spawn(spec);
  ASSERT_TRUE(proc.ok()) << proc.error().message;
  pollfd p{proc->pidfd(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1);
  // The pidfd answers too (waitid P_PIDFD, TryReap's fallback) on this kernel.
  siginfo_t info{};
  ASSERT_EQ(waitid(static_cast<idtype_t>(3), static_cast<id_t>(proc->pidfd()), &info, WEXITED | WNOWAIT), 0);
  auto status = proc->TryReap(proc->pidfd());
  ASSERT_TRUE(status);
  EXPECT_EQ(DescribeExit(*status), "signal: segmentation fault");
}

}  // namespace
}  // namespace cloudlet::lambda
