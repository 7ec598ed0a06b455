#pragma once
// Structured JSON logs, one object per line on stderr. Callers pass the
// job id / request id as fields so lines can be joined across processes.
#include <string_view>

#include <nlohmann/json.hpp>

namespace deeptrace::log {

enum class Level { Debug, Info, Warn, Error };

void set_component(std::string_view component);  // "api", "worker", ...
void set_min_level(Level level);
void write(Level level, std::string_view message, const nlohmann::json& fields = {});

inline void debug(std::string_view m, const nlohmann::json& f = {}) { write(Level::Debug, m, f); }
inline void info(std::string_view m, const nlohmann::json& f = {}) { write(Level::Info, m, f); }
inline void warn(std::string_view m, const nlohmann::json& f = {}) { write(Level::Warn, m, f); }
inline void error(std::string_view m, const nlohmann::json& f = {}) { write(Level::Error, m, f); }

}  // namespace deeptrace::log
