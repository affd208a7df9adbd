#include "fetch/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <queue>
#include <random>
#include <unordered_map>

#include "core/version.h"
#include "fetch/schedule.h"
#include "fetch/transfer.h"

namespace fetch {
namespace {

using TimePoint = core::Clock::TimePoint;
using std::chrono::milliseconds;

// curl_global_init is not guaranteed thread-safe on every build; run it once, before any handle.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) std::abort();
  });
}

// "scheme://host:port" of a URL, the unit of per-host limits; the whole URL when it has no host.
std::string host_key(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto start = scheme_end + 3;
  auto end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);  // userinfo
  std::string key = url.substr(0, start) + authority;
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

// Per-host limits: transfers running, when the next one may start, sources waiting for a slot.
struct Source;
struct Host {
  std::size_t in_flight = 0;
  TimePoint next_start{};
  std::deque<Source*> waiting;  // due, held back by per_host_max_in_flight
};

// Everything the fetcher remembers about one configured source between attempts.
struct Source {
  SourceSpec spec;
  TimePoint next_due;
  milliseconds interval{0};  // current interval: spec.interval, or learned when adaptive
  int failures = 0;
  std::string etag;
  std::string last_modified;
  Host* host = nullptr;
  std::uint64_t ticket = 0;  // the live heap entry carries the same ticket; older ones are stale
  bool slot_reserved = false;  // holds a per_host_min_interval start slot
  TimePoint last_start{};
  std::unique_ptr<Transfer> transfer;  // null when idle
};

// A min-heap entry: the source is due at `due`, unless its ticket moved on since.
struct Due {
  TimePoint due;
  std::uint64_t ticket;
  Source* source;
  bool operator>(const Due& o) const { return due > o.due; }
};

}  // namespace

std::string default_user_agent() {
  return std::string(core::kDaemonName) + "/" + core::kVersion +
         " (+https://github.com/newswatch/newswatch)";
}

// Scheduling is a binary heap of due times with lazy deletion, so each poll start or completion
// costs O(log n) however many sources there are; the map from names is only for set_sources(),
// completions and reports.
class Fetcher::Impl {
 public:
  Impl(const Options& opts, const core::Clock& clock)
      : opts_(opts),
        clock_(clock),
        user_agent_(opts.user_agent.empty() ? default_user_agent() : opts.user_agent),
        max_in_flight_(std::max<std::size_t>(opts.max_in_flight, 1)),
        per_host_max_(std::max<std::size_t>(opts.per_host_max_in_flight, 1)),
        rng_(std::random_device{}()) {
    init_curl_once();
    multi_ = curl_multi_init();
    if (!multi_) std::abort();  // out of memory
    // Keep-alive: idle connections stay pooled for reuse (bounded), at most per_host_max per host,
    // and HTTP/2 servers get their requests multiplexed on one connection.
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(std::max<std::size_t>(max_in_flight_ * 2, 16)));
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(per_host_max_));
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  }

  ~Impl() {
    for (auto& [name, source] : sources_) stop_transfer(source);
    for (CURL* easy : idle_handles_) curl_easy_cleanup(easy);
    curl_multi_cleanup(multi_);
  }

  void set_sources(std::vector<SourceSpec> specs);
  std::vector<Result> poll(milliseconds max_wait);
  void wake() { curl_multi_wakeup(multi_); }
  void report_new_items(const std::string& source, std::size_t n) {
    {
      std::lock_guard lock(reports_mu_);
      reports_.emplace_back(source, n);
    }
  }
  std::size_t in_flight() const { return in_flight_; }
  std::vector<SourceState> states() const;

 private:
  void schedule(Source& source, TimePoint due);
  void stop_transfer(Source& source);
  void start_due_transfers();
  void start_transfer(Source& source, TimePoint now);
  void drive();
  std::vector<Result> collect_finished();
  Result complete(Transfer& transfer, CURLcode code);
  void apply_reports();
  void learn(Source& source, std::size_t new_items);
  void wait_for_activity(milliseconds max_wait);
  double uniform01() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }

  const Options opts_;
  const core::Clock& clock_;
  const std::string user_agent_;
  const std::size_t max_in_flight_;
  const std::size_t per_host_max_;
  std::mt19937_64 rng_;
  CURLM* multi_ = nullptr;
  std::map<std::string, Source> sources_;  // nodes never move: heap and hosts hold pointers
  std::unordered_map<std::string, Host> hosts_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> heap_;
  std::uint64_t next_ticket_ = 0;
  std::vector<CURL*> idle_handles_;  // reset easy handles kept for reuse
  std::size_t in_flight_ = 0;
  std::mutex reports_mu_;
  std::vector<std::pair<std::string, std::size_t>> reports_;
};

void Fetcher::Impl::schedule(Source& source, TimePoint due) {
  source.next_due = due;
  source.ticket = ++next_ticket_;
  heap_.push({due, source.ticket, &source});
}

void Fetcher::Impl::set_sources(std::vector<SourceSpec> specs) {
  const TimePoint now = clock_.now();
  std::map<std::string, SourceSpec> wanted;
  for (auto& spec : specs) wanted.insert_or_assign(spec.name, std::move(spec));
  // Heap entries and waiting lists may point at sources erased below: drop them first, rebuild
  // after (O(n log n) per reload).
  heap_ = {};
  for (auto& [key, host] : hosts_) host.waiting.clear();
  // Removed sources, or sources with a new URL: abort the transfer and forget the state.
  for (auto it = sources_.begin(); it != sources_.end();) {
    auto w = wanted.find(it->first);
    if (w == wanted.end() || w->second.url != it->second.spec.url) {
      stop_transfer(it->second);
      it = sources_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [name, spec] : wanted) {
    auto [it, fresh] = sources_.try_emplace(name);
    Source& source = it->second;
    if (fresh) {
      source.host = &hosts_[host_key(spec.url)];
      source.interval = spec.interval;
      source.next_due = now;  // new sources are due immediately
    } else if (source.spec.interval != spec.interval) {
      source.interval = spec.interval;
      // A shorter interval takes effect now; a source in backoff keeps its retry time.
      if (source.failures == 0) source.next_due = std::min(source.next_due, now + spec.interval);
    }
    source.spec = std::move(spec);
    source.slot_reserved = false;
    if (!source.transfer) schedule(source, source.next_due);
  }
}

void Fetcher::Impl::stop_transfer(Source& source) {
  if (!source.transfer) return;
  curl_multi_remove_handle(multi_, source.transfer->handle());
  if (idle_handles_.size() < max_in_flight_) {
    idle_handles_.push_back(source.transfer->release());
  }
  source.transfer.reset();
  --in_flight_;
  Host& host = *source.host;
  --host.in_flight;
  // A slot on this host is free: the longest-waiting source may have it.
  if (!host.waiting.empty()) {
    Source* next = host.waiting.front();
    host.waiting.pop_front();
    schedule(*next, next->next_due);
  }
}

// Most overdue first, so a burst larger than max_in_flight is served fairly. A due source whose
// host is at per_host_max_in_flight waits in the host's queue; one that would start too soon after
// the host's last start gets the host's next free start slot (so 300 feeds on one site are spread
// out, each re-queued once, not polled in a loop).
void Fetcher::Impl::start_due_transfers() {
  const TimePoint now = clock_.now();
  while (in_flight_ < max_in_flight_ && !heap_.empty() && heap_.top().due <= now) {
    const Due top = heap_.top();
    heap_.pop();
    Source& source = *top.source;
    if (top.ticket != source.ticket || source.transfer) continue;  // stale entry
    Host& host = *source.host;
    if (host.in_flight >= per_host_max_) {
      host.waiting.push_back(&source);
      source.ticket = ++next_ticket_;  // not in the heap while it waits
      continue;
    }
    if (opts_.per_host_min_interval.count() > 0 && !source.slot_reserved && now < host.next_start) {
      source.slot_reserved = true;
      const TimePoint slot = host.next_start;
      host.next_start += opts_.per_host_min_interval;
      const TimePoint keep = source.next_due;
      schedule(source, slot);
      source.next_due = keep;  // still counts as overdue since then
      continue;
    }
    start_transfer(source, now);
  }
}

void Fetcher::Impl::start_transfer(Source& source, TimePoint now) {
  Request request{source.spec.name, source.spec.url, source.etag, source.last_modified};
  CURL* easy = nullptr;
  if (!idle_handles_.empty()) {
    easy = idle_handles_.back();
    idle_handles_.pop_back();
  }
  source.transfer = std::make_unique<Transfer>(std::move(request), opts_, user_agent_, easy);
  if (curl_multi_add_handle(multi_, source.transfer->handle()) != CURLM_OK) std::abort();
  ++in_flight_;
  Host& host = *source.host;
  ++host.in_flight;
  host.next_start = std::max(host.next_start, now + opts_.per_host_min_interval);
  source.slot_reserved = false;
  source.last_start = now;
}

void Fetcher::Impl::drive() {
  int running = 0;
  curl_multi_perform(multi_, &running);
}

// Drains libcurl's finished-transfer messages (10-at-a-time.c style).
std::vector<Result> Fetcher::Impl::collect_finished() {
  std::vector<Result> results;
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Transfer* transfer = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &transfer);
    results.push_back(complete(*transfer, msg->data.result));
  }
  return results;
}

// Turns a finished transfer into a Result and schedules its source's next attempt.
Result Fetcher::Impl::complete(Transfer& transfer, CURLcode code) {
  // Removing a handle also drops its pending message, so a finished transfer always has a source.
  const auto it = sources_.find(transfer.source());
  if (it == sources_.end() || it->second.transfer.get() != &transfer) std::abort();
  Source& source = it->second;
  Completed done = transfer.finish(code, clock_.wall_seconds());
  done.result.finished = std::chrono::steady_clock::now();
  stop_transfer(source);  // `transfer` is gone from here on
  Result& r = done.result;
  source.failures = is_success(r.outcome) ? 0 : source.failures + 1;
  if (is_success(r.outcome)) {
    // Keep the old validator when a response omits one (a 304 need not repeat it).
    if (!r.etag.empty()) source.etag = r.etag;
    if (!r.last_modified.empty()) source.last_modified = r.last_modified;
  }
  if (r.outcome == Outcome::not_modified) learn(source, 0);
  r.etag = source.etag;
  r.last_modified = source.last_modified;
  const AttemptSummary attempt{r.outcome, source.failures, done.retry_after, done.fresh_for};
  const SchedulePolicy policy{source.interval, opts_.backoff_base, opts_.backoff_max, opts_.interval_max};
  schedule(source, clock_.now() + next_delay(attempt, policy, uniform01()));
  r.next_attempt = source.next_due;
  r.consecutive_failures = source.failures;
  return std::move(r);
}

// Adaptive intervals: the learned interval applies from this poll on (an idle source is moved).
void Fetcher::Impl::learn(Source& source, std::size_t new_items) {
  if (!opts_.adaptive_interval) return;
  const milliseconds before = source.interval;
  source.interval = adapt_interval(before, new_items, {opts_.interval_min, opts_.interval_max});
  if (source.transfer || source.failures > 0 || source.interval == before) return;
  const TimePoint due = std::max(source.last_start + source.interval, clock_.now());
  if (due < source.next_due) schedule(source, due);
  else if (source.interval > before) schedule(source, source.next_due + (source.interval - before));
}

void Fetcher::Impl::apply_reports() {
  std::vector<std::pair<std::string, std::size_t>> reports;
  {
    std::lock_guard lock(reports_mu_);
    reports.swap(reports_);
  }
  for (const auto& [name, n] : reports) {
    auto it = sources_.find(name);
    if (it != sources_.end()) learn(it->second, n);
  }
}

// Sleeps in curl_multi_poll until socket activity, wake(), the next due source or max_wait.
void Fetcher::Impl::wait_for_activity(milliseconds max_wait) {
  milliseconds wait = std::clamp(max_wait, milliseconds{0}, milliseconds{INT_MAX});
  if (in_flight_ < max_in_flight_ && !heap_.empty()) {
    const auto until = std::chrono::ceil<milliseconds>(heap_.top().due - clock_.now());
    wait = std::clamp(until, milliseconds{0}, wait);
  }
  curl_multi_poll(multi_, nullptr, 0, static_cast<int>(wait.count()), nullptr);
}

std::vector<Result> Fetcher::Impl::poll(milliseconds max_wait) {
  apply_reports();
  drive();
  std::vector<Result> results = collect_finished();
  start_due_transfers();
  if (results.empty()) {
    wait_for_activity(max_wait);
    drive();
    results = collect_finished();
    start_due_transfers();
  }
  return results;
}

std::vector<Fetcher::SourceState> Fetcher::Impl::states() const {
  std::vector<SourceState> out;
  out.reserve(sources_.size());
  for (const auto& [name, source] : sources_) {
    out.push_back({name, source.next_due, source.failures, source.interval});
  }
  return out;
}

Fetcher::Fetcher(const Options& opts, const core::Clock& clock)
    : impl_(std::make_unique<Impl>(opts, clock)) {}
Fetcher::~Fetcher() = default;
void Fetcher::set_sources(std::vector<SourceSpec> sources) { impl_->set_sources(std::move(sources)); }
std::vector<Result> Fetcher::poll(std::chrono::milliseconds max_wait) { return impl_->poll(max_wait); }
void Fetcher::wake() { impl_->wake(); }
void Fetcher::report_new_items(const std::string& source, std::size_t n) { impl_->report_new_items(source, n); }
std::size_t Fetcher::in_flight() const { return impl_->in_flight(); }
std::vector<Fetcher::SourceState> Fetcher::states() const { return impl_->states(); }

}  // namespace fetch
