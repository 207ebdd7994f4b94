// FunctionConfiguration: checking the members a request sets (Runtime,
// Handler, Role, MemorySize, Timeout, Environment, ...) with Lambda's own
// error texts, and rendering a record as the FunctionConfiguration JSON.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "aws/error.h"
#include "lambda/function_store.h"

namespace cloudlet::lambda {

// Which lifecycle fields a rendering carries (reference lambda.md §4.1).
// cloudlet unpacks code synchronously, so a stored function is always Active
// and its last update Successful; the answers to CreateFunction and to the
// updates report the transition AWS reports (Pending, InProgress), so that
// clients which wait see it, and their waiters (function_active_v2,
// function_updated_v2: GetFunction) succeed at the first poll.
enum class ConfigurationView {
  kCreating,  // CreateFunction's answer: State Pending
  kUpdating,  // UpdateFunctionCode/Configuration's answer: LastUpdateStatus InProgress
  kSettled,   // GetFunction, GetFunctionConfiguration: Active, Successful
  kListed,    // ListFunctions: no lifecycle fields at all, as Lambda does
};

// Applies the configuration members present in `body` to `record`,
// validating each. `creating` also admits CreateFunction-only members
// (Architectures, PackageType) and requires Runtime and Handler.
aws::Status ApplyConfiguration(const boost::json::object& body, FunctionRecord& record, bool creating);

boost::json::object ConfigurationJson(const FunctionRecord& record, ConfigurationView view);

// "2024-05-01T12:00:00.000+0000", Lambda's LastModified format, for now.
std::string LastModifiedNow();

// Whether `runtime` is one Lambda still accepts for new code (the model's
// enum minus deprecated runtimes).
bool IsKnownRuntime(std::string_view runtime);

}  // namespace cloudlet::lambda
