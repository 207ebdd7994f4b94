#include "server/app.h"

#include <signal.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "apigateway/apigateway.h"
#include "dynamodb/dynamodb.h"
#include "events/events.h"
#include "http/server.h"
#include "lambda/lambda.h"
#include "logs/logs.h"
#include "scheduler/scheduler.h"
#include "aws/sigv4/credentials_store.h"
#include "server/admin_service.h"
#include "server/authenticator.h"
#include "server/logging.h"
#include "server/metrics.h"
#include "server/pipeline.h"
#include "storage/kv_store.h"

namespace cloudlet::server {
namespace {

int Fail(const std::string& line) {
  std::fprintf(stderr, "cloudlet: %s\n", line.c_str());
  return 1;
}

void AppendStorageMetrics(storage::KvStore& store, std::string& out) {
  auto stats = store.Stats();
  auto gauge = [&out](const char* name, const char* help, const char* type, uint64_t value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
  };
  gauge("cloudlet_storage_estimated_keys", "Estimated keys in the store.", "gauge", stats.estimated_keys);
  gauge("cloudlet_storage_live_data_bytes", "Estimated bytes of live data.", "gauge", stats.live_data_bytes);
  gauge("cloudlet_storage_file_bytes", "Bytes of data files.", "gauge", stats.file_bytes);
  gauge("cloudlet_storage_memtable_bytes", "Bytes in write buffers.", "gauge", stats.memtable_bytes);
  gauge("cloudlet_storage_block_cache_bytes", "Bytes in the block cache.", "gauge", stats.block_cache_bytes);
  gauge("cloudlet_storage_writes_total", "Write operations acknowledged since start.", "counter", stats.writes);
}

}  // namespace

int RunServe(const Config& config) {
  // Block the stop signals before any thread starts, so only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SetUpLogging(config.log_level, config.log_format);

  auto opened = storage::OpenStore(storage::Options{
      .path = config.data_dir, .in_memory = config.in_memory, .sync_writes = config.sync});
  if (!opened.status.ok()) return Fail(opened.status.message());
  storage::KvStore& store = *opened.store;

  Metrics metrics;
  // Access lines are info-level: on at trace, debug and info.
  std::unique_ptr<AccessLog> access_log;
  if (config.log_level == "trace" || config.log_level == "debug" || config.log_level == "info")
    access_log = std::make_unique<AccessLog>(STDERR_FILENO, config.log_format == "json");
  PipelineOptions pipeline_options{.default_region = config.region,
                                   .account_id = config.account_id,
                                   .access_log = access_log.get()};
  aws::sigv4::CredentialsStore credentials = aws::sigv4::CredentialsStore::Default();
  if (!config.credentials_file.empty()) {
    auto loaded = aws::sigv4::CredentialsStore::LoadFile(config.credentials_file);
    if (!loaded.ok()) return Fail(loaded.error().message);
    credentials = std::move(loaded.value());
    if (credentials.Find("test") == nullptr) credentials.Add({"test", "test", ""});
  }
  Authenticator authenticator;
  if (config.auth == "sigv4") authenticator = MakeSigV4Authenticator(credentials);
  Pipeline pipeline(pipeline_options, metrics, authenticator);
  // Set once API Gateway exists (after Lambda): its per-route families join /_cloudlet/metrics.
  std::function<void(std::string&)> append_gateway_metrics;
  AdminService admin(metrics, pipeline.services(), [&store, &append_gateway_metrics](std::string& out) {
    AppendStorageMetrics(store, out);
    if (append_gateway_metrics) append_gateway_metrics(out);
  });
  pipeline.AddService(admin);
  aws::ServiceEnvironment env{.region = config.region, .account_id = config.account_id};
  auto dynamodb = dynamodb::MakeDynamoDb(
      store, env, dynamodb::DynamoDbOptions{.ttl_sweep_interval = std::chrono::milliseconds(config.ttl_sweep_ms)});
  pipeline.AddService(*dynamodb.service);
  auto cloudwatch_logs = logs::MakeLogs(store, env);
  pipeline.AddService(*cloudwatch_logs.service);

  http::ServerOptions server_options{.host = config.host,
                                     .port = config.port,
                                     .threads = config.threads,
                                     .max_connections = config.max_connections,
                                     .idle_timeout = std::chrono::milliseconds(config.idle_timeout_ms),
                                     .header_timeout = std::chrono::milliseconds(config.header_timeout_ms)};
  http::Server server(server_options, pipeline);
  if (auto st = server.Listen(); !st.ok()) return Fail(st.error().message);

  // Lambda is wired once the port is bound: functions call back to cloudlet
  // through AWS_ENDPOINT_URL.
  std::string callback_host = config.host == "0.0.0.0" || config.host == "::" ? "127.0.0.1" : config.host;
  std::string code_root = config.data_dir + "/lambda";
  if (config.in_memory) {
    char tmpl[] = "/tmp/cloudlet-lambda-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) return Fail("cannot create a temporary directory for function code");
    code_root = tmpl;
  }
  lambda::InvokerOptions invoker_options{
      .sandbox = config.sandbox,
      .runtimes_dir = config.runtimes_dir,
      .endpoint_url = fmt::format("http://{}:{}", callback_host, server.port()),
      .max_concurrency = config.lambda_concurrency,
      .idle_timeout = std::chrono::seconds(config.lambda_idle_seconds),
      // Function output goes to CloudWatch Logs (/aws/lambda/<name>), and to cloudlet's own log at debug.
      .log_sink = [writer = cloudwatch_logs.writer](const lambda::FunctionSpec& function, std::string_view stream,
                                                    std::string_view message) {
        spdlog::debug("lambda {}: {}", function.name, message);
        writer->Append(function.region, "/aws/lambda/" + function.name, stream, message);
      }};
  auto lambda = lambda::MakeLambda(
      store, env,
      lambda::LambdaOptions{.code_root = code_root,
                            .invoker = lambda::MakeInvoker(invoker_options),
                            .url_port = std::to_string(server.port()),
                            .async_retry_base = std::chrono::milliseconds(config.lambda_retry_base_ms),
                            .max_concurrency = config.lambda_concurrency,
                            .call_dynamodb_streams = dynamodb.call_streams});
  pipeline.AddService(*lambda.service);
  // Schedules and scheduled rules invoke functions through Lambda's
  // asynchronous invoke, so they are made after Lambda and stopped before it.
  auto schedules = scheduler::MakeSchedulerService(store, env, scheduler::SchedulerOptions{.invoke = lambda.invoke_async});
  pipeline.AddService(*schedules);
  auto eventbridge = events::MakeEventsService(store, env, events::EventsOptions{.invoke = lambda.invoke_async});
  pipeline.AddService(*eventbridge);
  // API Gateway fronts functions through Lambda's synchronous invoke and
  // writes access logs into CloudWatch Logs; stopped before both.
  apigateway::GatewayDeps gateway_deps{
      .invoke =
          [invoke = lambda.invoke](std::string_view function_arn, std::string payload, std::string trace_id,
                                   std::function<void(aws::Result<apigateway::FunctionResult>)> done) {
            invoke(function_arn, lambda::InvokeRequest{.payload = std::move(payload), .trace_id = std::move(trace_id)},
                   [done = std::move(done)](aws::Result<lambda::InvokeResult> result) {
                     if (!result.ok()) return done(result.take_error());
                     done(apigateway::FunctionResult{std::move(result->payload), std::move(result->function_error)});
                   });
          },
      .log_line = [writer = cloudwatch_logs.writer](std::string_view region, std::string_view group,
                                                    std::string_view stream, std::string_view message) {
        writer->Append(region, group, stream, message);
      }};
  auto gateway = apigateway::MakeApiGateway(
      store, env, apigateway::ApiGatewayOptions{.deps = std::move(gateway_deps), .url_port = std::to_string(server.port())});
  pipeline.AddService(*gateway.service);
  append_gateway_metrics = gateway.append_metrics;
  server.Start();

  std::string names;
  for (auto* s : pipeline.services())
    if (s != &admin) names += (names.empty() ? "" : ", ") + std::string(s->name());
  std::printf("cloudlet %s listening on http://%s:%u\n  data: %s\n  services: %s\n  auth: %s, region %s, account %s\n",
              CLOUDLET_VERSION, config.host.c_str(), server.port(),
              config.in_memory ? "in memory (nothing written to disk)" : config.data_dir.c_str(),
              names.empty() ? "(none)" : names.c_str(), config.auth.c_str(), config.region.c_str(),
              config.account_id.c_str());
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("received {}, draining", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  server.Stop();
  append_gateway_metrics = nullptr;
  gateway.service.reset();  // no request reaches Lambda or Logs through it any more
  eventbridge.reset();  // no schedule fires once Lambda is gone
  schedules.reset();
  lambda.service.reset();  // stops every execution environment
  if (config.in_memory) std::filesystem::remove_all(code_root);
  if (access_log) access_log->Stop();
  if (auto st = store.Flush(); !st.ok()) spdlog::error("flushing storage failed: {}", st.ToString());
  spdlog::info("stopped");
  ShutDownLogging();
  return 0;
}

}  // namespace cloudlet::server
