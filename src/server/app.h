// `cloudlet serve`: open the store, build the services, listen, wait for
// SIGTERM/SIGINT, drain, flush, exit.
#pragma once

#include "server/config.h"

namespace cloudlet::server {

// Runs the server until a stop signal; returns the process exit code.
int RunServe(const Config& config);

}  // namespace cloudlet::server
