#include "server/logging.h"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace cloudlet::server {

void SetUpLogging(const std::string& level, const std::string& format) {
  spdlog::init_thread_pool(8192, 1);
  // Separate sinks: a pattern belongs to a sink, and the two loggers differ.
  auto main_logger = std::make_shared<spdlog::async_logger>("cloudlet", std::make_shared<spdlog::sinks::stderr_sink_mt>(), spdlog::thread_pool(),
                                                            spdlog::async_overflow_policy::overrun_oldest);
  if (format == "json") {
    main_logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","message":"%v"})", spdlog::pattern_time_type::utc);
  } else {
    main_logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  }
  auto lvl = spdlog::level::from_str(level);
  main_logger->set_level(lvl);
  spdlog::set_default_logger(main_logger);
}

void ShutDownLogging() { spdlog::shutdown(); }

}  // namespace cloudlet::server
