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
#include <utility>
#include <vector>

#include "metrics/status_board.h"

namespace metrics {

struct Options {
  std::string listen = "127.0.0.1:9464";  ///< host:port for /metrics, /healthz, /readyz and /; port 0 picks a free port
};

class Metrics {
 public:
  /// A registry without an HTTP endpoint (tests, one-shot CLI commands).
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  /// Serves /metrics, /healthz (200 while the process serves), /readyz (200 once set_ready(true),
  /// 503 before and while draining) and / (the status page) on opts.listen. Returns false with
  /// `error` set when the address cannot be bound.
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
  /// HTML crawling: what became of a request for an article page (crawl::to_string(Ask):
  /// requested, waiting, already_pending, disallowed, backing_off, full, no_url).
  void article_request(const std::string& source, std::string_view result);
  /// HTML crawling: an article page fetch that is over: fetched, failed or disallowed (robots.txt).
  void article_page(const std::string& source, std::string_view outcome);
  /// HTML crawling: items waiting for their article page.
  void set_crawl_pending(std::size_t n);
  /// A match for `profile` (counted once per published item).
  void matched(const std::string& profile);
  /// Delivery report outcomes: acknowledged by the broker, or failed with a short error type.
  void delivered();
  void delivery_failed(std::string_view error_type);
  /// Messages produced but not yet acknowledged.
  void set_queue_depth(std::size_t n);
  /// Items matched and durably queued but not yet acknowledged (the state store's pending set).
  void set_pending(std::size_t n);
  /// Delivery guarantees (see docs/delivery.md). A write to the spool (state store) that failed:
  /// the item is not produced until it is stored.
  void spool_error();
  /// An item Kafka refused for good, moved to the dead letters.
  void dead_lettered();
  /// Spooled items found already in the topic when it was read back (not produced again).
  void already_published(std::size_t n);
  /// A read-back of the topic that failed: the spooled items were produced again (at-least-once).
  void read_back_failed();
  /// The producer was recreated after a fatal error.
  void producer_recreated();
  /// Time the pipeline waited, by reason: producer_queue_full, spool_error.
  void backpressure(std::string_view reason, double seconds);
  /// librdkafka statistics: messages in its queues, cumulative transmit errors and retries, and
  /// the average round-trip time per broker.
  void kafka_stats(double queue_messages, double tx_errors, double tx_retries,
                   const std::vector<std::pair<std::string, double>>& broker_rtt_seconds);
  /// Number of configured sources.
  void set_sources(std::size_t n);
  /// A matched item acknowledged by the broker: seconds since its feed's publication (or update) date.
  void detection_lag(double seconds);
  /// A matched item acknowledged by the broker: seconds since the fetch that carried it ended.
  void processing_lag(double seconds);
  /// Readiness as /readyz reports it: config loaded, producer up, not draining.
  void set_ready(bool ready);
  bool ready() const;
  /// A SIGHUP reload that was applied (ok) or rejected, keeping the running config.
  void config_reloaded(bool ok);
  /// The state of a source after a fetch: feeds the status page and the consecutive-failures gauge.
  void source_fetched(const SourceStatus& status);
  /// What the status page at / shows (sources and latest matches).
  StatusBoard& board();
  /// Drops every series labelled with this source.
  void remove_source(const std::string& source);

  /// The text exposition format, as a scrape would see it.
  std::string scrape() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace metrics
