// Logging. Under systemd (JOURNAL_STREAM set) each entry goes to the journal with its priority
// and structured fields NEWSWATCH_SOURCE / NEWSWATCH_ITEM_ID (sd_journal_send), falling back to a
// stderr line with a `<N>` priority prefix; elsewhere a stderr line with a timestamp and a level.
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

/// Structured fields of an entry (empty = absent): journal fields, and `key=value` text elsewhere.
struct Fields {
  std::string_view source = {};   ///< configured source name → NEWSWATCH_SOURCE
  std::string_view item_id = {};  ///< item id → NEWSWATCH_ITEM_ID
};

void write(Level level, std::string_view message, Fields fields = {});
inline void debug(std::string_view m, Fields f = {}) { write(Level::debug, m, f); }
inline void info(std::string_view m, Fields f = {}) { write(Level::info, m, f); }
inline void warning(std::string_view m, Fields f = {}) { write(Level::warning, m, f); }
inline void error(std::string_view m, Fields f = {}) { write(Level::error, m, f); }

}  // namespace app::log
