// The processing stage of the daemon: a finished fetch goes in; parsed, deduplicated and
// classified items come out as Kafka messages. No I/O of its own beyond its collaborators.
//
// Concurrency story (the whole daemon, see daemon.cpp):
//   fetch thread   — runs the libcurl multi loop (fetch::Fetcher), pushes each finished fetch into
//                    a BoundedQueue<fetch::Result>; blocks when the queue is full (backpressure).
//   process thread — pops fetches and calls Pipeline::handle(): parse → dedup → classify → store
//                    the message as pending (durable) → Publisher::produce(). produce() blocks for a
//                    bounded time when librdkafka's queue is full; the item stays pending meanwhile.
//   delivery thread— calls Publisher::poll(), which runs Pipeline::on_delivery() for each delivery
//                    report: acked → the store marks the item published; failed → retried later
//                    (after reading the topic back); permanent → dead letters. After a fatal
//                    producer error it runs Pipeline::recover_from_fatal() (new producer, replay).
//   Spooling (store as pending, then produce) and every replay hold Pipeline::produce_mu_, so an
//   item is produced by one of them at a time; the delivery guarantees are in docs/delivery.md.
//   main thread    — signals, systemd notifications, shutdown order: stop fetching, drain the
//                    queue, flush the producer within kafka.flush_timeout, report what is left.
// The state store and the metrics are thread-safe; the Pipeline's own mutable state (the retry
// list) is guarded by a mutex because on_delivery() runs on the delivery thread.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "classify/topic_filter.h"
#include "config/config.h"
#include "core/article.h"
#include "core/clock.h"
#include "dedup/deduper.h"
#include "fetch/fetcher.h"
#include "metrics/metrics.h"
#include "publish/publisher.h"

namespace app {

/// The topic filters of every configured profile, swapped as a whole on reload.
using FilterSet = std::vector<std::shared_ptr<const classify::TopicFilter>>;

class Pipeline {
 public:
  /// Borrows every collaborator; they must outlive the pipeline.
  Pipeline(dedup::Store& store, publish::Publisher& publisher, metrics::Metrics& metrics, const core::Clock& clock);

  /// The sources the fetcher polls (kind decides how a body is read). Thread-safe.
  void set_sources(const std::vector<config::Source>& sources);
  /// The filters to apply from the next item on. Thread-safe.
  void set_filters(std::shared_ptr<const FilterSet> filters);

  /// Processes one finished fetch (process thread). Returns how many of its items were new, for
  /// the fetcher's adaptive intervals.
  std::size_t handle(const fetch::Result& result);
  /// Classifies and, on a match, publishes one item (process thread; also used by tests).
  /// `fetch_done` (the end of the fetch that carried it) feeds the processing-lag histogram.
  /// Returns whether the item was new.
  bool handle_article(core::Article article, double fetched,
                      std::chrono::steady_clock::time_point fetch_done = {});
  /// Applies a delivery report (delivery thread).
  void on_delivery(const publish::Delivery& delivery);
  /// At start, before any fetch: produces again every item a previous run matched but never saw
  /// acknowledged, in match order, except those the topic already holds (read back first).
  /// Returns how many were produced.
  std::size_t republish_pending();
  /// Produces again the items whose delivery failed since the last call (process thread), except
  /// those the topic already holds.
  std::size_t retry_failed();
  /// After a fatal producer error (delivery thread): recreates the producer and replays every
  /// spooled item the topic does not hold yet. Returns how many were produced.
  std::size_t recover_from_fatal();

  /// Set when the daemon shuts down: produce() is no longer retried; pending items wait in the
  /// store for the next start.
  std::atomic<bool> stopping{false};

 private:
  std::vector<core::Article> read_body(const fetch::Result& result, config::SourceKind kind);
  bool produce(publish::Message message);
  bool spool(const std::string& id, const std::string& source, const dedup::Pending& msg);
  std::size_t produce_unacknowledged(std::vector<dedup::Pending> pending);  // under produce_mu_
  void observe_lag(const std::string& item_id);  // on an acknowledgement (delivery thread)

  dedup::Store& store_;
  publish::Publisher& publisher_;
  metrics::Metrics& metrics_;
  const core::Clock& clock_;

  // Serialises "spool then produce" (process thread) with replays (start, retries, recovery from a
  // fatal error), so that no item is produced twice by two of them. Taken before mu_, never inside.
  std::mutex produce_mu_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, config::SourceKind> kinds_;
  std::shared_ptr<const FilterSet> filters_;
  std::vector<std::string> failed_;  // delivery failed, to be produced again
  // Produced in this run and not yet acknowledged: when they were fetched and published, for the
  // lag histograms. Bounded (cleared if acknowledgements stop coming).
  struct InFlight {
    std::chrono::steady_clock::time_point fetch_done;
    std::optional<double> published;
  };
  std::unordered_map<std::string, InFlight> in_flight_;
};

}  // namespace app
