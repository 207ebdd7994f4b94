// MakeInvoker: one io_context thread that runs every environment's Runtime
// API, output pipes and timers; a warm pool over real execution environments;
// and a periodic reaper of idle environments.
#include "lambda/invoker.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>
#include <future>
#include <thread>

#include "lambda/environment_pool.h"
#include "lambda/execution_environment.h"

namespace cloudlet::lambda {
namespace {

namespace asio = boost::asio;

class LocalInvoker final : public Invoker {
 public:
  explicit LocalInvoker(InvokerOptions options)
      : options_(std::move(options)), work_(asio::make_work_guard(io_)), reaper_(io_) {
    auto kind = ParseSandboxKind(options_.sandbox);
    if (!kind.ok()) {
      config_error_ = kind.take_error();
    } else {
      context_.sandbox = *kind;
      if (*kind == SandboxKind::kProcess)
        spdlog::warn("lambda: --sandbox process runs functions without namespaces: they see the host's files "
                     "with cloudlet's rights (weaker isolation than bwrap)");
    }
    context_.io = &io_;
    context_.runtimes_dir = options_.runtimes_dir;
    context_.endpoint_url = options_.endpoint_url;
    context_.log_sink = options_.log_sink;
    if (context_.sandbox == SandboxKind::kBwrap) context_.host = ProbeHostLayout();
    pool_ = std::make_shared<EnvironmentPool>(
        [this](const FunctionSpec& f, ExitNotice on_exit) {
          return StartExecutionEnvironment(context_, f, std::move(on_exit));
        },
        options_.max_concurrency, options_.idle_timeout);
    ScheduleReap();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~LocalInvoker() override { Shutdown(); }

  void Invoke(const FunctionSpec& function, InvokeRequest request,
              std::function<void(aws::Result<InvokeResult>)> done) override {
    if (config_error_) return done(*config_error_);
    pool_->Invoke(function, std::move(request), std::move(done));
  }

  void Retire(std::string_view function_name) override { pool_->Retire(function_name); }

  void Shutdown() override {
    if (!thread_.joinable()) return;
    pool_->Shutdown();
    asio::post(io_, [this] { reaper_.cancel(); });
    work_.reset();
    // Environments stop on the io thread; give them a moment, then cut off.
    auto finished = std::async(std::launch::async, [this] { while (!io_.stopped()) std::this_thread::sleep_for(std::chrono::milliseconds(5)); });
    if (finished.wait_for(std::chrono::seconds(3)) != std::future_status::ready) io_.stop();
    finished.wait();
    thread_.join();
  }

 private:
  void ScheduleReap() {
    auto period = std::min<std::chrono::seconds>(options_.idle_timeout, std::chrono::seconds(10));
    reaper_.expires_after(std::max<std::chrono::milliseconds>(period, std::chrono::milliseconds(100)));
    reaper_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      pool_->ReapIdle();
      ScheduleReap();
    });
  }

  InvokerOptions options_;
  std::optional<aws::AwsError> config_error_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::steady_timer reaper_;
  EnvironmentContext context_;
  std::shared_ptr<EnvironmentPool> pool_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<Invoker> MakeInvoker(InvokerOptions options) {
  return std::make_unique<LocalInvoker>(std::move(options));
}

}  // namespace cloudlet::lambda
