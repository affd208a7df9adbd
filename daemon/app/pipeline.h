// The processing stage of the daemon: a finished fetch goes in; parsed, deduplicated and
// classified items come out as Kafka messages. No I/O of its own beyond its collaborators.
//
// Concurrency story (the whole daemon, see daemon.cpp):
//   fetch thread   — runs the libcurl multi loop (fetch::Fetcher), pushes each finished fetch into
//                    a BoundedQueue<fetch::Result>; blocks when the queue is full (backpressure).
//                    The fetches include the article pages the crawler asked for (one-shots).
//   process thread — pops fetches and calls Pipeline::handle(): parse → dedup → classify → store
//                    the message as pending (durable) → Publisher::produce(). produce() blocks for a
//                    bounded time when librdkafka's queue is full; the item stays pending meanwhile.
//                    An item that needs its article page (a listing-page link, a feed item with a
//                    short summary) goes to the crawl::Crawler first and is classified when the
//                    page arrives; it is recorded as seen only then, so a stop in between loses
//                    nothing (the next poll finds it again).
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
#include "crawl/crawler.h"
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

  /// Borrows the crawler that fetches article pages; without one, listing pages yield nothing and
  /// feed items are classified on their summary. Call before the first handle().
  void attach_crawler(crawl::Crawler& crawler) { crawler_ = &crawler; }

  /// What a fetch told about its source, for the scheduler.
  struct Handled {
    std::size_t fresh = 0;                   ///< items not seen before (adaptive intervals)
    std::optional<std::chrono::seconds> ttl; ///< the feed's RSS <ttl>
  };
  /// Processes one finished fetch (process thread): a source's poll, or an article page the crawler
  /// asked for (fetch::Result::request_id set).
  Handled handle(const fetch::Result& result);
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
  // One configured source's settings, as the processing stage needs them.
  struct SourceView {
    config::SourceKind kind;
    config::PageMode page;
    config::Listing listing;
    config::FullText full_text;
  };
  std::vector<core::Article> read_feed(const fetch::Result& result, std::optional<std::chrono::seconds>& ttl);
  std::size_t handle_listing(const fetch::Result& result, const SourceView& source);
  // `origin` listing: every item is a link whose page is fetched first (see handle_listing()).
  std::size_t handle_items(std::vector<core::Article> items, const SourceView& source, const fetch::Result& r,
                           crawl::Origin origin = crawl::Origin::feed);
  void handle_page(const fetch::Result& result);
  bool classify_unseen(core::Article& a, double fetched, std::chrono::steady_clock::time_point fetch_done);
  // Classifies an item not seen before and publishes it on a match; false when it did not match
  // (the caller records the rejection, alone or in a batch).
  bool decide(core::Article& a, const std::string& id, double fetched, std::chrono::steady_clock::time_point fetch_done);
  void publish_match(core::Article& a, const std::string& id, const classify::Verdict& v, double fetched,
                     std::chrono::steady_clock::time_point fetch_done);
  bool wants_full_text(const core::Article& a, const SourceView& source) const;
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
  std::unordered_map<std::string, SourceView> sources_;
  crawl::Crawler* crawler_ = nullptr;
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
