#include "fetch/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>

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

// Everything the fetcher remembers about one configured source between attempts.
struct Source {
  SourceSpec spec;
  TimePoint next_due;
  int failures = 0;
  std::string etag;
  std::string last_modified;
  std::unique_ptr<Transfer> transfer;  // null when idle
};

}  // namespace

std::string default_user_agent() {
  return std::string(core::kDaemonName) + "/" + core::kVersion +
         " (+https://github.com/newswatch/newswatch)";
}

class Fetcher::Impl {
 public:
  Impl(const Options& opts, const core::Clock& clock)
      : opts_(opts),
        clock_(clock),
        user_agent_(opts.user_agent.empty() ? default_user_agent() : opts.user_agent),
        max_in_flight_(std::max<std::size_t>(opts.max_in_flight, 1)),
        rng_(std::random_device{}()) {
    init_curl_once();
    multi_ = curl_multi_init();
    if (!multi_) std::abort();  // out of memory
  }

  ~Impl() {
    for (auto& [name, source] : sources_) stop_transfer(source);
    curl_multi_cleanup(multi_);
  }

  void set_sources(std::vector<SourceSpec> specs);
  std::vector<Result> poll(milliseconds max_wait);
  void wake() { curl_multi_wakeup(multi_); }
  std::size_t in_flight() const { return in_flight_; }
  std::vector<SourceState> states() const;

 private:
  void stop_transfer(Source& source);
  void start_due_transfers();
  void start_transfer(Source& source);
  void drive();
  std::vector<Result> collect_finished();
  Result complete(Transfer& transfer, CURLcode code);
  void wait_for_activity(milliseconds max_wait);
  double uniform01() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }

  const Options opts_;
  const core::Clock& clock_;
  const std::string user_agent_;
  const std::size_t max_in_flight_;
  std::mt19937_64 rng_;
  CURLM* multi_ = nullptr;
  std::map<std::string, Source> sources_;
  std::size_t in_flight_ = 0;
};

void Fetcher::Impl::set_sources(std::vector<SourceSpec> specs) {
  std::map<std::string, Source> next;
  for (auto& spec : specs) {
    auto old = sources_.find(spec.name);
    if (old != sources_.end() && old->second.spec.url == spec.url) {
      Source kept = std::move(old->second);
      // A shorter interval takes effect now; a source in backoff keeps its retry time.
      if (kept.failures == 0) kept.next_due = std::min(kept.next_due, clock_.now() + spec.interval);
      kept.spec = std::move(spec);
      sources_.erase(old);
      next.emplace(kept.spec.name, std::move(kept));
      continue;
    }
    Source fresh;
    fresh.next_due = clock_.now();
    fresh.spec = std::move(spec);
    next.emplace(fresh.spec.name, std::move(fresh));
  }
  // Whatever is left was removed or got a new URL: abort its transfer, forget its state.
  for (auto& [name, source] : sources_) stop_transfer(source);
  sources_ = std::move(next);
}

void Fetcher::Impl::stop_transfer(Source& source) {
  if (!source.transfer) return;
  curl_multi_remove_handle(multi_, source.transfer->handle());
  source.transfer.reset();
  --in_flight_;
}

// Most overdue first, so a burst larger than max_in_flight is served fairly.
void Fetcher::Impl::start_due_transfers() {
  const TimePoint now = clock_.now();
  std::vector<Source*> due;
  for (auto& [name, source] : sources_) {
    if (!source.transfer && source.next_due <= now) due.push_back(&source);
  }
  std::sort(due.begin(), due.end(),
            [](const Source* a, const Source* b) { return a->next_due < b->next_due; });
  for (Source* source : due) {
    if (in_flight_ >= max_in_flight_) break;
    start_transfer(*source);
  }
}

void Fetcher::Impl::start_transfer(Source& source) {
  Request request{source.spec.name, source.spec.url, source.etag, source.last_modified};
  source.transfer = std::make_unique<Transfer>(std::move(request), opts_, user_agent_);
  if (curl_multi_add_handle(multi_, source.transfer->handle()) != CURLM_OK) std::abort();
  ++in_flight_;
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
  stop_transfer(source);  // `transfer` is gone from here on
  Result& r = done.result;
  source.failures = is_success(r.outcome) ? 0 : source.failures + 1;
  if (is_success(r.outcome)) {
    // Keep the old validator when a response omits one (a 304 need not repeat it).
    if (!r.etag.empty()) source.etag = r.etag;
    if (!r.last_modified.empty()) source.last_modified = r.last_modified;
  }
  r.etag = source.etag;
  r.last_modified = source.last_modified;
  const AttemptSummary attempt{r.outcome, source.failures, done.retry_after};
  const SchedulePolicy policy{source.spec.interval, opts_.backoff_base, opts_.backoff_max};
  source.next_due = clock_.now() + next_delay(attempt, policy, uniform01());
  r.next_attempt = source.next_due;
  r.consecutive_failures = source.failures;
  return std::move(r);
}

// Sleeps in curl_multi_poll until socket activity, wake(), the next due source or max_wait.
void Fetcher::Impl::wait_for_activity(milliseconds max_wait) {
  milliseconds wait = std::clamp(max_wait, milliseconds{0}, milliseconds{INT_MAX});
  if (in_flight_ < max_in_flight_) {
    const TimePoint now = clock_.now();
    for (const auto& [name, source] : sources_) {
      if (source.transfer) continue;
      const auto until = std::chrono::ceil<milliseconds>(source.next_due - now);
      wait = std::clamp(until, milliseconds{0}, wait);
    }
  }
  curl_multi_poll(multi_, nullptr, 0, static_cast<int>(wait.count()), nullptr);
}

std::vector<Result> Fetcher::Impl::poll(milliseconds max_wait) {
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
  for (const auto& [name, source] : sources_) out.push_back({name, source.next_due, source.failures});
  return out;
}

Fetcher::Fetcher(const Options& opts, const core::Clock& clock)
    : impl_(std::make_unique<Impl>(opts, clock)) {}
Fetcher::~Fetcher() = default;
void Fetcher::set_sources(std::vector<SourceSpec> sources) { impl_->set_sources(std::move(sources)); }
std::vector<Result> Fetcher::poll(std::chrono::milliseconds max_wait) { return impl_->poll(max_wait); }
void Fetcher::wake() { impl_->wake(); }
std::size_t Fetcher::in_flight() const { return impl_->in_flight(); }
std::vector<Fetcher::SourceState> Fetcher::states() const { return impl_->states(); }

}  // namespace fetch
