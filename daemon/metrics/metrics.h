// Prometheus metrics for every stage, behind one narrow facade: the pipeline reports what happened
// in plain words (a fetch ended with this outcome, N items were new, a delivery failed) and this
// class keeps the vocabulary — names, labels, base units — in one place.
//
// Naming follows Prometheus conventions: `newswatch_` prefix, `_total` counters, base units
// (seconds, bytes), label values from closed sets plus the configured source name (never URLs).
// Per-source series are removed with remove_source() when a source leaves the config.
//
// Thread-safe: every method may be called from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace metrics {

struct Options {
  std::string listen = "127.0.0.1:9464";  ///< host:port for /metrics; port 0 picks a free port
};

class Metrics {
 public:
  /// A registry without an HTTP endpoint (tests, one-shot CLI commands).
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  /// Serves /metrics on opts.listen. Returns false with `error` set when the address cannot be bound.
  bool listen(const Options& opts, std::string& error);
  /// The bound port (after listen()), 0 when not listening.
  int port() const;

  /// One finished transfer: outcome is fetch::to_string(outcome) ("ok", "not_modified", …).
  void fetch_done(const std::string& source, std::string_view outcome, double seconds, std::size_t bytes);
  /// Wall-clock time of the source's last successful poll (200 or 304).
  void poll_succeeded(const std::string& source, double wall_seconds);
  /// A fetched body that was parsed (a 304 or a failed fetch parses nothing).
  void document_parsed(const std::string& source);
  /// Items seen in a parsed document; `stage` is one of: parsed, new, duplicate, matched.
  void items(const std::string& source, std::string_view stage, std::size_t n);
  /// A document that was not well-formed (parsed leniently) or yielded nothing.
  void parse_problem(const std::string& source, std::string_view kind);
  /// A match for `profile` (counted once per published item).
  void matched(const std::string& profile);
  /// Delivery report outcomes: acknowledged by the broker, or failed with a short error type.
  void delivered();
  void delivery_failed(std::string_view error_type);
  /// Messages produced but not yet acknowledged.
  void set_queue_depth(std::size_t n);
  /// Items matched and durably queued but not yet acknowledged (the state store's pending set).
  void set_pending(std::size_t n);
  /// Number of configured sources.
  void set_sources(std::size_t n);
  /// Drops every series labelled with this source.
  void remove_source(const std::string& source);

  /// The text exposition format, as a scrape would see it.
  std::string scrape() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace metrics
