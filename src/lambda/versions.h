// Publishing versions and the lifetime of code directories, shared by
// PublishVersion, CreateFunction/UpdateFunctionCode with Publish, and the
// deletions. Callers hold LambdaState::write_mutex.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aws/error.h"
#include "lambda/function_store.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

// Freezes `latest` into the next version (its last_version advances in the
// store and in `latest`). When nothing changed since the newest version was
// published, that version is returned and nothing is written, as Lambda does.
// `description` overrides the version's Description.
aws::Result<FunctionRecord> PublishLocked(LambdaState& state, FunctionRecord& latest,
                                          std::optional<std::string> description);

// Removes the unpacked code at `dir` unless $LATEST or a version of the
// function still runs it (hot-reload directories are never removed).
aws::Status ReleaseCode(LambdaState& state, std::string_view region, std::string_view name, const std::string& dir);

}  // namespace cloudlet::lambda
