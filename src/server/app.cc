#include "server/app.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

#include "http/server.h"
#include "server/admin_service.h"
#include "server/logging.h"
#include "server/metrics.h"
#include "server/pipeline.h"

namespace cloudlet::server {
namespace {

int Fail(const std::string& line) {
  std::fprintf(stderr, "cloudlet: %s\n", line.c_str());
  return 1;
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

  Metrics metrics;
  PipelineOptions pipeline_options{.default_region = config.region,
                                   .account_id = config.account_id,
                                   .json_access_log = config.log_format == "json"};
  Authenticator authenticator;  // set below for --auth sigv4
  Pipeline pipeline(pipeline_options, metrics, authenticator);
  AdminService admin(metrics, pipeline.services(), nullptr);
  pipeline.AddService(admin);

  http::ServerOptions server_options{.host = config.host,
                                     .port = config.port,
                                     .threads = config.threads,
                                     .max_connections = config.max_connections,
                                     .idle_timeout = std::chrono::milliseconds(config.idle_timeout_ms),
                                     .header_timeout = std::chrono::milliseconds(config.header_timeout_ms)};
  http::Server server(server_options, pipeline);
  if (auto st = server.Listen(); !st.ok()) return Fail(st.error().message);
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
  spdlog::info("stopped");
  ShutDownLogging();
  return 0;
}

}  // namespace cloudlet::server
