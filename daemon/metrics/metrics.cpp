#include "metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <sstream>

#include "core/version.h"
#include "metrics/http_server.h"

namespace metrics {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;
using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;

// Transfer times from a fast local feed to a slow remote one (seconds).
const prometheus::Histogram::BucketBoundaries kFetchBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                             0.5,   1,    2.5,   5,    10,  30};

}  // namespace

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  std::unique_ptr<HttpServer> server;
  StatusBoard board;
  std::atomic<bool> ready{false};

  Family<Gauge>& build_info = BuildGauge().Name("newswatch_build_info")
      .Help("Build information; the value is always 1").Register(*registry);
  Family<Counter>& fetches = BuildCounter().Name("newswatch_fetches_total")
      .Help("Finished fetches by source and outcome").Register(*registry);
  Family<prometheus::Histogram>& fetch_seconds = BuildHistogram().Name("newswatch_fetch_duration_seconds")
      .Help("Time taken by a fetch, all sources").Register(*registry);
  Family<Counter>& fetch_bytes = BuildCounter().Name("newswatch_fetch_bytes_total")
      .Help("Response body bytes received by source").Register(*registry);
  Family<Gauge>& last_success = BuildGauge().Name("newswatch_source_last_success_timestamp_seconds")
      .Help("Unix time of the last successful poll (200 or 304) by source").Register(*registry);
  Family<Counter>& documents = BuildCounter().Name("newswatch_documents_parsed_total")
      .Help("Fetched bodies parsed, by source").Register(*registry);
  Family<Counter>& items = BuildCounter().Name("newswatch_items_total")
      .Help("Items by source and pipeline stage (parsed, new, duplicate, matched)").Register(*registry);
  Family<Counter>& parse_problems = BuildCounter().Name("newswatch_parse_problems_total")
      .Help("Documents parsed leniently or yielding nothing, by source and kind").Register(*registry);
  Family<Counter>& article_requests = BuildCounter().Name("newswatch_article_requests_total")
      .Help("Requests for article pages (listing links, short feed items) by source and result").Register(*registry);
  Family<Counter>& article_pages = BuildCounter().Name("newswatch_article_pages_total")
      .Help("Article page fetches that are over, by source and outcome (fetched, failed, disallowed)").Register(*registry);
  Family<Gauge>& crawl_pending = BuildGauge().Name("newswatch_crawl_pending_items")
      .Help("Items waiting for their article page").Register(*registry);
  Family<Counter>& matches = BuildCounter().Name("newswatch_matches_total")
      .Help("Items matched and handed to the publisher, by profile").Register(*registry);
  Family<Counter>& deliveries = BuildCounter().Name("newswatch_publish_total")
      .Help("Kafka delivery reports by result (acked, failed) and error type").Register(*registry);
  Family<Gauge>& queue_depth = BuildGauge().Name("newswatch_producer_queue_messages")
      .Help("Messages produced but not yet acknowledged by the broker").Register(*registry);
  Family<prometheus::Histogram>& detection_lag = BuildHistogram().Name("newswatch_detection_lag_seconds")
      .Help("Matched items: feed publication date to broker acknowledgement").Register(*registry);
  Family<prometheus::Histogram>& processing_lag = BuildHistogram().Name("newswatch_processing_lag_seconds")
      .Help("Matched items: end of the fetch that carried them to broker acknowledgement").Register(*registry);
  Family<Gauge>& pending = BuildGauge().Name("newswatch_pending_messages")
      .Help("Matched items durably queued and not yet acknowledged").Register(*registry);
  Family<Counter>& spool_errors = BuildCounter().Name("newswatch_spool_errors_total")
      .Help("Failed writes to the spool (state store); the item waits until it is stored").Register(*registry);
  Family<Counter>& dead_letters = BuildCounter().Name("newswatch_dead_letters_total")
      .Help("Items Kafka refused for good (too large, not authorised), written to the dead letters").Register(*registry);
  Family<Counter>& already_published = BuildCounter().Name("newswatch_spool_already_published_total")
      .Help("Spooled items found in the topic on read-back and not produced again").Register(*registry);
  Family<Counter>& read_back_failures = BuildCounter().Name("newswatch_read_back_failures_total")
      .Help("Topic read-backs that failed (spooled items produced again: at-least-once)").Register(*registry);
  Family<Counter>& producer_recreations = BuildCounter().Name("newswatch_producer_recreations_total")
      .Help("Kafka producers recreated after a fatal error").Register(*registry);
  Family<Counter>& backpressure = BuildCounter().Name("newswatch_backpressure_seconds_total")
      .Help("Seconds the pipeline waited, by reason (producer_queue_full, spool_error)").Register(*registry);
  Family<Gauge>& kafka_queue = BuildGauge().Name("newswatch_kafka_queue_messages")
      .Help("librdkafka statistics: messages in the producer's queues (msg_cnt)").Register(*registry);
  Family<Gauge>& kafka_tx_errors = BuildGauge().Name("newswatch_kafka_tx_errors")
      .Help("librdkafka statistics: transmit errors since the producer started (sum of txerrs)").Register(*registry);
  Family<Gauge>& kafka_tx_retries = BuildGauge().Name("newswatch_kafka_tx_retries")
      .Help("librdkafka statistics: request retries since the producer started (sum of txretries)").Register(*registry);
  Family<Gauge>& kafka_rtt = BuildGauge().Name("newswatch_kafka_broker_rtt_seconds")
      .Help("librdkafka statistics: average broker round-trip time, by broker").Register(*registry);
  Family<Gauge>& sources = BuildGauge().Name("newswatch_sources")
      .Help("Configured sources").Register(*registry);

  Family<Gauge>& ready_gauge = BuildGauge().Name("newswatch_ready")
      .Help("1 when the daemon is ready (config loaded, producer up, not draining)").Register(*registry);
  Family<Counter>& reloads = BuildCounter().Name("newswatch_config_reloads_total")
      .Help("Configuration reloads (SIGHUP) by result: success, failure").Register(*registry);
  Family<Gauge>& consecutive_failures = BuildGauge().Name("newswatch_source_consecutive_failures")
      .Help("Failed fetches in a row by source; 0 after a success").Register(*registry);
  Family<Gauge>& last_match = BuildGauge().Name("newswatch_last_match_timestamp_seconds")
      .Help("Unix time of the last match handed to the publisher, or of the start when none yet").Register(*registry);

  // The server's handlers read the members above: stop it before any of them is destroyed.
  ~Impl() { server.reset(); }

  Impl() {
    build_info.Add({{"version", core::kVersion}}).Set(1);
    ready_gauge.Add({}).Set(0);
    reloads.Add({{"result", "success"}});
    reloads.Add({{"result", "failure"}});
    last_match.Add({}).Set(now());
  }

  static double now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  }

  HttpResponse metrics_page() const {
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, registry->Collect());
    return {200, "text/plain; version=0.0.4; charset=utf-8", out.str()};
  }
  HttpResponse readyz() const {
    return ready ? HttpResponse{200, "text/plain; charset=utf-8", "ready\n"}
                 : HttpResponse{503, "text/plain; charset=utf-8", "not ready\n"};
  }
  HttpResponse status_page() const {
    return {200, "text/html; charset=utf-8", render_status_page(board, ready, now())};
  }

  prometheus::Histogram& fetch_histogram() { return fetch_seconds.Add({}, kFetchBuckets); }

  // Series created per source (family, metric), so they can be removed when the source goes.
  std::mutex mu;
  std::map<std::string, std::vector<std::pair<Family<Counter>*, Counter*>>> source_counters;
  std::map<std::string, std::vector<std::pair<Family<Gauge>*, Gauge*>>> source_gauges;

  template <typename T>
  static void remember(std::vector<std::pair<Family<T>*, T*>>& v, Family<T>& f, T& m) {
    if (std::find(v.begin(), v.end(), std::pair{&f, &m}) == v.end()) v.emplace_back(&f, &m);
  }

  Counter& source_counter(Family<Counter>& f, const std::string& source, prometheus::Labels labels) {
    labels["source"] = source;
    Counter& c = f.Add(labels);
    std::lock_guard lock(mu);
    remember(source_counters[source], f, c);
    return c;
  }
  Gauge& source_gauge(Family<Gauge>& f, const std::string& source) {
    Gauge& g = f.Add({{"source", source}});
    std::lock_guard lock(mu);
    remember(source_gauges[source], f, g);
    return g;
  }
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

bool Metrics::listen(const Options& opts, std::string& error) {
  Impl& i = *impl_;
  std::map<std::string, HttpServer::Handler> routes{
      {"/metrics", [&i] { return i.metrics_page(); }},
      {"/healthz", [] { return HttpResponse{200, "text/plain; charset=utf-8", "ok\n"}; }},
      {"/readyz", [&i] { return i.readyz(); }},
      {"/", [&i] { return i.status_page(); }},
  };
  impl_->server = HttpServer::start(opts.listen, std::move(routes), error);
  if (!impl_->server) error = "cannot serve metrics on " + opts.listen + ": " + error;
  return impl_->server != nullptr;
}

int Metrics::port() const {
  return impl_->server ? impl_->server->port() : 0;
}

void Metrics::fetch_done(const std::string& source, std::string_view outcome, double seconds, std::size_t bytes) {
  impl_->source_counter(impl_->fetches, source, {{"outcome", std::string(outcome)}}).Increment();
  impl_->source_counter(impl_->fetch_bytes, source, {}).Increment(static_cast<double>(bytes));
  impl_->fetch_histogram().Observe(seconds);
}

void Metrics::poll_succeeded(const std::string& source, double wall_seconds) {
  impl_->source_gauge(impl_->last_success, source).Set(wall_seconds);
}

void Metrics::document_parsed(const std::string& source) {
  impl_->source_counter(impl_->documents, source, {}).Increment();
}

void Metrics::items(const std::string& source, std::string_view stage, std::size_t n) {
  impl_->source_counter(impl_->items, source, {{"stage", std::string(stage)}}).Increment(static_cast<double>(n));
}

void Metrics::parse_problem(const std::string& source, std::string_view kind) {
  impl_->source_counter(impl_->parse_problems, source, {{"kind", std::string(kind)}}).Increment();
}

void Metrics::article_request(const std::string& source, std::string_view result) {
  impl_->source_counter(impl_->article_requests, source, {{"result", std::string(result)}}).Increment();
}

void Metrics::article_page(const std::string& source, std::string_view outcome) {
  impl_->source_counter(impl_->article_pages, source, {{"outcome", std::string(outcome)}}).Increment();
}

void Metrics::set_crawl_pending(std::size_t n) { impl_->crawl_pending.Add({}).Set(static_cast<double>(n)); }

void Metrics::matched(const std::string& profile) {
  impl_->matches.Add({{"profile", profile}}).Increment();
  impl_->last_match.Add({}).Set(Impl::now());
}

void Metrics::delivered() { impl_->deliveries.Add({{"result", "acked"}, {"error_type", ""}}).Increment(); }

void Metrics::delivery_failed(std::string_view error_type) {
  impl_->deliveries.Add({{"result", "failed"}, {"error_type", std::string(error_type)}}).Increment();
}

void Metrics::set_queue_depth(std::size_t n) { impl_->queue_depth.Add({}).Set(static_cast<double>(n)); }
// From sub-second (loopback) to hours (a backlog after downtime).
const prometheus::Histogram::BucketBoundaries kDetectionBuckets{0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 21600};
const prometheus::Histogram::BucketBoundaries kProcessingBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                                 0.2,   0.5,    1,     2.5,  5,     10};

void Metrics::detection_lag(double seconds) {
  impl_->detection_lag.Add({}, kDetectionBuckets).Observe(std::max(seconds, 0.0));
}
void Metrics::processing_lag(double seconds) {
  impl_->processing_lag.Add({}, kProcessingBuckets).Observe(std::max(seconds, 0.0));
}

void Metrics::set_pending(std::size_t n) { impl_->pending.Add({}).Set(static_cast<double>(n)); }
void Metrics::spool_error() { impl_->spool_errors.Add({}).Increment(); }
void Metrics::dead_lettered() { impl_->dead_letters.Add({}).Increment(); }
void Metrics::already_published(std::size_t n) { impl_->already_published.Add({}).Increment(static_cast<double>(n)); }
void Metrics::read_back_failed() { impl_->read_back_failures.Add({}).Increment(); }
void Metrics::producer_recreated() { impl_->producer_recreations.Add({}).Increment(); }
void Metrics::backpressure(std::string_view reason, double seconds) {
  impl_->backpressure.Add({{"reason", std::string(reason)}}).Increment(std::max(seconds, 0.0));
}
void Metrics::kafka_stats(double queue_messages, double tx_errors, double tx_retries,
                          const std::vector<std::pair<std::string, double>>& broker_rtt_seconds) {
  impl_->kafka_queue.Add({}).Set(queue_messages);
  impl_->kafka_tx_errors.Add({}).Set(tx_errors);
  impl_->kafka_tx_retries.Add({}).Set(tx_retries);
  for (const auto& [broker, rtt] : broker_rtt_seconds) impl_->kafka_rtt.Add({{"broker", broker}}).Set(rtt);
}
void Metrics::set_sources(std::size_t n) { impl_->sources.Add({}).Set(static_cast<double>(n)); }

void Metrics::set_ready(bool ready) {
  impl_->ready = ready;
  impl_->ready_gauge.Add({}).Set(ready ? 1 : 0);
}

bool Metrics::ready() const { return impl_->ready; }

void Metrics::config_reloaded(bool ok) { impl_->reloads.Add({{"result", ok ? "success" : "failure"}}).Increment(); }

void Metrics::source_fetched(const SourceStatus& status) {
  impl_->source_gauge(impl_->consecutive_failures, status.name).Set(status.consecutive_failures);
  impl_->board.fetched(status);
}

StatusBoard& Metrics::board() { return impl_->board; }

void Metrics::remove_source(const std::string& source) {
  std::lock_guard lock(impl_->mu);
  for (auto [family, metric] : impl_->source_counters[source]) family->Remove(metric);
  for (auto [family, metric] : impl_->source_gauges[source]) family->Remove(metric);
  impl_->source_counters.erase(source);
  impl_->source_gauges.erase(source);
}

std::string Metrics::scrape() const {
  return impl_->metrics_page().body;
}

}  // namespace metrics
