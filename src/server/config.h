// The options of `cloudlet serve`: every flag also reads an environment
// variable named CLOUDLET_<FLAG> (CLOUDLET_PORT, CLOUDLET_DATA_DIR, ...).
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace cloudlet::server {

struct Config {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;
  std::string data_dir = "./.cloudlet";
  bool in_memory = false;
  bool sync = false;                 // fsync every acknowledged write (group commit)
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  std::string auth = "off";          // off | sigv4
  std::string credentials_file;      // AWS shared-credentials INI; adds to test/test
  int threads = 0;                   // 0 = number of cores
  std::string log_level = "info";    // trace debug info warn error off
  std::string log_format = "text";   // text | json
  std::string sandbox = "bwrap";     // bwrap | process: how Lambda functions are isolated
  std::string runtimes_dir = CLOUDLET_RUNTIMES_DIR;  // cloudlet's Python and Node runtime clients
  int ttl_sweep_ms = 1000;           // how often DynamoDB's TTL sweeper looks for expired items
  int lambda_concurrency = 64;       // execution environments at once, account-wide
  int lambda_idle_seconds = 600;     // idle execution environments are stopped after this
  int lambda_retry_base_ms = 60000;  // wait before retrying a failed asynchronous invocation (then doubled)
  int idle_timeout_ms = 60000;
  int header_timeout_ms = 10000;
  std::size_t max_connections = 10000;
};

enum class Command { kServe, kVersion, kExit };

struct ParsedCommandLine {
  Command command = Command::kServe;
  Config config;
  int exit_code = 0;  // for kExit (help printed, or a bad flag reported on one line)
};

// Parses argv; on a bad flag prints one clear line to stderr and returns kExit with a non-zero code.
ParsedCommandLine ParseCommandLine(int argc, char** argv);

}  // namespace cloudlet::server
