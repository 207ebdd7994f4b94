#include <cstdio>

#include "server/app.h"
#include "server/config.h"

int main(int argc, char** argv) {
  using namespace cloudlet::server;
  ParsedCommandLine parsed = ParseCommandLine(argc, argv);
  switch (parsed.command) {
    case Command::kExit:
      return parsed.exit_code;
    case Command::kVersion:
      std::printf("cloudlet %s\n", CLOUDLET_VERSION);
      return 0;
    case Command::kServe:
      return RunServe(parsed.config);
  }
  return 0;
}
