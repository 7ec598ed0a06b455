#include "core/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <string>

#include "core/time.hpp"

namespace deeptrace::log {
namespace {

std::atomic<Level> g_min_level{Level::Info};
std::string g_component = "deeptrace";

spdlog::logger& logger() {
  // spdlog's sink gives us a thread-safe line writer; we format the JSON.
  static auto instance = [] {
    auto l = spdlog::stderr_logger_mt("deeptrace-json");
    l->set_pattern("%v");
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *instance;
}

std::string_view level_name(Level level) {
  switch (level) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warn: return "warn";
    case Level::Error: return "error";
  }
  return "info";
}

}  // namespace

void set_component(std::string_view component) { g_component = component; }
void set_min_level(Level level) { g_min_level = level; }

void write(Level level, std::string_view message, const nlohmann::json& fields) {
  if (level < g_min_level.load()) return;
  nlohmann::json line = {{"ts", format_rfc3339(now_ms())},
                         {"level", level_name(level)},
                         {"component", g_component},
                         {"msg", message}};
  if (fields.is_object()) line.update(fields);
  logger().info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace deeptrace::log
