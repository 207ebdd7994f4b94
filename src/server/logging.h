#pragma once
#include <string>

namespace cloudlet::server {
// Sets up the default logger on stderr: text or one JSON object per line,
// through an async queue so that no thread waits on the terminal. Access
// lines have their own writer (access_log.h).
void SetUpLogging(const std::string& level, const std::string& format);
void ShutDownLogging();
}  // namespace cloudlet::server
