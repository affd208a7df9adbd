#include "app/log.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#ifdef NEWSWATCH_HAVE_SYSTEMD
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#endif

namespace app::log {
namespace {

std::mutex g_mu;
Level g_level = Level::info;

// Identical messages within this window after the first are counted, not printed.
constexpr auto kRepeatWindow = std::chrono::seconds(60);

struct Seen {
  std::chrono::steady_clock::time_point first;
  unsigned suppressed = 0;
};
std::unordered_map<std::string, Seen> g_recent;

bool under_journal() {
  static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
  return journal;
}

std::string_view level_word(Level l) {
  switch (l) {
    case Level::debug: return "DEBUG";
    case Level::info: return "INFO";
    case Level::warning: return "WARN";
    case Level::error: return "ERROR";
  }
  return "INFO";
}

#ifdef NEWSWATCH_HAVE_SYSTEMD
// One journal entry with its priority and structured fields; false when the journal is not there.
bool send_to_journal(Level level, std::string_view message, const Fields& f) {
  std::vector<std::string> fields{"MESSAGE=" + std::string(message), "PRIORITY=" + std::to_string(static_cast<int>(level)),
                                  "SYSLOG_IDENTIFIER=newswatchd"};
  if (!f.source.empty()) fields.push_back("NEWSWATCH_SOURCE=" + std::string(f.source));
  if (!f.item_id.empty()) fields.push_back("NEWSWATCH_ITEM_ID=" + std::string(f.item_id));
  std::vector<iovec> iov;
  for (auto& field : fields) iov.push_back({field.data(), field.size()});
  return sd_journal_sendv(iov.data(), static_cast<int>(iov.size())) == 0;
}
#endif

void emit(Level level, std::string_view message, const Fields& fields = {}) {
  if (under_journal()) {
#ifdef NEWSWATCH_HAVE_SYSTEMD
    if (send_to_journal(level, message, fields)) return;
#else
    (void)fields;
#endif
    std::fprintf(stderr, "<%d>%.*s\n", static_cast<int>(level), static_cast<int>(message.size()), message.data());
  } else {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char ts[32];
    std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::string_view word = level_word(level);
    std::fprintf(stderr, "%s %.*s %.*s\n", ts, static_cast<int>(word.size()), word.data(),
                 static_cast<int>(message.size()), message.data());
  }
  std::fflush(stderr);
}

// Returns false when the message was printed recently; prints a summary when a window closes.
bool admit(Level level, std::string_view message) {
  if (level > Level::warning) return true;  // only warnings and errors repeat in storms
  auto now = std::chrono::steady_clock::now();
  if (g_recent.size() > 10000) g_recent.clear();  // bound the memory of a pathological storm
  auto [it, inserted] = g_recent.try_emplace(std::string(message), Seen{now, 0});
  if (inserted) return true;
  if (now - it->second.first < kRepeatWindow) {
    ++it->second.suppressed;
    return false;
  }
  if (it->second.suppressed > 0) {
    emit(level, "last message repeated " + std::to_string(it->second.suppressed) + " more times in the last minute");
  }
  it->second = Seen{now, 0};
  return true;
}

}  // namespace

void set_level(Level level) {
  std::lock_guard lock(g_mu);
  g_level = level;
}

Level parse_level(std::string_view name) {
  if (name == "debug") return Level::debug;
  if (name == "warning") return Level::warning;
  if (name == "error") return Level::error;
  return Level::info;
}

void write(Level level, std::string_view message, Fields fields) {
  std::lock_guard lock(g_mu);
  if (level > g_level) return;
  if (!admit(level, message)) return;
  emit(level, message, fields);
}

}  // namespace app::log
