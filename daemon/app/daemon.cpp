#include "app/daemon.h"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include <malloc.h>
#include <unistd.h>

#include "app/log.h"
#include "app/notify.h"
#include "app/pipeline.h"
#include "app/profiles.h"
#include "core/bounded_queue.h"
#include "core/version.h"
#include "publish/embedded_broker.h"

namespace app {
namespace {

using namespace std::chrono_literals;

// Finished fetches waiting for the process thread. Small: each holds a body, and a long queue
// only adds waiting time to the processing lag (the fetch loop blocks meanwhile: backpressure).
constexpr std::size_t kFetchQueueCapacity = 32;
constexpr auto kMemoryTrimEvery = 30s;
constexpr auto kFetchPollSlice = 250ms;    // how long the fetch loop waits for activity
constexpr auto kDeliveryPollSlice = 100ms; // how long the delivery loop waits for reports
constexpr auto kBrokerCheckTimeout = 10s;

// Everything the daemon builds at start, in construction order; destroyed in reverse.
struct Services {
  core::SystemClock clock;
  metrics::Metrics metrics;
  std::unique_ptr<dedup::Store> store;
  std::unique_ptr<publish::EmbeddedBroker> broker;
  std::unique_ptr<publish::Publisher> publisher;
  std::unique_ptr<Pipeline> pipeline;
  std::unique_ptr<crawl::Crawler> crawler;  // its requests go to the fetcher
  std::unique_ptr<fetch::Fetcher> fetcher;
  // A new source list from a reload, handed to the fetch thread (the Fetcher is single-threaded).
  std::mutex sources_mu;
  std::optional<std::vector<fetch::SourceSpec>> next_sources;
  std::vector<std::string> removed_sources;  // their series go once the fetcher has dropped them
  std::atomic<bool> fatal{false};  // the producer hit a fatal error: exit non-zero
  // The fetch loop's last turn (steady clock, ns): the watchdog is petted only while it moves.
  std::atomic<std::int64_t> fetch_beat{std::chrono::steady_clock::now().time_since_epoch().count()};
};

fetch::Options fetch_options(const config::Fetch& f) {
  fetch::Options o;
  o.connect_timeout = f.connect_timeout;
  o.total_timeout = f.timeout;
  o.max_body_bytes = f.max_body_bytes;
  o.max_in_flight = f.max_in_flight;
  o.user_agent = f.user_agent;
  o.per_host_max_in_flight = f.per_host_max_in_flight;
  o.per_host_min_interval = f.per_host_min_interval;
  o.adaptive_interval = f.adaptive_interval;
  o.interval_min = f.interval_min;
  o.interval_max = f.interval_max;
  return o;
}

fetch::Priority fetch_priority(config::Priority p) {
  switch (p) {
    case config::Priority::high: return fetch::Priority::high;
    case config::Priority::low: return fetch::Priority::low;
    case config::Priority::normal: break;
  }
  return fetch::Priority::normal;
}

std::vector<fetch::SourceSpec> source_specs(const std::vector<config::Source>& sources) {
  std::vector<fetch::SourceSpec> specs;
  for (const auto& s : sources) specs.push_back({s.name, s.url, s.interval, fetch_priority(s.priority)});
  return specs;
}

crawl::Options crawl_options(const config::Config& cfg) {
  crawl::Options o;
  o.respect_robots_txt = cfg.crawl.respect_robots_txt;
  o.user_agent = cfg.fetch.user_agent;
  o.robots_ttl = cfg.crawl.robots_ttl;
  o.max_pending = cfg.crawl.max_pending;
  o.retry_failed_after = cfg.crawl.retry_failed_after;
  o.max_crawl_delay = cfg.crawl.max_crawl_delay;
  return o;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text << "\n";
}

// Resolves kafka.brokers: "embedded" starts the in-process broker and writes its address to
// <state_dir>/embedded-broker.addr so a consumer can find it.
bool resolve_brokers(const config::Config& cfg, Services& s, publish::Options& opts) {
  opts.brokers = cfg.kafka.brokers;
  opts.topic = cfg.kafka.topic;
  opts.properties = cfg.kafka.properties;
  opts.flush_timeout = cfg.kafka.flush_timeout;
  if (!cfg.kafka.embedded()) return true;
  std::string error;
  s.broker = publish::EmbeddedBroker::start(1, cfg.kafka.topic, 1, error);
  if (!s.broker) {
    log::error("cannot start the embedded broker: " + error);
    return false;
  }
  opts.brokers = s.broker->bootstrap();
  write_file(std::filesystem::path(cfg.state_dir) / "embedded-broker.addr", opts.brokers);
  log::warning("embedded Kafka-protocol broker (for trying newswatch out, not for production) on " + opts.brokers +
               "; consume with: kcat -b " + opts.brokers + " -t " + cfg.kafka.topic + " -C");
  return true;
}

bool open_store(const config::Config& cfg, Services& s) {
  std::string error;
  s.store = dedup::Store::open(cfg.state_dir, error);
  if (!s.store) log::error("cannot open the state store in " + cfg.state_dir + ": " + error);
  return s.store != nullptr;
}

bool start_metrics(const config::Config& cfg, Services& s) {
  std::string error;
  if (!s.metrics.listen({cfg.metrics.listen}, error)) {
    log::error(error);
    return false;
  }
  log::info("metrics on http://" + cfg.metrics.listen.substr(0, cfg.metrics.listen.rfind(':')) + ":" +
            std::to_string(s.metrics.port()) + "/metrics");
  return true;
}

bool start_publisher(const config::Config& cfg, Services& s) {
  publish::Options opts;
  if (!resolve_brokers(cfg, s, opts)) return false;
  if (std::string problem = publish::check_broker(opts, kBrokerCheckTimeout); !problem.empty()) {
    log::error("Kafka at " + opts.brokers + " is not usable: " + problem);
    return false;
  }
  std::string error;
  s.publisher = publish::make_kafka_publisher(opts, [&s](const publish::Delivery& d) { s.pipeline->on_delivery(d); }, error);
  if (!s.publisher) log::error("cannot create the Kafka producer: " + error);
  return s.publisher != nullptr;
}

bool load_profiles(const config::Config& cfg, Pipeline& pipeline) {
  std::vector<std::string> errors;
  auto filters = load_filters(cfg.profiles, errors);
  for (const auto& e : errors) log::error(e);
  if (!errors.empty()) return false;
  pipeline.set_filters(filters);
  return true;
}

// Blocks the signals the main thread waits for, so no other thread receives them.
sigset_t block_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

void apply_new_sources(Services& s) {
  std::lock_guard lock(s.sources_mu);
  if (!s.next_sources) return;
  s.fetcher->set_sources(std::move(*s.next_sources));
  s.next_sources.reset();
  for (const auto& name : s.removed_sources) s.fetcher->cancel_requests(name);
  // Only now: a fetch of a removed source that finished before this point recreated its series.
  for (const auto& name : s.removed_sources) s.metrics.remove_source(name);
  s.removed_sources.clear();
}

// The status page's row for a source after a fetch (next poll converted to wall time).
metrics::SourceStatus source_status(const fetch::Result& r, const core::Clock& clock) {
  const double now = clock.wall_seconds();
  const double until_next = std::chrono::duration<double>(r.next_attempt - clock.now()).count();
  return {r.source, r.url, now, std::string(fetch::to_string(r.outcome)), r.http_status, r.error,
          now + until_next, r.consecutive_failures};
}

std::vector<std::pair<std::string, std::string>> board_sources(const std::vector<config::Source>& sources) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& src : sources) out.emplace_back(src.name, src.url);
  return out;
}

void fetch_loop(Services& s, core::BoundedQueue<fetch::Result>& queue, const std::atomic<bool>& stop) {
  while (!stop) {
    s.fetch_beat = std::chrono::steady_clock::now().time_since_epoch().count();
    apply_new_sources(s);
    for (auto& r : s.fetcher->poll(kFetchPollSlice)) {
      std::string_view outcome = fetch::to_string(r.outcome);
      if (r.request_id != 0) {  // an article page or robots.txt for the crawler: not the source's poll
        log::debug("page source=" + r.source + " url=" + r.url + " outcome=" + std::string(outcome), {.source = r.source});
        if (!queue.push(std::move(r))) return;
        continue;
      }
      s.metrics.fetch_done(r.source, outcome, r.seconds, r.bytes);
      s.metrics.source_fetched(source_status(r, s.clock));
      if (r.outcome == fetch::Outcome::ok || r.outcome == fetch::Outcome::not_modified) {
        s.metrics.poll_succeeded(r.source, s.clock.wall_seconds());
        log::debug("fetch source=" + r.source + " outcome=" + std::string(outcome) + " bytes=" + std::to_string(r.bytes), {.source = r.source});
      } else {
        log::warning("fetch source=" + r.source + " outcome=" + std::string(outcome) + " status=" +
                     std::to_string(r.http_status) + " error=\"" + r.error + "\"", {.source = r.source});
      }
      if (!queue.push(std::move(r))) return;
    }
  }
}

void process_loop(Services& s, core::BoundedQueue<fetch::Result>& queue) {
  // Runs until the queue is closed and drained: nothing fetched is left unprocessed.
  while (true) {
    auto r = queue.pop_for(kFetchPollSlice);
    if (r) {
      const Pipeline::Handled handled = s.pipeline->handle(*r);
      if (r->outcome == fetch::Outcome::ok && r->request_id == 0)
        s.fetcher->report(r->source, fetch::Fetcher::Feedback{handled.fresh, handled.ttl});
    }
    s.crawler->tick();
    s.pipeline->retry_failed();
    if (!r && queue.closed()) return;
  }
}

// librdkafka's statistics and the spool's size, as metrics.
void export_delivery_stats(Services& s) {
  publish::Stats st = s.publisher->stats();
  s.metrics.kafka_stats(st.queue_messages, st.tx_errors, st.tx_retries,
                        {st.broker_rtt_seconds.begin(), st.broker_rtt_seconds.end()});
  s.metrics.set_pending(s.store->pending_count());
}

// Serves delivery reports. A fatal producer error (idempotence broken) is repaired in place: a new
// producer, then every spooled item the topic does not hold yet is produced again. If even that
// fails, the daemon stops and exits non-zero for systemd to restart it.
// glibc keeps freed memory in per-thread arenas and raises its mmap threshold after large frees
// (a /metrics text of several MB at 10,000 sources), so RSS would ratchet up with every burst.
// Two arenas, a fixed threshold (large buffers are mapped and given back) and a periodic trim keep
// it flat over days. Measured at 10,000 sources: peak RSS 140 → ~100 MiB, no CPU change.
void tune_allocator() {
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
}

void delivery_loop(Services& s, const std::atomic<bool>& stop) {
  auto next_stats = std::chrono::steady_clock::now();
  while (!stop) {
    s.publisher->poll(kDeliveryPollSlice);
    s.metrics.set_queue_depth(s.publisher->queue_depth());
    if (std::chrono::steady_clock::now() >= next_stats) {
      export_delivery_stats(s);
      next_stats = std::chrono::steady_clock::now() + 1s;
    }
    if (std::string fatal = s.publisher->fatal_error(); !fatal.empty() && !s.pipeline->stopping) {
      log::error("fatal Kafka producer error, recreating the producer and replaying what was not acknowledged: " + fatal);
      std::size_t n = s.pipeline->recover_from_fatal();
      if (std::string still = s.publisher->fatal_error(); !still.empty() && !s.fatal.exchange(true)) {
        log::error("the Kafka producer cannot be recreated, stopping so that a restart does: " + still);
        kill(getpid(), SIGTERM);
        return;
      }
      log::info("producer recreated; " + std::to_string(n) + " spooled items produced again");
    }
  }
}

std::string status_line(const config::Config& cfg, Services& s) {
  return std::to_string(cfg.sources.size()) + " sources, " + std::to_string(s.store->published_count()) +
         " published, " + std::to_string(s.publisher->queue_depth()) + " in flight";
}

// SIGHUP: re-read config and profiles; apply sources and filters only if everything is valid.
void reload(config::Config& cfg, Services& s) {
  notify::reloading();
  config::LoadResult next = config::load_file(cfg.path);
  std::vector<std::string> errors = next.errors;
  std::shared_ptr<const FilterSet> filters;
  filters = load_filters(next.profiles, errors);
  if (next.config) check_selectors(*next.config, errors);
  if (!errors.empty()) {
    for (const auto& e : errors) log::error("reload rejected: " + e);
    s.metrics.config_reloaded(false);
    notify::status("reload rejected; running the previous config");
    return;
  }
  std::vector<std::string> removed;
  for (const auto& old : cfg.sources) {
    bool kept = std::any_of(next.config->sources.begin(), next.config->sources.end(),
                            [&](const config::Source& n) { return n.name == old.name; });
    if (!kept) removed.push_back(old.name);
  }
  cfg.sources = next.config->sources;
  cfg.log = next.config->log;
  log::set_level(log::parse_level(cfg.log.level));
  cfg.profiles = next.config->profiles;
  s.pipeline->set_filters(filters);
  s.pipeline->set_sources(cfg.sources);
  {
    std::lock_guard lock(s.sources_mu);
    s.next_sources = source_specs(cfg.sources);
    s.removed_sources.insert(s.removed_sources.end(), removed.begin(), removed.end());
  }
  s.metrics.board().set_sources(board_sources(cfg.sources));
  s.fetcher->wake();  // the fetch thread applies the new list before its next poll
  s.metrics.set_sources(cfg.sources.size());
  s.metrics.config_reloaded(true);
  log::info("reloaded " + cfg.path + ": " + std::to_string(cfg.sources.size()) + " sources");
  notify::status(status_line(cfg, s));
}

// The working loop is alive: the fetch loop turned recently, or it waits on a full queue
// (backpressure from the process thread, by design). Otherwise systemd's watchdog restarts us.
bool working(const Services& s, const core::BoundedQueue<fetch::Result>& queue) {
  constexpr auto kStuckAfter = 20s;  // below the unit's WatchdogSec=30s
  auto beat = std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(s.fetch_beat.load()));
  return std::chrono::steady_clock::now() - beat < kStuckAfter || queue.size() >= kFetchQueueCapacity;
}

// Waits for SIGTERM/SIGINT, reloading on SIGHUP, petting the watchdog while the loops work and
// returning freed memory to the system now and then (see tune_allocator()).
void wait_for_stop(const sigset_t& signals, config::Config& cfg, Services& s,
                   const core::BoundedQueue<fetch::Result>& queue) {
  timespec slice{1, 0};
  bool stuck_logged = false;
  auto next_trim = std::chrono::steady_clock::now() + kMemoryTrimEvery;
  while (true) {
    int sig = sigtimedwait(&signals, nullptr, &slice);
    // Here, on the otherwise idle main thread, so a trim never holds up fetches or deliveries.
    if (std::chrono::steady_clock::now() >= next_trim) {
      malloc_trim(0);
      next_trim = std::chrono::steady_clock::now() + kMemoryTrimEvery;
    }
    if (working(s, queue)) {
      notify::watchdog();
      stuck_logged = false;
    } else if (!stuck_logged) {
      log::error("the fetch loop has not turned for 20 s; no longer petting the systemd watchdog");
      stuck_logged = true;
    }
    if (sig == SIGTERM || sig == SIGINT) {
      log::info(std::string("received ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") + ", shutting down");
      return;
    }
    if (sig == SIGHUP) reload(cfg, s);
  }
}

}  // namespace

int run_daemon(const config::Config& initial) {
  tune_allocator();
  config::Config cfg = initial;
  log::set_level(log::parse_level(cfg.log.level));
  log::info(std::string(core::kDaemonName) + " " + core::kVersion + " starting with " + cfg.path);
  sigset_t signals = block_signals();
  // A file size limit (RLIMIT_FSIZE) must be a write error the spool reports, not a silent kill.
  std::signal(SIGXFSZ, SIG_IGN);

  // 1. State, metrics and the producer: everything that can refuse to start does so here.
  std::error_code ec;
  std::filesystem::create_directories(cfg.state_dir, ec);
  Services s;
  if (!open_store(cfg, s) || !start_metrics(cfg, s) || !start_publisher(cfg, s)) return 1;
  s.pipeline = std::make_unique<Pipeline>(*s.store, *s.publisher, s.metrics, s.clock);
  // Article pages go through the fetcher (created below, before the process thread starts), so
  // they share its global and per-host limits with the polls.
  s.crawler = std::make_unique<crawl::Crawler>(crawl_options(cfg), s.clock, [&s](const crawl::Request& q) {
    return s.fetcher && s.fetcher->request(fetch::OneShot{q.id, q.source, q.url});
  });
  s.pipeline->attach_crawler(*s.crawler);
  if (!load_profiles(cfg, *s.pipeline)) return 1;
  s.pipeline->set_sources(cfg.sources);
  s.metrics.set_sources(cfg.sources.size());
  s.metrics.board().set_sources(board_sources(cfg.sources));

  // 2. What a previous run matched but never saw acknowledged goes out first.
  std::atomic<bool> stop_fetch{false}, stop_delivery{false};
  std::thread delivery([&] { delivery_loop(s, stop_delivery); });
  if (std::size_t n = s.pipeline->republish_pending()) log::info("republishing " + std::to_string(n) + " pending items");

  // 3. Start polling.
  s.fetcher = std::make_unique<fetch::Fetcher>(fetch_options(cfg.fetch), s.clock);
  s.fetcher->set_sources(source_specs(cfg.sources));
  core::BoundedQueue<fetch::Result> queue(kFetchQueueCapacity);
  std::thread fetching([&] { fetch_loop(s, queue, stop_fetch); });
  std::thread processing([&] { process_loop(s, queue); });
  malloc_trim(0);  // what loading the config and the profiles needed for a moment
  notify::ready(status_line(cfg, s));
  s.metrics.set_ready(true);
  log::info("ready: polling " + std::to_string(cfg.sources.size()) + " sources");

  wait_for_stop(signals, cfg, s, queue);

  // 4. Drain: stop fetching, process what was fetched, flush the producer within the bound.
  notify::stopping("draining");
  s.metrics.set_ready(false);
  stop_fetch = true;
  s.fetcher->wake();
  fetching.join();
  queue.close();
  s.pipeline->stopping = true;
  processing.join();
  stop_delivery = true;
  delivery.join();
  std::size_t left = s.publisher->flush(cfg.kafka.flush_timeout);
  std::size_t pending = s.store->pending_count();
  log::info("stopped: " + std::to_string(left) + " messages unacknowledged at exit; " + std::to_string(pending) +
            " matched items pending in the state store will be published at the next start");
  return s.fatal ? 1 : 0;
}

}  // namespace app
