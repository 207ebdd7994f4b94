#include "lambda/execution_environment.h"

#include "lambda/base64.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <random>

#include "lambda/runtime_api.h"

namespace cloudlet::lambda {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

std::string RandomHex(std::size_t digits) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(digits, '0');
  for (auto& c : out) c = kHex[rng() % 16];
  return out;
}

int64_t NowEpochMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string Utc(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}


std::string JsonEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string PlatformError(std::string_view type, std::string_view message) {
  return R"({"errorType":")" + std::string(type) + R"(","errorMessage":")" + JsonEscape(message) + "\"}";
}

// Whether `fd` (a pidfd) polls readable now: its process has exited.
bool Readable(int fd) {
  if (fd < 0) return false;
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & (POLLIN | POLLHUP)) != 0;
}

std::string FormatMs(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", ms);
  return buf;
}

class ExecutionEnvironment final : public Environment,
                                   public std::enable_shared_from_this<ExecutionEnvironment> {
 public:
  ExecutionEnvironment(const EnvironmentContext& context, FunctionSpec function, ExitNotice on_exit)
      : io_(*context.io), sink_(context.log_sink), function_(std::move(function)), on_exit_(std::move(on_exit)),
        bwrap_(context.sandbox == SandboxKind::kBwrap),
        init_timeout_(context.init_timeout), stdout_(io_), stderr_(io_), exit_(io_), timer_(io_), init_timer_(io_),
        exit_poll_(io_) {
    log_stream_ = Utc("%Y/%m/%d") + "/[" + function_.version + "]" + RandomHex(32);
  }

  const std::string& log_stream() const { return log_stream_; }

  RuntimeApiEvents Events() {
    std::weak_ptr<ExecutionEnvironment> weak = weak_from_this();
    RuntimeApiEvents events;
    events.on_first_next = [weak] { if (auto self = weak.lock()) self->OnInitDone(); };
    events.on_response = [weak](const std::string& id, std::string body) {
      if (auto self = weak.lock()) self->OnResult(id, std::move(body), false);
    };
    events.on_error = [weak](const std::string& id, std::string, std::string body) {
      if (auto self = weak.lock()) self->OnResult(id, std::move(body), true);
    };
    events.on_init_error = [weak](std::string, std::string body) {
      if (auto self = weak.lock()) self->OnInitError(std::move(body));
    };
    return events;
  }

  // Takes ownership of the process and starts watching it (io thread).
  void Begin(std::shared_ptr<RuntimeApi> api, Process process) {
    if (stopped_) return api->Close();  // `process` dies with this scope
    api_ = std::move(api);
    process_ = std::move(process);
    spawned_ = Clock::now();
    stdout_.assign(process_.release_stdout());
    stderr_.assign(process_.release_stderr());
    ReadOutput(stdout_, out_buf_, out_partial_);
    ReadOutput(stderr_, err_buf_, err_partial_);
    if (int fd = process_.release_pidfd(); fd >= 0) {
      exit_.assign(fd);
      WaitForExit();
    } else {
      PollExit();
    }
    // Lambda's init phase has its own limit, apart from the function's timeout.
    init_timer_.expires_after(init_timeout_);
    init_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (auto self = weak.lock(); self && !ec) self->OnInitTimeout();
    });
  }

  void Invoke(std::shared_ptr<const InvokeRequest> request, Done done) override {
    asio::post(io_, [self = shared_from_this(), request = std::move(request), done = std::move(done)]() mutable {
      self->StartInvocation(std::move(request), std::move(done));
    });
  }

  void Stop() override {
    asio::post(io_, [self = shared_from_this()] { self->StopNow(); });
  }

 private:
  struct Current {
    std::shared_ptr<const InvokeRequest> request;
    Done done;
    Clock::time_point start;
    std::string log;
    bool delivered = false;  // handed to the Runtime API
    bool timing = false;     // the function's timeout runs
  };

  void StartInvocation(std::shared_ptr<const InvokeRequest> request, Done done) {
    if (stopped_) {
      return done(aws::AwsError::Make(500, "ServiceException", "The execution environment was stopped."),
                  AfterInvoke::kDiscard);
    }
    // The process may have died while idle and its exit not been handled yet.
    if (!dead_ && Readable(exit_.is_open() ? exit_.native_handle() : -1)) OnExit();
    if (dead_ && init_done_ && init_error_.empty()) {
      // A warm environment that died idle never saw this invocation: the
      // pool runs it on another environment.
      return done(aws::AwsError::Make(500, "ServiceException", "The execution environment exited."),
                  AfterInvoke::kDiscardAndRetry);
    }
    current_ = Current{std::move(request), std::move(done), Clock::now(), {}};
    if (!init_error_.empty() || dead_) {
      // Init failed: the invocation that waited for it reports why.
      EmitLine("START RequestId: " + current_->request->request_id + " Version: " + function_.version);
      if (!init_error_.empty()) return Finish(init_error_, true, false, {});
      return Finish(ExitErrorPayload(), true, false, "\tStatus: error\tError Type: Runtime.ExitError");
    }
    // During init the invocation waits; the init phase's limit applies, not
    // the function's timeout (unless init already overran: then both share it).
    if (init_done_) return Deliver();
    if (init_timed_out_) StartTimeout();
  }

  // Hands the current invocation to the runtime (init is done).
  void Deliver() {
    Current& cur = *current_;
    cur.delivered = true;
    const std::string& id = cur.request->request_id;
    EmitLine("START RequestId: " + id + " Version: " + function_.version);
    if (!cur.timing) {
      cur.start = Clock::now();
      StartTimeout();
    }
    RuntimeInvocation inv;
    inv.request_id = id;
    inv.payload = cur.request->payload;
    inv.deadline_ms = NowEpochMs() + std::chrono::duration_cast<std::chrono::milliseconds>(
                                         timer_.expiry() - asio::steady_timer::clock_type::now()).count();
    inv.function_arn = cur.request->invoked_function_arn.empty() ? function_.arn : cur.request->invoked_function_arn;
    inv.trace_id = !cur.request->trace_id.empty()
                       ? cur.request->trace_id
                       : "Root=1-" + RandomHex(8) + "-" + RandomHex(24) + ";Parent=" + RandomHex(16) + ";Sampled=0";
    if (!cur.request->client_context.empty()) {
      inv.client_context = Base64Decode(cur.request->client_context).value_or("");
    }
    api_->Deliver(std::move(inv));
  }

  void StartTimeout() {
    current_->timing = true;
    timer_.expires_after(std::chrono::seconds(function_.timeout_seconds));
    timer_.async_wait([weak = weak_from_this(), id = current_->request->request_id](boost::system::error_code ec) {
      if (auto self = weak.lock(); self && !ec) self->OnTimeout(id);
    });
  }

  void OnInitDone() {
    if (init_done_) return;
    init_done_ = true;
    init_timer_.cancel();
    init_duration_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - spawned_).count();
    if (current_ && !current_->delivered) Deliver();
  }

  // Init overran its limit. Lambda reports it, then retries init within the
  // first invocation under the function's timeout; cloudlet lets the same
  // init go on under that timeout (no restart).
  void OnInitTimeout() {
    if (init_done_ || dead_ || stopped_ || !init_error_.empty()) return;
    init_timed_out_ = true;
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - spawned_).count();
    EmitLine("INIT_REPORT Init Duration: " + FormatMs(ms) + " ms\tPhase: init\tStatus: timeout");
    if (current_ && !current_->timing) StartTimeout();
  }

  void OnInitError(std::string body) {
    init_error_ = std::move(body);
    init_timer_.cancel();
    process_.Kill();
    if (current_) {
      if (!current_->delivered) {
        EmitLine("START RequestId: " + current_->request->request_id + " Version: " + function_.version);
      }
      Finish(init_error_, true, false, {});
    }
  }

  void OnResult(const std::string& id, std::string body, bool is_error) {
    if (!current_ || current_->request->request_id != id) return;
    Finish(std::move(body), is_error, true, {});
  }

  void OnTimeout(const std::string& id) {
    if (!current_ || current_->request->request_id != id) return;
    if (!current_->delivered) {
      // The init retried within the invocation overran the function's timeout too.
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - spawned_).count();
      EmitLine("INIT_REPORT Init Duration: " + FormatMs(ms) + " ms\tPhase: invoke\tStatus: timeout");
      EmitLine("START RequestId: " + id + " Version: " + function_.version);
    }
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", static_cast<double>(function_.timeout_seconds));
    EmitLine(Utc("%Y-%m-%dT%H:%M:%S.000Z") + " " + id + " Task timed out after " + seconds + " seconds");
    int memory = process_.MaxMemoryUsedMb();
    process_.Kill();
    dead_ = killed_by_us_ = true;
    Finish(PlatformError("Sandbox.Timedout", "RequestId: " + id + " Error: Task timed out after " +
                                                 seconds + " seconds"),
           true, false, "\tStatus: timeout", memory);
  }

  void WaitForExit() {
    exit_.async_wait(asio::posix::stream_descriptor::wait_read,
                     [self = shared_from_this()](boost::system::error_code ec) {
                       if (ec) return;
                       // A wake-up without an exit is not a death: wait on.
                       if (!self->Exited()) return self->WaitForExit();
                       self->OnExit();
                     });
  }

  // Whether the process really exited (reaping it if so).
  bool Exited() {
    if (!exit_status_) exit_status_ = process_.TryReap(exit_.is_open() ? exit_.native_handle() : -1);
    return exit_status_.has_value() || Readable(exit_.is_open() ? exit_.native_handle() : -1);
  }

  void PollExit() {
    exit_poll_.expires_after(std::chrono::milliseconds(20));
    exit_poll_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec) return;
      if (auto status = self->process_.TryReap()) {
        self->exit_status_ = status;  // reaped once: OnExit must not wait on it again
        return self->OnExit();
      }
      self->PollExit();
    });
  }

  void OnExit() {
    if (dead_) return;
    if (!exit_status_) exit_status_ = process_.TryReap(exit_.is_open() ? exit_.native_handle() : -1);
    dead_ = true;
    init_timer_.cancel();
    DrainPipes();
    if (stopped_) return;
    if (current_) {
      if (!current_->delivered) {
        EmitLine("START RequestId: " + current_->request->request_id + " Version: " + function_.version);
      }
      EmitLine("RequestId: " + current_->request->request_id +
               " Error: Runtime exited with error: " + ExitText());
      Finish(ExitErrorPayload(), true, false, "\tStatus: error\tError Type: Runtime.ExitError");
    } else if (on_exit_) {
      on_exit_(this);  // died while idle: the pool drops it now, not at its next invocation
    }
  }

  std::string ExitErrorPayload() const {
    std::string id = current_ ? current_->request->request_id : std::string();
    return PlatformError("Runtime.ExitError", "RequestId: " + id + " Error: Runtime exited with error: " + ExitText());
  }

  // How the runtime ended, in Lambda's words ("exit status 3", "signal: killed").
  std::string ExitText() const {
    if (!exit_status_) return "unknown exit";
    int status = *exit_status_;
    if (bwrap_ && WIFEXITED(status) && WEXITSTATUS(status) > 128 && WEXITSTATUS(status) < 128 + 32) {
      status = WEXITSTATUS(status) - 128;  // a wait status for "killed by that signal"
    }
    return DescribeExit(status);
  }

  void Finish(std::string payload, bool function_error, bool reusable, std::string report_suffix,
              int memory_mb = -1) {
    DrainPipes();
    FlushPartial(out_partial_);
    FlushPartial(err_partial_);
    timer_.cancel();
    Current cur = std::move(*current_);
    current_.reset();
    const std::string& id = cur.request->request_id;
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - cur.start).count();
    if (memory_mb < 0) memory_mb = process_.MaxMemoryUsedMb();
    char report[256];
    std::snprintf(report, sizeof report,
                  "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %lld ms\tMemory Size: %d MB\t"
                  "Max Memory Used: %d MB\t",
                  id.c_str(), ms, static_cast<long long>(std::ceil(ms)), function_.memory_mb, memory_mb);
    std::string report_line = report;
    if (!reported_init_ && init_done_) {
      char init[64];
      std::snprintf(init, sizeof init, "Init Duration: %.2f ms\t", init_duration_ms_);
      report_line += init;
    }
    reported_init_ = true;
    report_line += report_suffix;
    current_log_ = &cur.log;
    EmitLine("END RequestId: " + id);
    EmitLine(report_line);
    current_log_ = nullptr;
    InvokeResult result;
    result.payload = std::move(payload);
    if (function_error) result.function_error = "Unhandled";
    result.executed_version = function_.version;
    if (cur.request->tail_logs) {
      result.log_tail = cur.log.size() > kLogTailBytes ? cur.log.substr(cur.log.size() - kLogTailBytes) : cur.log;
    }
    cur.done(std::move(result), reusable && !dead_ ? AfterInvoke::kReuse : AfterInvoke::kDiscard);
  }

  void StopNow() {
    if (stopped_) return;
    stopped_ = true;
    if (current_) {
      auto done = std::move(current_->done);
      current_.reset();
      done(aws::AwsError::Make(500, "ServiceException", "The execution environment was stopped."),
           AfterInvoke::kDiscard);
    }
    timer_.cancel();
    init_timer_.cancel();
    exit_poll_.cancel();
    if (api_) api_->Close();
    process_ = Process{};  // kills and reaps the tree, removes its cgroups
    boost::system::error_code ec;
    stdout_.close(ec);
    stderr_.close(ec);
    exit_.close(ec);
  }

  void ReadOutput(asio::posix::stream_descriptor& fd, std::array<char, 8192>& buf, std::string& partial) {
    fd.async_read_some(asio::buffer(buf), [self = shared_from_this(), &fd, &buf, &partial](
                                              boost::system::error_code ec, std::size_t n) {
      if (n > 0) self->AppendOutput(partial, std::string_view(buf.data(), n));
      if (ec) return self->FlushPartial(partial);
      self->ReadOutput(fd, buf, partial);
    });
  }

  // Output already written by the runtime before it answered the Runtime API
  // sits in the pipes; read it now so it lands inside this invocation's frame.
  void DrainPipes() {
    std::array<char, 8192> buf;
    for (auto [fd, partial] : {std::pair{&stdout_, &out_partial_}, std::pair{&stderr_, &err_partial_}}) {
      if (!fd->is_open()) continue;
      for (;;) {
        ssize_t n = ::read(fd->native_handle(), buf.data(), buf.size());
        if (n <= 0) break;
        AppendOutput(*partial, std::string_view(buf.data(), static_cast<std::size_t>(n)));
      }
    }
  }

  void AppendOutput(std::string& partial, std::string_view data) {
    partial.append(data);
    std::size_t start = 0;
    for (std::size_t nl; (nl = partial.find('\n', start)) != std::string::npos; start = nl + 1) {
      EmitLine(partial.substr(start, nl - start));
    }
    partial.erase(0, start);
    if (partial.size() > 256 * 1024) FlushPartial(partial);  // a runaway line without newline
  }

  void FlushPartial(std::string& partial) {
    if (partial.empty()) return;
    std::string line = std::move(partial);
    partial.clear();
    EmitLine(line);
  }

  void EmitLine(const std::string& line) {
    if (std::string* log = current_log_ ? current_log_ : (current_ ? &current_->log : nullptr)) {
      log->append(line).push_back('\n');
    }
    if (sink_) sink_(function_, log_stream_, line);
  }

  asio::io_context& io_;
  LogSink sink_;
  FunctionSpec function_;
  ExitNotice on_exit_;
  bool bwrap_;  // the process is bwrap, which reports a runtime's death by signal N as exit status 128 + N
  std::chrono::milliseconds init_timeout_;
  std::string log_stream_;
  std::shared_ptr<RuntimeApi> api_;
  Process process_;
  asio::posix::stream_descriptor stdout_, stderr_, exit_;
  asio::steady_timer timer_, init_timer_, exit_poll_;
  std::array<char, 8192> out_buf_{}, err_buf_{};
  std::string out_partial_, err_partial_;
  std::optional<Current> current_;
  std::string* current_log_ = nullptr;  // the finishing invocation's log while END/REPORT are written
  std::string init_error_;
  std::optional<int> exit_status_;
  Clock::time_point spawned_;
  double init_duration_ms_ = 0;
  bool init_done_ = false, init_timed_out_ = false, reported_init_ = false, dead_ = false, stopped_ = false,
       killed_by_us_ = false;
};

}  // namespace

std::vector<std::string> BuildRuntimeEnvironment(const FunctionSpec& f, const std::string& runtime_api,
                                                 const std::string& log_stream,
                                                 const std::string& endpoint_url, const std::string& task_root,
                                                 const std::string& runtime_root, const std::string& extra_path) {
  std::map<std::string, std::string> env(f.environment.begin(), f.environment.end());
  std::string path = "/usr/local/bin:/usr/bin:/bin:/opt/bin";
  if (!extra_path.empty()) path = extra_path + ":" + path;
  std::map<std::string, std::string> reserved = {
      {"AWS_LAMBDA_RUNTIME_API", runtime_api},
      {"_HANDLER", f.handler},
      {"AWS_REGION", f.region},
      {"AWS_DEFAULT_REGION", f.region},
      {"AWS_LAMBDA_FUNCTION_NAME", f.name},
      {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(f.memory_mb)},
      {"AWS_LAMBDA_FUNCTION_VERSION", f.version},
      {"AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"},
      {"AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + f.name},
      {"AWS_LAMBDA_LOG_STREAM_NAME", log_stream},
      {"LAMBDA_TASK_ROOT", task_root},
      {"LAMBDA_RUNTIME_DIR", runtime_root},
      {"TZ", ":UTC"},
      {"LANG", "en_US.UTF-8"},
      {"PATH", path},
      {"AWS_ACCESS_KEY_ID", "test"},
      {"AWS_SECRET_ACCESS_KEY", "test"},
      {"AWS_SESSION_TOKEN", "test"},
  };
  if (!endpoint_url.empty()) reserved["AWS_ENDPOINT_URL"] = endpoint_url;
  if (f.runtime.rfind("provided", 0) != 0) reserved["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + f.runtime;
  for (auto& [k, v] : reserved) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

aws::Result<std::shared_ptr<Environment>> StartExecutionEnvironment(const EnvironmentContext& context,
                                                                    const FunctionSpec& function,
                                                                    ExitNotice on_exit) {
  bool sandboxed = context.sandbox == SandboxKind::kBwrap;
  if (sandboxed) CLOUDLET_TRY(CheckBwrapWorks());
  auto command = ResolveRuntime(function.runtime, function.code_dir, context.runtimes_dir, sandboxed);
  if (!command.ok()) return command.take_error();
  std::string runtime_dir =
      command->runtime_subdir.empty() ? std::string() : context.runtimes_dir + "/" + command->runtime_subdir;

  auto env = std::make_shared<ExecutionEnvironment>(context, function, std::move(on_exit));
  auto api = StartRuntimeApi(*context.io, env->Events());
  if (!api.ok()) return api.take_error();

  LaunchSpec launch;
  launch.kind = context.sandbox;
  launch.memory_mb = function.memory_mb;
  launch.limit_address_space = command->limit_address_space;
  std::string runtime_api = "127.0.0.1:" + std::to_string((*api)->port());
  launch.env = BuildRuntimeEnvironment(function, runtime_api, env->log_stream(), context.endpoint_url,
                                       sandboxed ? kTaskRoot : function.code_dir,
                                       sandboxed ? kRuntimeRoot : runtime_dir, command->interpreter_dir);
  if (sandboxed) {
    BwrapSpec spec{function.code_dir, runtime_dir, command->extra_ro_binds, command->argv};
    launch.argv = BuildBwrapArgv(context.host, spec);
  } else {
    launch.argv = command->argv;
    launch.cwd = function.code_dir;
  }
  auto process = Spawn(launch);
  if (!process.ok()) {
    (*api)->Close();
    return process.take_error();
  }
  asio::post(*context.io, [env, api = std::move(*api), proc = std::make_shared<Process>(std::move(*process))]() mutable {
    env->Begin(std::move(api), std::move(*proc));
  });
  return std::shared_ptr<Environment>(env);
}

}  // namespace cloudlet::lambda
