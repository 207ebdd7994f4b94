// The CloudWatch Logs service: a subset of the awsJson 1.1 API of Amazon
// CloudWatch Logs (X-Amz-Target "Logs_20140328.<Operation>") over the
// embedded store, and an in-process writer other services use to log into
// it. This is the one header other modules include; docs/logs.md lists the
// operations and what each supports.
#pragma once

#include <memory>
#include <string_view>

#include "aws/service.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::logs {

// Appends log events from inside cloudlet (Lambda function output, so that
// `aws logs tail /aws/lambda/<fn>` shows it). Thread-safe.
class LogWriter {
 public:
  virtual ~LogWriter() = default;
  // Creates the group and the stream when missing, then appends one event
  // stamped with the current time. Never fails visibly: a storage error is
  // dropped (the caller's work must not fail because its log could not be
  // kept). Cost: two point reads, one atomic batch write, serialised with
  // every other write of the Logs service (one mutex).
  virtual void Append(std::string_view region, std::string_view group, std::string_view stream,
                      std::string_view message) = 0;
};

// One Logs service, seen both ways. `writer` points into `service`: it is
// valid exactly as long as `service` lives.
struct Logs {
  std::unique_ptr<aws::Service> service;  // register with the server
  LogWriter* writer = nullptr;
};

// Creates the service; the store must outlive it. Groups, streams and
// events live under key prefix 0x30 (layout in log_keys.h).
Logs MakeLogs(storage::KvStore& store, const aws::ServiceEnvironment& env);

// The service alone, for callers that never write from inside cloudlet.
std::unique_ptr<aws::Service> MakeLogsService(storage::KvStore& store, const aws::ServiceEnvironment& env);

}  // namespace cloudlet::logs
