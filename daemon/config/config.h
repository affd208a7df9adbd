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

/// Scheduling tier (`sources[i].priority`): when more sources are due than may start, higher first.
enum class Priority { high, normal, low };

/// How an `html` source's page is read (`sources[i].page`).
enum class PageMode {
  listing,  ///< a section or front page: each new article link on it is an item (its page fetched)
  article,  ///< the page itself is the one item: its main text is extracted and classified
};

/// Where the article links of a listing page are (`sources[i].listing`). Selectors are CSS (tag,
/// .class, #id, [attr], [attr=v], descendant/child combinators, comma lists) or XPath (starting with
/// '/'); an empty link_selector means automatic discovery (URL shape, position, link text).
struct Listing {
  std::string link_selector;   ///< selects <a href> elements (or containers of one)
  std::string title_selector;  ///< within each link's item container: its title
  std::string date_selector;   ///< within each link's item container: its date (datetime attribute or text)
  std::size_t max_links = 100; ///< links taken from one page, in page order
};

/// Fetching the article behind a feed item that carries only a short summary (`sources[i].fetch_full_text`).
struct FullText {
  bool enabled = false;
  std::size_t min_summary_chars = 400;  ///< shorter summary (and no content) → fetch the article page
};

/// One feed or page to poll (`sources[i]`).
struct Source {
  std::string name;  ///< unique, [A-Za-z0-9._-]+; used in metrics labels and log lines
  std::string url;   ///< http:// or https:// only
  SourceKind kind = SourceKind::auto_detect;
  std::chrono::milliseconds interval{std::chrono::minutes(5)};  ///< time between polls, > 0
  Priority priority = Priority::normal;
  PageMode page = PageMode::listing;  ///< kind html (and auto when the body is HTML)
  Listing listing;                    ///< kind html, page listing
  FullText full_text;                 ///< feeds
};

/// HTML crawling: the article pages behind listing links and short feed items (`crawl`).
struct Crawl {
  bool respect_robots_txt = true;  ///< article fetches honour the host's robots.txt (and its Crawl-delay)
  std::chrono::milliseconds robots_ttl{std::chrono::hours(24)};  ///< how long a robots.txt is trusted
  std::size_t max_pending = 5000;  ///< article fetches waiting or running; more wait for the next poll
  std::chrono::milliseconds retry_failed_after{std::chrono::minutes(30)};  ///< between fetch rounds of a failing listing link; and after giving up
  std::chrono::milliseconds max_crawl_delay{std::chrono::seconds(30)};  ///< cap on a robots.txt Crawl-delay
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
  Crawl crawl;
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

/// "high", "normal" or "low".
std::string_view to_string(Priority priority);

/// "newswatchd/<version>": what fetch sends when user_agent is left empty.
std::string default_user_agent();

}  // namespace config
