// Integration: real Python, Node and shell `provided` functions through
// MakeInvoker, under both sandboxes. Every wait is bounded.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "lambda/execution_environment.h"
#include "lambda/invoker.h"

namespace cloudlet::lambda {
namespace {

constexpr auto kWait = std::chrono::seconds(20);

std::string SourceDir() { return CLOUDLET_SOURCE_DIR; }

class InvokerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    InvokerOptions options;
    options.sandbox = GetParam();
    options.runtimes_dir = SourceDir() + "/runtimes";
    options.endpoint_url = "http://127.0.0.1:4566";
    options.max_concurrency = 4;
    options.log_sink = [this](const FunctionSpec&, std::string_view, std::string_view line) {
      std::lock_guard lock(mu_);
      log_ += std::string(line) + "\n";
    };
    invoker_ = MakeInvoker(options);
  }
  void TearDown() override { invoker_->Shutdown(); }

  FunctionSpec Fn(const std::string& runtime, const std::string& dir, const std::string& handler) {
    FunctionSpec f;
    f.name = "fn-" + dir;
    f.arn = "arn:aws:lambda:us-east-1:000000000000:function:" + f.name;
    f.region = "us-east-1";
    f.runtime = runtime;
    f.handler = handler;
    f.code_dir = SourceDir() + "/tests/unit/lambda/testdata/" + dir;
    f.timeout_seconds = 3;
    f.revision = "1";
    f.environment["CUSTOM"] = "yes";
    return f;
  }

  aws::Result<InvokeResult> Run(const FunctionSpec& f, std::string payload, std::string id = "req-1") {
    auto promise = std::make_shared<std::promise<aws::Result<InvokeResult>>>();
    auto future = promise->get_future();
    invoker_->Invoke(f, InvokeRequest{std::move(id), std::move(payload), "", true},
                     [promise](aws::Result<InvokeResult> r) { promise->set_value(std::move(r)); });
    if (future.wait_for(kWait) != std::future_status::ready) {
      return aws::AwsError::Internal("test timed out waiting for the invocation");
    }
    return future.get();
  }

  std::string Log() {
    std::lock_guard lock(mu_);
    return log_;
  }

  std::unique_ptr<Invoker> invoker_;
  std::mutex mu_;
  std::string log_;
};

TEST_P(InvokerTest, PythonHandlerRunsWarmAndReportsErrors) {
  auto f = Fn("python3.12", "dp_python", "app.handler");
  auto r = Run(f, R"({"action":"echo"})", "req-py-1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->function_error);
  EXPECT_NE(r->payload.find(R"("request_id": "req-py-1")"), std::string::npos) << r->payload;
  EXPECT_NE(r->payload.find(R"("function": "fn-dp_python")"), std::string::npos);
  EXPECT_NE(r->payload.find(R"("remaining_ok": true)"), std::string::npos);
  EXPECT_NE(r->payload.find(R"("custom": "yes")"), std::string::npos);
  EXPECT_NE(r->payload.find(R"("endpoint": "http://127.0.0.1:4566")"), std::string::npos);
  if (GetParam() == "bwrap") {
    EXPECT_NE(r->payload.find(R"("task_root": "/var/task")"), std::string::npos);
  }
  EXPECT_NE(r->log_tail.find("START RequestId: req-py-1 Version: $LATEST"), std::string::npos) << r->log_tail;
  EXPECT_NE(r->log_tail.find("python got echo"), std::string::npos) << r->log_tail;
  EXPECT_NE(r->log_tail.find("END RequestId: req-py-1"), std::string::npos);
  EXPECT_NE(r->log_tail.find("REPORT RequestId: req-py-1\tDuration: "), std::string::npos);
  EXPECT_NE(r->log_tail.find("Init Duration: "), std::string::npos);
  EXPECT_NE(Log().find("python init"), std::string::npos);

  auto err = Run(f, R"({"action":"fail"})", "req-py-2");
  ASSERT_TRUE(err.ok());
  EXPECT_EQ(err->function_error, "Unhandled");
  EXPECT_NE(err->payload.find(R"("errorType": "ValueError")"), std::string::npos) << err->payload << err->log_tail;
  EXPECT_NE(err->payload.find(R"("errorMessage": "boom")"), std::string::npos);
  EXPECT_EQ(err->log_tail.find("Init Duration"), std::string::npos) << "warm: no init";
}

TEST_P(InvokerTest, TimeoutKillsAndReplacesTheEnvironment) {
  auto f = Fn("python3.12", "dp_python", "app.handler");
  f.timeout_seconds = 1;
  auto r = Run(f, R"({"action":"sleep","seconds":5})", "req-slow");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->function_error, "Unhandled");
  EXPECT_EQ(r->payload, R"({"errorType":"Sandbox.Timedout","errorMessage":"RequestId: req-slow Error: Task timed out after 1.00 seconds"})");
  EXPECT_NE(r->log_tail.find("req-slow Task timed out after 1.00 seconds"), std::string::npos) << r->log_tail;
  auto next = Run(f, R"({"action":"echo"})", "req-after");
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->function_error) << next->payload;
}

TEST_P(InvokerTest, CrashIsAnExitErrorAndTheEnvironmentIsReplaced) {
  auto f = Fn("python3.12", "dp_python", "app.handler");
  auto r = Run(f, R"({"action":"crash"})", "req-crash");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->function_error, "Unhandled");
  EXPECT_NE(r->payload.find("Runtime.ExitError"), std::string::npos) << r->payload;
  EXPECT_NE(r->payload.find("RequestId: req-crash Error: Runtime exited with error: exit status 3"), std::string::npos) << r->payload;
  auto next = Run(f, R"({"action":"echo"})", "req-after");
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->function_error) << next->payload;
}

TEST_P(InvokerTest, InitErrorIsReportedAtOnce) {
  auto f = Fn("python3.12", "dp_python", "missing_module.handler");
  f.timeout_seconds = 10;
  auto start = std::chrono::steady_clock::now();
  auto r = Run(f, "{}");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->function_error, "Unhandled");
  EXPECT_NE(r->payload.find("Runtime.ImportModuleError"), std::string::npos) << r->payload;
  // Well under the function's timeout (an init error must not wait for it),
  // with room for a loaded machine.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  auto missing = Run(Fn("python3.12", "dp_python", "app.nothing"), "{}");
  ASSERT_TRUE(missing.ok());
  EXPECT_NE(missing->payload.find("Runtime.HandlerNotFound"), std::string::npos) << missing->payload;
}

TEST_P(InvokerTest, NodeAsyncCallbackAndEsmHandlers) {
  auto r = Run(Fn("nodejs20.x", "dp_node", "app.handler"), R"({"action":"echo"})", "req-node");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->function_error) << r->payload;
  EXPECT_NE(r->payload.find(R"("requestId":"req-node")"), std::string::npos) << r->payload;
  EXPECT_NE(r->log_tail.find("\treq-node\tINFO\tnode got echo"), std::string::npos) << r->log_tail;
  auto err = Run(Fn("nodejs20.x", "dp_node", "app.handler"), R"({"action":"fail"})", "req-node-2");
  ASSERT_TRUE(err.ok());
  EXPECT_EQ(err->function_error, "Unhandled");
  EXPECT_NE(err->payload.find(R"("errorType":"TypeError")"), std::string::npos) << err->payload;
  auto callback_fn = Fn("nodejs20.x", "dp_node", "app.callback");
  callback_fn.revision = "2";  // a new handler is a new revision
  auto cb = Run(callback_fn, R"({"n":41})");
  ASSERT_TRUE(cb.ok());
  EXPECT_EQ(cb->payload, R"({"cb":42})");
  auto esm = Run(Fn("nodejs20.x", "dp_node_esm", "index.handler"), R"({"a":1})");
  ASSERT_TRUE(esm.ok());
  EXPECT_EQ(esm->payload, R"({"esm":true,"got":{"a":1}})");
}

TEST_P(InvokerTest, ProvidedShellBootstrap) {
  auto r = Run(Fn("provided.al2023", "dp_provided", ""), R"({"x":1})", "req-sh");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->payload, R"({"shell":{"x":1}})");
  EXPECT_NE(r->log_tail.find("shell got {\"x\":1}"), std::string::npos) << r->log_tail;
}

TEST_P(InvokerTest, UnknownRuntimeIsAnAwsError) {
  auto r = Run(Fn("cobol85", "dp_python", "app.handler"), "{}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidRuntimeException");
}

// A function whose process exits 200 ms after answering: it dies idle. The
// next invocation must start a fresh environment and succeed.
TEST_P(InvokerTest, EnvironmentThatDiesIdleIsReplaced) {
  auto dir = std::filesystem::temp_directory_path() / ("cloudlet-idle-death-" + std::to_string(getpid()) + GetParam());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "app.py") << "import os, threading\n"
                                   "def handler(event, context):\n"
                                   "    if event.get('die'):\n"
                                   "        threading.Timer(0.2, os._exit, [0]).start()\n"
                                   "    return 'ok'\n";
  auto f = Fn("python3.12", "dp_python", "app.handler");
  f.name = "fn-idle-death";
  f.code_dir = dir.string();
  auto first = Run(f, R"({"die":true})", "req-die");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->payload, R"("ok")");
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  auto next = Run(f, "{}", "req-after-death");
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_FALSE(next->function_error) << next->payload;
  EXPECT_EQ(next->payload, R"("ok")");
  EXPECT_NE(next->log_tail.find("Init Duration"), std::string::npos) << "a cold start: " << next->log_tail;
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Sandboxes, InvokerTest, ::testing::Values("bwrap", "process"));

// One execution environment on its own io thread, with a shortened init limit.
class ExecutionEnvironmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("cloudlet-init-" + std::to_string(getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    thread_ = std::thread([this] { io_.run(); });
    context_.io = &io_;
    context_.sandbox = SandboxKind::kProcess;
    context_.runtimes_dir = SourceDir() + "/runtimes";
    context_.log_sink = [this](const FunctionSpec&, std::string_view, std::string_view line) {
      std::lock_guard lock(mu_);
      log_ += std::string(line) + "\n";
    };
  }
  void TearDown() override {
    if (env_) env_->Stop();
    env_.reset();
    work_.reset();
    thread_.join();
    std::filesystem::remove_all(dir_);
  }

  // A shell runtime that sleeps `init_seconds` before its first /next.
  FunctionSpec SlowInit(double init_seconds, int timeout_seconds) {
    auto bootstrap = dir_ / "bootstrap";
    std::ofstream(bootstrap) << "#!/bin/sh\nsleep " << init_seconds << "\nexec " << SourceDir()
                             << "/tests/unit/lambda/testdata/dp_provided/bootstrap\n";
    std::filesystem::permissions(bootstrap, std::filesystem::perms::owner_all);
    FunctionSpec f;
    f.name = "fn-slow-init";
    f.arn = "arn:aws:lambda:us-east-1:000000000000:function:fn-slow-init";
    f.region = "us-east-1";
    f.runtime = "provided.al2023";
    f.code_dir = dir_.string();
    f.timeout_seconds = timeout_seconds;
    f.revision = "1";
    return f;
  }

  aws::Result<InvokeResult> Run(const FunctionSpec& f, std::string id) {
    auto made = StartExecutionEnvironment(context_, f, nullptr);
    if (!made.ok()) return made.take_error();
    env_ = *made;
    auto promise = std::make_shared<std::promise<aws::Result<InvokeResult>>>();
    auto future = promise->get_future();
    env_->Invoke(std::make_shared<const InvokeRequest>(InvokeRequest{id, R"({"x":1})", "", true}),
                 [promise](aws::Result<InvokeResult> r, AfterInvoke) { promise->set_value(std::move(r)); });
    if (future.wait_for(kWait) != std::future_status::ready) return aws::AwsError::Internal("test timed out");
    return future.get();
  }

  std::string Log() {
    std::lock_guard lock(mu_);
    return log_;
  }

  std::filesystem::path dir_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  std::thread thread_;
  EnvironmentContext context_;
  std::shared_ptr<Environment> env_;
  std::mutex mu_;
  std::string log_;
};

TEST_F(ExecutionEnvironmentTest, InitTimeDoesNotCountAgainstTheFunctionTimeout) {
  auto r = Run(SlowInit(1.5, 1), "req-slow-init");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->function_error) << r->payload;
  EXPECT_EQ(r->payload, R"({"shell":{"x":1}})");
  EXPECT_NE(r->log_tail.find("Init Duration: 1"), std::string::npos) << r->log_tail;
  EXPECT_EQ(Log().find("INIT_REPORT"), std::string::npos) << Log();
}

TEST_F(ExecutionEnvironmentTest, InitOverItsLimitGoesOnUnderTheFunctionTimeout) {
  context_.init_timeout = std::chrono::milliseconds(400);
  auto r = Run(SlowInit(1.2, 3), "req-init-over");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->function_error) << r->payload;
  EXPECT_NE(Log().find("ms\tPhase: init\tStatus: timeout"), std::string::npos) << Log();
  EXPECT_EQ(Log().find("Phase: invoke"), std::string::npos) << Log();
}

TEST_F(ExecutionEnvironmentTest, InitOverBothLimitsTimesTheInvocationOut) {
  context_.init_timeout = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  auto r = Run(SlowInit(5, 1), "req-init-timeout");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(r->function_error, "Unhandled");
  EXPECT_EQ(r->payload, R"({"errorType":"Sandbox.Timedout","errorMessage":"RequestId: req-init-timeout Error: Task timed out after 1.00 seconds"})");
  std::string log = Log();
  auto init = log.find("ms\tPhase: init\tStatus: timeout");
  auto invoke = log.find("ms\tPhase: invoke\tStatus: timeout");
  auto start_line = log.find("START RequestId: req-init-timeout");
  ASSERT_NE(init, std::string::npos) << log;
  ASSERT_NE(invoke, std::string::npos) << log;
  EXPECT_LT(init, invoke);
  EXPECT_LT(invoke, start_line);
  EXPECT_NE(log.find("req-init-timeout Task timed out after 1.00 seconds"), std::string::npos) << log;
}

}  // namespace
}  // namespace cloudlet::lambda
