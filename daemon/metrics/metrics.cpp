#include "metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <sstream>

#include "core/version.h"

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
  std::unique_ptr<prometheus::Exposer> exposer;

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
  Family<Counter>& matches = BuildCounter().Name("newswatch_matches_total")
      .Help("Items matched and handed to the publisher, by profile").Register(*registry);
  Family<Counter>& deliveries = BuildCounter().Name("newswatch_publish_total")
      .Help("Kafka delivery reports by result (acked, failed) and error type").Register(*registry);
  Family<Gauge>& queue_depth = BuildGauge().Name("newswatch_producer_queue_messages")
      .Help("Messages produced but not yet acknowledged by the broker").Register(*registry);
  Family<Gauge>& pending = BuildGauge().Name("newswatch_pending_messages")
      .Help("Matched items durably queued and not yet acknowledged").Register(*registry);
  Family<Gauge>& sources = BuildGauge().Name("newswatch_sources")
      .Help("Configured sources").Register(*registry);

  Impl() { build_info.Add({{"version", core::kVersion}}).Set(1); }

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
  try {
    impl_->exposer = std::make_unique<prometheus::Exposer>(opts.listen, 2);
    impl_->exposer->RegisterCollectable(impl_->registry);
    return true;
  } catch (const std::exception& e) {
    error = "cannot serve metrics on " + opts.listen + ": " + e.what();
    return false;
  }
}

int Metrics::port() const {
  if (!impl_->exposer) return 0;
  auto ports = impl_->exposer->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
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

void Metrics::matched(const std::string& profile) { impl_->matches.Add({{"profile", profile}}).Increment(); }

void Metrics::delivered() { impl_->deliveries.Add({{"result", "acked"}, {"error_type", ""}}).Increment(); }

void Metrics::delivery_failed(std::string_view error_type) {
  impl_->deliveries.Add({{"result", "failed"}, {"error_type", std::string(error_type)}}).Increment();
}

void Metrics::set_queue_depth(std::size_t n) { impl_->queue_depth.Add({}).Set(static_cast<double>(n)); }
void Metrics::set_pending(std::size_t n) { impl_->pending.Add({}).Set(static_cast<double>(n)); }
void Metrics::set_sources(std::size_t n) { impl_->sources.Add({}).Set(static_cast<double>(n)); }

void Metrics::remove_source(const std::string& source) {
  std::lock_guard lock(impl_->mu);
  for (auto [family, metric] : impl_->source_counters[source]) family->Remove(metric);
  for (auto [family, metric] : impl_->source_gauges[source]) family->Remove(metric);
  impl_->source_counters.erase(source);
  impl_->source_gauges.erase(source);
}

std::string Metrics::scrape() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, impl_->registry->Collect());
  return out.str();
}

}  // namespace metrics
