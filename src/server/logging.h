#pragma once
#include <string>

namespace cloudlet::server {
// Sets up the default logger and the "access" logger on stderr: text or one
// JSON object per line. Access lines go through an async queue so that a
// request never waits on the terminal.
void SetUpLogging(const std::string& level, const std::string& format);
void ShutDownLogging();
}  // namespace cloudlet::server
