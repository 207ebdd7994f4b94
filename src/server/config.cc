#include "server/config.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

namespace cloudlet::server {

ParsedCommandLine ParseCommandLine(int argc, char** argv) {
  ParsedCommandLine parsed;
  Config& c = parsed.config;
  CLI::App app{"cloudlet: the AWS serverless stack in one binary"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(CLOUDLET_VERSION));

  auto* serve = app.add_subcommand("serve", "start the server");
  serve->add_option("--host", c.host, "address to listen on")->envname("CLOUDLET_HOST")->capture_default_str();
  serve->add_option("--port", c.port, "port to listen on (0 picks a free one)")
      ->envname("CLOUDLET_PORT")->capture_default_str();
  serve->add_option("--data-dir", c.data_dir, "where data is kept")->envname("CLOUDLET_DATA_DIR")->capture_default_str();
  serve->add_flag("--in-memory", c.in_memory, "keep everything in memory, write nothing to disk")
      ->envname("CLOUDLET_IN_MEMORY");
  serve->add_flag("--sync", c.sync, "fsync acknowledged writes (survive power loss)")->envname("CLOUDLET_SYNC");
  serve->add_option("--region", c.region, "default region")->envname("CLOUDLET_REGION")->capture_default_str();
  serve->add_option("--account-id", c.account_id, "account id in ARNs")
      ->envname("CLOUDLET_ACCOUNT_ID")->capture_default_str()
      ->check(CLI::Validator([](std::string& v) {
        return v.size() == 12 && v.find_first_not_of("0123456789") == std::string::npos
                   ? std::string{} : std::string("must be 12 digits");
      }, "12 digits"));
  serve->add_option("--auth", c.auth, "request authentication")
      ->envname("CLOUDLET_AUTH")->capture_default_str()->check(CLI::IsMember({"off", "sigv4"}));
  serve->add_option("--credentials", c.credentials_file, "AWS shared-credentials file with accepted keys")
      ->envname("CLOUDLET_CREDENTIALS")->check(CLI::ExistingFile);
  serve->add_option("--threads", c.threads, "I/O threads (default: cores)")
      ->envname("CLOUDLET_THREADS")->check(CLI::Range(0, 256));
  serve->add_option("--log-level", c.log_level, "trace, debug, info, warn, error, off")
      ->envname("CLOUDLET_LOG_LEVEL")->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  serve->add_option("--log-format", c.log_format, "text or json")
      ->envname("CLOUDLET_LOG_FORMAT")->capture_default_str()->check(CLI::IsMember({"text", "json"}));
  serve->add_option("--sandbox", c.sandbox, "Lambda isolation: bwrap (namespaces) or process (weaker)")
      ->envname("CLOUDLET_SANDBOX")->capture_default_str()->check(CLI::IsMember({"bwrap", "process"}));
  serve->add_option("--runtimes-dir", c.runtimes_dir, "cloudlet's Lambda runtime clients")
      ->envname("CLOUDLET_RUNTIMES_DIR")->capture_default_str()->check(CLI::ExistingDirectory);
  serve->add_option("--ttl-sweep-ms", c.ttl_sweep_ms, "how often DynamoDB's time-to-live sweeper runs")
      ->envname("CLOUDLET_TTL_SWEEP_MS")->capture_default_str()->check(CLI::Range(10, 3600000));
  serve->add_option("--lambda-concurrency", c.lambda_concurrency, "Lambda execution environments at once")
      ->envname("CLOUDLET_LAMBDA_CONCURRENCY")->capture_default_str()->check(CLI::Range(1, 10000));
  serve->add_option("--lambda-idle-seconds", c.lambda_idle_seconds, "idle Lambda environments are stopped after this")
      ->envname("CLOUDLET_LAMBDA_IDLE_SECONDS")->capture_default_str()->check(CLI::Range(1, 86400));
  serve->add_option("--lambda-retry-base-ms", c.lambda_retry_base_ms,
                    "wait before retrying a failed asynchronous invocation (doubled for the second retry)")
      ->envname("CLOUDLET_LAMBDA_RETRY_BASE_MS")->capture_default_str()->check(CLI::Range(1, 3600000));
  serve->add_option("--idle-timeout-ms", c.idle_timeout_ms, "keep-alive idle timeout")
      ->envname("CLOUDLET_IDLE_TIMEOUT_MS")->capture_default_str()->check(CLI::Range(1, 3600000));
  serve->add_option("--header-timeout-ms", c.header_timeout_ms, "time allowed to send a header block")
      ->envname("CLOUDLET_HEADER_TIMEOUT_MS")->capture_default_str()->check(CLI::Range(1, 3600000));
  serve->add_option("--max-connections", c.max_connections, "open connections allowed at once")
      ->envname("CLOUDLET_MAX_CONNECTIONS")->capture_default_str()->check(CLI::Range(1, 1000000));

  auto* version = app.add_subcommand("version", "print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    parsed.command = Command::kExit;
    return parsed;
  } catch (const CLI::CallForVersion&) {
    std::cout << "cloudlet " << CLOUDLET_VERSION << "\n";
    parsed.command = Command::kExit;
    return parsed;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      std::cout << app.help();
      parsed.command = Command::kExit;
      return parsed;
    }
    std::string what = e.what();
    for (auto& ch : what) if (ch == '\n') ch = ' ';
    std::cerr << "cloudlet: " << what << " (see cloudlet --help)\n";
    parsed.command = Command::kExit;
    parsed.exit_code = 2;
    return parsed;
  }
  if (version->parsed()) {
    parsed.command = Command::kVersion;
    return parsed;
  }
  if (c.threads == 0) c.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return parsed;
}

}  // namespace cloudlet::server
