// Logging to stderr: under systemd (JOURNAL_STREAM set) each line carries a `<N>` syslog priority
// prefix that journald turns into the entry's priority; elsewhere a timestamp and a level word.
// A message repeated within a short window is counted and summarised instead of flooding the log.
// Thread-safe.
#pragma once

#include <string_view>

namespace app::log {

enum class Level { debug = 7, info = 6, warning = 4, error = 3 };

/// Messages less severe than `level` are dropped. Default: info.
void set_level(Level level);
/// Parses "debug" | "info" | "warning" | "error"; info otherwise.
Level parse_level(std::string_view name);

void write(Level level, std::string_view message);
inline void debug(std::string_view m) { write(Level::debug, m); }
inline void info(std::string_view m) { write(Level::info, m); }
inline void warning(std::string_view m) { write(Level::warning, m); }
inline void error(std::string_view m) { write(Level::error, m); }

}  // namespace app::log
