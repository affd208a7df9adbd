// The daemon's configuration file: one struct per section, filled from YAML.
//
// Loading reports every problem it finds in one pass, each as
// "FILE:LINE:COL: <path>: what is wrong, expected what", so an operator fixes the file once.
// Defaults live in the structs below and are echoed, key by key, in config/newswatch.example.yaml.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace config {

/// How a source's body is read; auto_detect sniffs RSS vs Atom vs HTML.
enum class SourceKind { auto_detect, rss, atom, html };

/// One feed or page to poll (`sources[i]`).
struct Source {
  std::string name;  ///< unique, [A-Za-z0-9._-]+; used in metrics labels and log lines
  std::string url;   ///< http:// or https:// only
  SourceKind kind = SourceKind::auto_detect;
  std::chrono::milliseconds interval{std::chrono::minutes(5)};  ///< time between polls, > 0
};

/// Where matches are published (`kafka`).
struct Kafka {
  std::string brokers = "embedded";  ///< "embedded" or "host1:9092,host2:9092"
  std::string topic = "newswatch.matches";
  std::map<std::string, std::string> properties;  ///< passed to librdkafka as is
  std::chrono::milliseconds flush_timeout{std::chrono::seconds(10)};  ///< bound on flushing at shutdown
  /// True when the daemon should run its own in-process broker.
  bool embedded() const;
};

/// The Prometheus endpoint (`metrics`).
struct Metrics {
  std::string listen = "127.0.0.1:9464";  ///< host:port; port 0 picks a free port
};

/// HTTP fetching limits (`fetch`).
struct Fetch {
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};  ///< whole transfer
  std::size_t max_body_bytes = std::size_t{16} << 20;
  std::size_t max_in_flight = 64;  ///< concurrent transfers
  std::size_t per_host_max_in_flight = 6;  ///< concurrent transfers to one scheme://host:port
  std::chrono::milliseconds per_host_min_interval{0};  ///< least time between starts on one host; 0: off
  bool adaptive_interval = false;  ///< learn each source's interval from its new items
  std::chrono::milliseconds interval_min{std::chrono::minutes(1)};  ///< adaptive lower bound
  std::chrono::milliseconds interval_max{std::chrono::hours(1)};    ///< adaptive upper bound, cache-lifetime cap
  /// Empty in the file means default_user_agent(); a loaded Config never holds it empty.
  std::string user_agent;
};

/// Logging (`log`).
struct Log {
  std::string level = "info";  ///< debug | info | warning | error
};

/// The whole file.
struct Config {
  std::vector<Source> sources;  ///< at least one
  Kafka kafka;
  Metrics metrics;
  std::string state_dir = "/var/lib/newswatch";
  std::vector<std::string> profiles;  ///< at least one; relative paths resolved against `path`'s dir
  Fetch fetch;
  Log log;
  std::string path;  ///< the file this was loaded from
};

/// Either a config (and no errors) or every error found (and no config).
struct LoadResult {
  std::optional<Config> config;
  std::vector<std::string> errors;  ///< "FILE:LINE:COL: what is wrong, expected what", in file order
  /// The profile paths that could be read, even when other keys had errors, so that a caller can
  /// check the profiles too and report every problem in one pass.
  std::vector<std::string> profiles;
};

/// Reads and validates the file at `path`.
LoadResult load_file(const std::string& path);

/// Validates `yaml` as if read from `origin_path`, which names it in messages and anchors relative
/// profile paths.
LoadResult load_text(std::string_view yaml, const std::string& origin_path);

/// Parses "5m", "1s", "250ms", "1h30m" (units ms, s, m and h, in any combination);
/// nullopt when malformed or too large. "0s" parses; callers decide whether zero is allowed.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view s);

/// "auto", "rss", "atom" or "html": the spelling used in the file.
std::string_view to_string(SourceKind kind);

/// "newswatchd/<version>": what fetch sends when user_agent is left empty.
std::string default_user_agent();

}  // namespace config
