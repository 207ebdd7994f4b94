// The Lambda service: the restJson1 control plane (functions and their
// code) and Invoke's wire format, over the embedded store; invocations run on
// the data plane behind `Invoker` (invoker.h). This is the one header other
// modules include.
#pragma once

#include <memory>
#include <string>

#include "aws/service.h"
#include "lambda/invoker.h"

namespace cloudlet::storage {
class KvStore;
}

namespace cloudlet::lambda {

struct LambdaOptions {
  // Where deployment packages are unpacked: "<data-dir>/lambda", or a
  // temporary directory with --in-memory. Created when missing.
  std::string code_root;
  // Runs invocations; owned by the service (Shutdown is called when the
  // service is destroyed). Must not be null.
  std::unique_ptr<Invoker> invoker;
  // The port written into function URLs
  // ("http://<url-id>.lambda-url.<region>.localhost:<url_port>/"): the
  // server's listening port. Requests reach a URL on any port; this is only
  // what Create/Get/ListFunctionUrlConfig report.
  std::string url_port = "4566";
};

// The store must outlive the service. Functions live under the key prefix
// documented in function_store.h (first byte 0x20).
std::unique_ptr<aws::Service> MakeLambdaService(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                                LambdaOptions options);

}  // namespace cloudlet::lambda
