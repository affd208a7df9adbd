#include "fetch/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <unordered_map>

#include "core/url.h"
#include "core/version.h"
#include "fetch/due_queue.h"
#include "fetch/schedule.h"
#include "fetch/transfer.h"

namespace fetch {
namespace {

using std::chrono::milliseconds;

// curl_global_init is not guaranteed thread-safe on every build; run it once, before any handle.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) std::abort();
  });
}

// The unit of per-host limits: the URL's origin, or the whole URL when it has none.
std::string host_key(const std::string& url) {
  std::string origin = core::url_origin(url);
  return origin.empty() ? url : origin;
}

// Failures that another attempt a little later may well not repeat.
bool transient(const Result& r) {
  switch (r.outcome) {
    case Outcome::network_error:
    case Outcome::timeout:
    case Outcome::rate_limited: return true;
    case Outcome::http_error: return r.http_status >= 500;
    default: return false;
  }
}

// Everything the fetcher remembers about one configured source between attempts.
struct Source : Task {
  SourceSpec spec;
  milliseconds interval{0};  // current interval: spec.interval, or learned when adaptive
  int failures = 0;
  std::string etag;
  std::string last_modified;
  std::optional<std::chrono::seconds> ttl;  // RSS <ttl> of the last ok fetch, from report()
};

// A one-shot from its acceptance to its Result. Invariant: it has at most one queue entry, and
// none while it runs (it never changes tier and is never re-queued while queued), so a finished
// one can be erased without purging the queues.
struct Job : Task {
  OneShot shot;
  int attempts = 0;  // finished so far
};

// What other threads hand to the polling thread, applied at the next poll().
struct Inbox {
  std::vector<OneShot> shots;
  std::vector<std::string> cancels;  // sources whose accepted one-shots go
  std::vector<std::pair<std::string, Fetcher::Feedback>> reports;
};

}  // namespace

std::string default_user_agent() {
  return std::string(core::kDaemonName) + "/" + core::kVersion +
         " (+https://github.com/newswatch/newswatch)";
}

// Scheduling is a binary heap per priority tier with lazy deletion (due_queue.h), so each start
// or completion costs O(log n) however many sources there are; the maps from names and keys are
// only for set_sources(), completions, reports and cancellations. Sources and one-shots are both
// Tasks: they queue, wait for their host and start by the same rules.
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
    for (auto& [key, job] : jobs_) stop_transfer(job);
    for (CURL* easy : idle_handles_) curl_easy_cleanup(easy);
    curl_multi_cleanup(multi_);
  }

  void set_sources(std::vector<SourceSpec> specs);
  std::vector<Result> poll(milliseconds max_wait);
  void wake() { curl_multi_wakeup(multi_); }
  bool request(OneShot shot);
  void cancel_requests(const std::string& source);
  std::size_t queued_requests() const {
    std::lock_guard lock(inbox_mu_);
    return outstanding_;
  }
  void report(const std::string& source, const Feedback& feedback) {
    std::lock_guard lock(inbox_mu_);
    inbox_.reports.emplace_back(source, feedback);
  }
  std::size_t in_flight() const { return in_flight_; }
  std::vector<SourceState> states() const;

 private:
  // Sources and one-shots alike.
  void bind_host(Task& task, const std::string& url);
  void enqueue(Task& task, TimePoint at);
  void schedule(Task& task, TimePoint due);
  void forget(const TaskSet& gone);
  void promote_waiters(Host& host);
  void stop_transfer(Task& task);
  void start_due_transfers();
  void wait_for_host(Task& task, Host& host);
  void reserve_slot(Task& task, Host& host);
  void start_transfer(Task& task, TimePoint now);
  Request request_for(const Task& task) const;
  void drive();
  std::vector<Result> collect_finished();
  std::optional<Result> complete(Transfer& transfer, CURLcode code);
  void wait_for_activity(milliseconds max_wait);
  void sweep_hosts();
  // Sources.
  void drop_sources(const std::map<std::string, SourceSpec>& wanted);
  void update_source(Source& source, SourceSpec spec, TimePoint now);
  Result complete_source(Source& source, Completed done);
  void learn(Source& source, std::size_t new_items);
  void apply_ttl(Source& source);
  // One-shots.
  void apply_inbox();
  void accept(OneShot shot);
  void cancel(const std::string& source);
  std::optional<Result> complete_oneshot(Job& job, Completed done);
  std::optional<milliseconds> retry_delay(const Job& job, const Completed& done);
  void retire(Job& job);
  double uniform01() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }

  const Options opts_;
  const core::Clock& clock_;
  const std::string user_agent_;
  const std::size_t max_in_flight_;
  const std::size_t per_host_max_;
  std::mt19937_64 rng_;
  CURLM* multi_ = nullptr;
  std::map<std::string, Source> sources_;  // nodes never move: queues and hosts hold pointers
  std::unordered_map<std::uint64_t, Job> jobs_;  // likewise; keyed by our own counter
  std::unordered_map<std::string, Host> hosts_;
  std::size_t sweep_hosts_at_ = 64;  // host count that triggers the next sweep of unused hosts
  DueQueue due_;
  std::uint64_t next_ticket_ = 0;
  std::uint64_t next_job_key_ = 0;
  std::vector<CURL*> idle_handles_;  // reset easy handles kept for reuse
  std::size_t in_flight_ = 0;
  mutable std::mutex inbox_mu_;
  Inbox inbox_;                 // guarded by inbox_mu_
  std::size_t outstanding_ = 0;  // guarded by inbox_mu_: one-shots accepted and not yet retired
};

// --- queues and hosts ----------------------------------------------------------------------------

void Fetcher::Impl::bind_host(Task& task, const std::string& url) {
  task.host = &hosts_[host_key(url)];
  ++task.host->users;
}

// Queues the task at `at` without touching next_due (which keeps counting how overdue it is).
void Fetcher::Impl::enqueue(Task& task, TimePoint at) {
  task.ticket = ++next_ticket_;
  task.queued_at = at;
  due_.push({at, task.ticket, &task});
}

void Fetcher::Impl::schedule(Task& task, TimePoint due) {
  task.next_due = due;
  task.slot_reserved = false;  // a new due time voids a start slot held for the old one
  enqueue(task, due);
}

// Entries of tasks about to be destroyed go first: the queues dereference what they hold. A host
// slot freed by stopping them may have been handed to one of them: hand it on.
void Fetcher::Impl::forget(const TaskSet& gone) {
  due_.forget(gone);
  std::unordered_set<Host*> touched;
  for (const Task* task : gone) touched.insert(task->host);
  for (Host* host : touched) {
    host->waiting.forget(gone);
    promote_waiters(*host);
  }
}

// Moves as many waiting tasks as the host has free slots back to the due queue (the longest
// waiting of the highest tier first). One that finds the host full again simply waits again.
void Fetcher::Impl::promote_waiters(Host& host) {
  for (std::size_t n = host.in_flight; n < per_host_max_; ++n) {
    const auto next = host.waiting.pop();
    if (!next) return;
    enqueue(*next->task, next->task->next_due);
  }
}

// Drops hosts no task uses once their start spacing has passed, so one-shots to ever new sites
// do not grow the map without bound. Amortised: runs when the map has doubled since the last sweep.
void Fetcher::Impl::sweep_hosts() {
  if (hosts_.size() < sweep_hosts_at_) return;
  const TimePoint now = clock_.now();
  std::erase_if(hosts_, [now](const auto& kv) { return kv.second.users == 0 && kv.second.next_start <= now; });
  sweep_hosts_at_ = std::max<std::size_t>(2 * hosts_.size(), 64);
}

void Fetcher::Impl::stop_transfer(Task& task) {
  if (!task.transfer) return;
  curl_multi_remove_handle(multi_, task.transfer->handle());
  if (idle_handles_.size() < max_in_flight_) {
    idle_handles_.push_back(task.transfer->release());
  }
  task.transfer.reset();
  --in_flight_;
  Host& host = *task.host;
  --host.in_flight;
  // A slot on this host is free: the longest-waiting task of the highest tier may have it.
  if (auto next = host.waiting.pop()) enqueue(*next->task, next->task->next_due);
}

// Highest tier first, then most overdue, so a burst larger than max_in_flight is served fairly.
// A due task whose host is at per_host_max_in_flight waits in the host's line; one that would
// start too soon after the host's last start gets the host's next free start slot (so 300 feeds
// on one site are spread out, each re-queued once, not polled in a loop).
void Fetcher::Impl::start_due_transfers() {
  const TimePoint now = clock_.now();
  while (in_flight_ < max_in_flight_) {
    const auto due = due_.pop_due(now);
    if (!due) return;
    Task& task = *due->task;
    Host& host = *task.host;
    if (host.in_flight >= per_host_max_) {
      wait_for_host(task, host);
    } else if (opts_.per_host_min_interval.count() > 0 && !task.slot_reserved && now < host.next_start) {
      reserve_slot(task, host);
    } else {
      start_transfer(task, now);
    }
  }
}

void Fetcher::Impl::wait_for_host(Task& task, Host& host) {
  task.ticket = ++next_ticket_;  // out of the due queue while it waits
  task.queued_at = task.next_due;
  host.waiting.push({task.next_due, task.ticket, &task});
}

void Fetcher::Impl::reserve_slot(Task& task, Host& host) {
  task.slot_reserved = true;
  const TimePoint slot = host.next_start;
  host.next_start += opts_.per_host_min_interval;
  enqueue(task, slot);  // next_due is kept: it still counts as overdue since then
}

Request Fetcher::Impl::request_for(const Task& task) const {
  if (task.oneshot_key != 0) {
    const auto& job = static_cast<const Job&>(task);
    return {job.shot.source, job.shot.url, "", "", job.oneshot_key, true};
  }
  const auto& source = static_cast<const Source&>(task);
  return {source.spec.name, source.spec.url, source.etag, source.last_modified};
}

void Fetcher::Impl::start_transfer(Task& task, TimePoint now) {
  CURL* easy = nullptr;
  if (!idle_handles_.empty()) {
    easy = idle_handles_.back();
    idle_handles_.pop_back();
  }
  task.transfer = std::make_unique<Transfer>(request_for(task), opts_, user_agent_, easy);
  if (curl_multi_add_handle(multi_, task.transfer->handle()) != CURLM_OK) std::abort();
  ++in_flight_;
  Host& host = *task.host;
  ++host.in_flight;
  host.next_start = std::max(host.next_start, now + opts_.per_host_min_interval);
  task.slot_reserved = false;
  task.last_start = now;
}

// --- sources -------------------------------------------------------------------------------------

void Fetcher::Impl::set_sources(std::vector<SourceSpec> specs) {
  const TimePoint now = clock_.now();
  std::map<std::string, SourceSpec> wanted;
  for (auto& spec : specs) wanted.insert_or_assign(spec.name, std::move(spec));
  drop_sources(wanted);
  for (auto& [name, spec] : wanted) {
    auto [it, fresh] = sources_.try_emplace(name);
    Source& source = it->second;
    if (!fresh) {
      update_source(source, std::move(spec), now);
      continue;
    }
    bind_host(source, spec.url);
    source.interval = spec.interval;
    source.priority = spec.priority;
    source.spec = std::move(spec);
    schedule(source, now);  // new sources are due immediately
  }
}

// Removed sources, or sources with a new URL: abort the transfer and forget the state.
void Fetcher::Impl::drop_sources(const std::map<std::string, SourceSpec>& wanted) {
  TaskSet gone;
  for (auto& [name, source] : sources_) {
    auto w = wanted.find(name);
    if (w != wanted.end() && w->second.url == source.spec.url) continue;
    stop_transfer(source);  // may promote a waiter, perhaps one that is going too
    gone.insert(&source);
  }
  forget(gone);
  std::erase_if(sources_, [&gone](auto& kv) {
    if (!gone.count(&kv.second)) return false;
    --kv.second.host->users;
    return true;
  });
}

// Same name and URL: keep validators, backoff and schedule; apply a new interval or tier.
void Fetcher::Impl::update_source(Source& source, SourceSpec spec, TimePoint now) {
  const bool new_tier = spec.priority != source.priority;
  const bool new_interval = spec.interval != source.spec.interval;
  source.priority = spec.priority;
  source.spec = std::move(spec);
  if (new_interval) source.interval = source.spec.interval;
  if (source.transfer) return;  // completion schedules it anew
  // A shorter interval takes effect now; a source in backoff keeps its retry time.
  const TimePoint sooner = now + source.interval;
  if (new_interval && source.failures == 0 && sooner < source.next_due) {
    schedule(source, sooner);
  } else if (new_tier) {
    enqueue(source, source.queued_at);  // same due time and start slot, in its new tier
  }
}

// Turns a finished poll into a Result and schedules the source's next attempt.
Result Fetcher::Impl::complete_source(Source& source, Completed done) {
  stop_transfer(source);
  Result& r = done.result;
  source.failures = is_success(r.outcome) ? 0 : source.failures + 1;
  if (is_success(r.outcome)) {
    // Keep the old validator when a response omits one (a 304 need not repeat it).
    if (!r.etag.empty()) source.etag = r.etag;
    if (!r.last_modified.empty()) source.last_modified = r.last_modified;
  }
  // A 304 brings no document: its RSS <ttl> is still the one last reported. After a 200 the
  // processing stage reports the new one (apply_ttl()).
  auto fresh_for = done.fresh_for;
  if (r.outcome == Outcome::not_modified) {
    learn(source, 0);
    if (source.ttl && (!fresh_for || *source.ttl > *fresh_for)) fresh_for = source.ttl;
  }
  r.etag = source.etag;
  r.last_modified = source.last_modified;
  const AttemptSummary attempt{r.outcome, source.failures, done.retry_after, fresh_for};
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

// The RSS <ttl> arrives after the next poll was scheduled: move the poll later when the ttl asks
// for it, capped like a Cache-Control lifetime (next_delay()). A running or failing source is left
// alone: its completion or its backoff decides.
void Fetcher::Impl::apply_ttl(Source& source) {
  if (!source.ttl || source.transfer || source.failures > 0) return;
  const milliseconds cap = std::max(opts_.interval_max, source.interval);
  const TimePoint floor = source.last_start + std::min<milliseconds>(*source.ttl, cap);
  if (floor > source.next_due) schedule(source, floor);
}

// --- one-shots -----------------------------------------------------------------------------------

bool Fetcher::Impl::request(OneShot shot) {
  if (shot.id == 0) return false;
  {
    std::lock_guard lock(inbox_mu_);
    if (outstanding_ >= opts_.max_queued_requests) return false;
    ++outstanding_;
    inbox_.shots.push_back(std::move(shot));
  }
  wake();
  return true;
}

// One-shots still in the inbox go at once; accepted ones at the next poll(), which applies the
// cancellation before the inbox's newer one-shots (so a request after the cancel survives).
void Fetcher::Impl::cancel_requests(const std::string& source) {
  {
    std::lock_guard lock(inbox_mu_);
    outstanding_ -= std::erase_if(inbox_.shots, [&](const OneShot& s) { return s.source == source; });
    inbox_.cancels.push_back(source);
  }
  wake();
}

void Fetcher::Impl::apply_inbox() {
  Inbox in;
  {
    std::lock_guard lock(inbox_mu_);
    std::swap(in, inbox_);
  }
  for (const auto& source : in.cancels) cancel(source);
  for (auto& shot : in.shots) accept(std::move(shot));
  for (const auto& [name, feedback] : in.reports) {
    auto it = sources_.find(name);
    if (it == sources_.end()) continue;
    learn(it->second, feedback.new_items);
    it->second.ttl = feedback.ttl;
    apply_ttl(it->second);
  }
}

void Fetcher::Impl::accept(OneShot shot) {
  const std::uint64_t key = ++next_job_key_;
  Job& job = jobs_[key];
  job.oneshot_key = key;
  job.priority = shot.priority;
  job.shot = std::move(shot);
  bind_host(job, job.shot.url);
  schedule(job, clock_.now());
}

void Fetcher::Impl::cancel(const std::string& source) {
  TaskSet gone;
  for (auto& [key, job] : jobs_) {
    if (job.shot.source != source) continue;
    stop_transfer(job);
    gone.insert(&job);
  }
  forget(gone);
  for (const Task* task : gone) retire(jobs_.at(task->oneshot_key));
}

// The attempt's Result goes out only when it is the last one: success, a failure a retry cannot
// fix, or the attempts are used up. Otherwise the job queues again and nothing is reported.
std::optional<Result> Fetcher::Impl::complete_oneshot(Job& job, Completed done) {
  stop_transfer(job);
  ++job.attempts;
  if (const auto delay = retry_delay(job, done)) {
    schedule(job, clock_.now() + *delay);
    return std::nullopt;
  }
  Result& r = done.result;
  r.request_id = job.shot.id;
  r.attempts = job.attempts;
  r.consecutive_failures = is_success(r.outcome) ? 0 : job.attempts;
  retire(job);  // `job` is gone from here on
  return std::move(r);
}

// Backoff as for a failing source, or the server's Retry-After; nullopt: this attempt was the last.
// A Retry-After beyond backoff_max ends the one-shot rather than hold a queue slot for hours.
std::optional<milliseconds> Fetcher::Impl::retry_delay(const Job& job, const Completed& done) {
  if (job.attempts >= job.shot.max_attempts || done.permanent || !transient(done.result)) {
    return std::nullopt;
  }
  const AttemptSummary attempt{done.result.outcome, job.attempts, done.retry_after, std::nullopt};
  const SchedulePolicy policy{milliseconds{0}, opts_.backoff_base, opts_.backoff_max};
  const milliseconds delay = next_delay(attempt, policy, uniform01());
  if (delay > std::max(opts_.backoff_max, kMinDelay)) return std::nullopt;
  return delay;
}

// Erases an idle job that has no queue entries left (see Job).
void Fetcher::Impl::retire(Job& job) {
  --job.host->users;
  jobs_.erase(job.oneshot_key);
  std::lock_guard lock(inbox_mu_);
  --outstanding_;
}

// --- the loop ------------------------------------------------------------------------------------

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
    if (auto r = complete(*transfer, msg->data.result)) results.push_back(std::move(*r));
  }
  return results;
}

// Removing a handle also drops its pending message, so a finished transfer always has its task.
std::optional<Result> Fetcher::Impl::complete(Transfer& transfer, CURLcode code) {
  Task* task = nullptr;
  if (transfer.oneshot() != 0) {
    auto it = jobs_.find(transfer.oneshot());
    if (it != jobs_.end()) task = &it->second;
  } else {
    auto it = sources_.find(transfer.source());
    if (it != sources_.end()) task = &it->second;
  }
  if (!task || task->transfer.get() != &transfer) std::abort();
  Completed done = transfer.finish(code, clock_.wall_seconds());
  done.result.finished = std::chrono::steady_clock::now();
  // `transfer` is gone once the completion below stops it.
  if (task->oneshot_key != 0) return complete_oneshot(static_cast<Job&>(*task), std::move(done));
  return complete_source(static_cast<Source&>(*task), std::move(done));
}

// Sleeps in curl_multi_poll until socket activity, wake(), the next due task or max_wait.
void Fetcher::Impl::wait_for_activity(milliseconds max_wait) {
  milliseconds wait = std::clamp(max_wait, milliseconds{0}, milliseconds{INT_MAX});
  if (in_flight_ < max_in_flight_) {
    if (const auto first = due_.earliest()) {
      const auto until = std::chrono::ceil<milliseconds>(*first - clock_.now());
      wait = std::clamp(until, milliseconds{0}, wait);
    }
  }
  curl_multi_poll(multi_, nullptr, 0, static_cast<int>(wait.count()), nullptr);
}

std::vector<Result> Fetcher::Impl::poll(milliseconds max_wait) {
  apply_inbox();
  sweep_hosts();
  drive();
  std::vector<Result> results = collect_finished();
  start_due_transfers();
  if (results.empty()) {
    wait_for_activity(max_wait);
    apply_inbox();  // a request() may have woken us
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
    out.push_back({name, source.next_due, source.failures, source.interval, source.priority});
  }
  return out;
}

Fetcher::Fetcher(const Options& opts, const core::Clock& clock)
    : impl_(std::make_unique<Impl>(opts, clock)) {}
Fetcher::~Fetcher() = default;
void Fetcher::set_sources(std::vector<SourceSpec> sources) { impl_->set_sources(std::move(sources)); }
std::vector<Result> Fetcher::poll(std::chrono::milliseconds max_wait) { return impl_->poll(max_wait); }
void Fetcher::wake() { impl_->wake(); }
bool Fetcher::request(OneShot r) { return impl_->request(std::move(r)); }
void Fetcher::cancel_requests(const std::string& source) { impl_->cancel_requests(source); }
std::size_t Fetcher::queued_requests() const { return impl_->queued_requests(); }
void Fetcher::report(const std::string& source, const Feedback& feedback) { impl_->report(source, feedback); }
void Fetcher::report_new_items(const std::string& source, std::size_t n) { report(source, {n, std::nullopt}); }
std::size_t Fetcher::in_flight() const { return impl_->in_flight(); }
std::vector<Fetcher::SourceState> Fetcher::states() const { return impl_->states(); }

}  // namespace fetch
