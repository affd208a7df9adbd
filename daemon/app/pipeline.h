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
//                    report: acked → the store marks the item published; failed → retried later.
//   main thread    — signals, systemd notifications, shutdown order: stop fetching, drain the
//                    queue, flush the producer within kafka.flush_timeout, report what is left.
// The state store and the metrics are thread-safe; the Pipeline's own mutable state (the retry
// list) is guarded by a mutex because on_delivery() runs on the delivery thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
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

  /// Processes one finished fetch (process thread).
  void handle(const fetch::Result& result);
  /// Classifies and, on a match, publishes one item (process thread; also used by tests).
  void handle_article(core::Article article, double fetched);
  /// Applies a delivery report (delivery thread).
  void on_delivery(const publish::Delivery& delivery);
  /// At start, before any fetch: produces again every item a previous run matched but never saw
  /// acknowledged. Returns how many were produced.
  std::size_t republish_pending();
  /// Produces again the items whose delivery failed since the last call (process thread).
  std::size_t retry_failed();

  /// Set when the daemon shuts down: produce() is no longer retried; pending items wait in the
  /// store for the next start.
  std::atomic<bool> stopping{false};

 private:
  std::vector<core::Article> read_body(const fetch::Result& result, config::SourceKind kind);
  bool produce(publish::Message message);

  dedup::Store& store_;
  publish::Publisher& publisher_;
  metrics::Metrics& metrics_;
  const core::Clock& clock_;

  mutable std::mutex mu_;
  std::unordered_map<std::string, config::SourceKind> kinds_;
  std::shared_ptr<const FilterSet> filters_;
  std::vector<std::string> failed_;  // delivery failed, to be produced again
};

}  // namespace app
