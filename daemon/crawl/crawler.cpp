#include "crawl/crawler.h"

#include <algorithm>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/url.h"
#include "crawl/robots.h"

namespace crawl {
namespace {

using TimePoint = core::Clock::TimePoint;
using std::chrono::milliseconds;

// How long a host whose robots.txt could not be read (5xx, network) is left alone: RFC 9309 §2.3.1.3
// says to assume complete disallow while the file is unreachable.
constexpr milliseconds kRobotsUnreachableFor = std::chrono::minutes(10);
// failed_ (links that failed recently) is pruned of expired entries when it grows past this.
constexpr std::size_t kFailedPruneAt = 50000;
// Fetch rounds of a listing link's page (each itself retried by the fetcher on transient errors),
// crawl.retry_failed_after apart, before it is given up as failed.
constexpr int kListingRounds = 3;
// hosts (robots.txt rules) are pruned of idle, expired entries when they grow past this.
constexpr std::size_t kHostsPruneAt = 20000;

// "scheme://host:port" (lower case) and the path + query of an http(s) URL; nullopt otherwise.
struct UrlParts {
  std::string origin;
  std::string path;
};

std::optional<UrlParts> split_url(std::string_view url) {
  std::string origin = core::url_origin(url);
  if (origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) return std::nullopt;
  if (origin.size() == origin.find("://") + 3) return std::nullopt;  // no host
  return UrlParts{std::move(origin), core::url_path(url)};
}

}  // namespace

std::string_view to_string(Ask ask) {
  switch (ask) {
    case Ask::requested: return "requested";
    case Ask::waiting: return "waiting";
    case Ask::already_pending: return "already_pending";
    case Ask::disallowed: return "disallowed";
    case Ask::backing_off: return "backing_off";
    case Ask::full: return "full";
    case Ask::no_url: return "no_url";
  }
  return "unknown";
}

std::string_view to_string(Settled::How how) {
  switch (how) {
    case Settled::How::fetched: return "fetched";
    case Settled::How::failed: return "failed";
    case Settled::How::disallowed: return "disallowed";
  }
  return "unknown";
}

struct Crawler::Impl {
  // An item waiting for its page (keyed by the page URL: one fetch per page).
  struct Waiting {
    core::Article item;
    Origin origin;
    std::string origin_host;  // Host key
    std::string path;
    std::uint64_t request = 0;  // 0 while queued behind robots.txt or Crawl-delay, or between rounds
    int rounds = 0;             // failed fetch rounds so far (listing links)
    TimePoint retry_at{};       // when the next round starts
  };
  // What we know of one scheme://host:port.
  struct Host {
    enum class Robots { unknown, fetching, known, unreachable } robots = Robots::unknown;
    std::optional<crawl::Robots> rules;  // known without rules: allow all (no robots.txt)
    TimePoint robots_until{};            // known/unreachable until then
    std::uint64_t robots_request = 0;
    std::string robots_source;           // the source its robots.txt request was made for
    milliseconds delay{0};               // Crawl-delay
    TimePoint next_release{};
    std::deque<std::string> queue;       // page URLs waiting, in arrival order
  };
  // An outstanding request: a page (url) or a host's robots.txt (robots_of).
  struct Outstanding {
    std::string url;
    std::string robots_of;
  };

  Options opts;
  const core::Clock& clock;
  Submit submit;
  mutable std::mutex mu;
  std::uint64_t next_id = 0;
  std::unordered_map<std::string, Waiting> waiting;  // by page URL
  std::unordered_map<std::uint64_t, Outstanding> requests;
  std::unordered_map<std::string, Host> hosts;
  std::unordered_set<std::string> paced;  // hosts with a queue held back by Crawl-delay
  std::unordered_set<std::string> retrying;  // page URLs of listing links waiting for their next round
  std::unordered_map<std::string, TimePoint> failed;  // page URL → not asked for again before

  Impl(Options o, const core::Clock& c, Submit s) : opts(std::move(o)), clock(c), submit(std::move(s)) {}

  Ask want(core::Article item, Origin origin);
  std::vector<Settled> on_response(const Response& r);
  void tick();
  void forget_source(const std::string& source);

  bool robots_fresh(const Host& h, TimePoint now) const {
    return (h.robots == Host::Robots::known || h.robots == Host::Robots::unreachable) && now < h.robots_until;
  }
  bool allowed(const Host& h, const std::string& path) const { return !h.rules || h.rules->allowed(path); }
  bool request_robots(const std::string& key, Host& host, const std::string& source);
  Ask dispatch(const std::string& url, Waiting& w, Host& host, TimePoint now);
  void release_queue(const std::string& key, Host& host, std::vector<Settled>& out);
  Settled settle(const std::string& url, Settled::How how, std::string detail);
  void prune_failed(TimePoint now);
  void prune_hosts(TimePoint now);
};

Ask Crawler::Impl::want(core::Article item, Origin origin) {
  const std::string url = item.link;
  auto parts = split_url(url);
  if (!parts) return Ask::no_url;
  if (waiting.count(url)) return Ask::already_pending;
  const TimePoint now = clock.now();
  if (auto f = failed.find(url); f != failed.end()) {
    if (now < f->second) return Ask::backing_off;
    failed.erase(f);
  }
  if (waiting.size() >= opts.max_pending) return Ask::full;
  prune_hosts(now);
  Host& host = hosts[parts->origin];
  if (opts.respect_robots_txt) {
    if (robots_fresh(host, now)) {
      if (host.robots == Host::Robots::unreachable) return Ask::backing_off;
      if (!allowed(host, parts->path)) return Ask::disallowed;
    } else if (host.robots != Host::Robots::fetching && !request_robots(parts->origin, host, item.source)) {
      return Ask::full;
    }
  }
  Waiting& w = waiting[url] = Waiting{std::move(item), origin, parts->origin, parts->path};
  if (opts.respect_robots_txt && host.robots == Host::Robots::fetching) {
    host.queue.push_back(url);
    return Ask::waiting;
  }
  const Ask ask = dispatch(url, w, host, now);
  if (ask == Ask::full) waiting.erase(url);
  return ask;
}

bool Crawler::Impl::request_robots(const std::string& key, Host& host, const std::string& source) {
  const Request r{++next_id, source, key + "/robots.txt"};
  if (!submit(r)) return false;
  requests[r.id] = Outstanding{"", key};
  host.robots = Host::Robots::fetching;
  host.robots_request = r.id;
  host.robots_source = source;
  return true;
}

// Sends the page request now, or queues it when the host's Crawl-delay has not passed (or other
// pages of the host are queued already, to keep their order).
Ask Crawler::Impl::dispatch(const std::string& url, Waiting& w, Host& host, TimePoint now) {
  if (host.delay.count() > 0 && (now < host.next_release || !host.queue.empty())) {
    host.queue.push_back(url);
    paced.insert(w.origin_host);
    return Ask::waiting;
  }
  const Request r{++next_id, w.item.source, url};
  if (!submit(r)) return Ask::full;
  requests[r.id] = Outstanding{url, ""};
  w.request = r.id;
  host.next_release = now + host.delay;
  return Ask::requested;
}

Settled Crawler::Impl::settle(const std::string& url, Settled::How how, std::string detail) {
  auto it = waiting.find(url);
  Settled s{std::move(it->second.item), it->second.origin, how, std::move(detail)};
  waiting.erase(it);
  return s;
}

// After a robots.txt answer: the queued pages of the host are disallowed, sent, or (Crawl-delay)
// left for tick().
void Crawler::Impl::release_queue(const std::string& key, Host& host, std::vector<Settled>& out) {
  const TimePoint now = clock.now();
  std::deque<std::string> queue;
  queue.swap(host.queue);
  while (!queue.empty()) {
    std::string url = std::move(queue.front());
    queue.pop_front();
    auto it = waiting.find(url);
    if (it == waiting.end()) continue;  // its source was removed
    if (host.robots == Host::Robots::unreachable) {
      out.push_back(settle(url, Settled::How::failed, "robots.txt of " + key + " is unreachable"));
    } else if (!allowed(host, it->second.path)) {
      out.push_back(settle(url, Settled::How::disallowed, "disallowed by " + key + "/robots.txt"));
    } else if (dispatch(url, it->second, host, now) == Ask::full) {
      // The fetcher is full: keep it for tick() rather than lose it.
      host.queue.push_back(url);
      paced.insert(key);
    }
  }
}

std::vector<Settled> Crawler::Impl::on_response(const Response& r) {
  std::vector<Settled> out;
  auto req = requests.find(r.id);
  if (req == requests.end()) return out;
  Outstanding what = std::move(req->second);
  requests.erase(req);
  const TimePoint now = clock.now();
  if (!what.robots_of.empty()) {
    auto h = hosts.find(what.robots_of);
    if (h == hosts.end() || h->second.robots_request != r.id) return out;
    Host& host = h->second;
    host.robots_request = 0;
    host.rules.reset();
    host.delay = milliseconds{0};
    if (r.ok) {
      host.rules.emplace(r.body, opts.user_agent);
      if (auto d = host.rules->crawl_delay())
        host.delay = std::min(opts.max_crawl_delay, milliseconds(static_cast<std::int64_t>(*d * 1000)));
    }
    // 2xx: its rules; 4xx: no rules (allow all); 5xx or no answer: unreachable, assume disallow.
    const bool unreachable = !r.ok && (r.status < 400 || r.status >= 500);
    host.robots = unreachable ? Host::Robots::unreachable : Host::Robots::known;
    host.robots_until = now + (unreachable ? std::min(kRobotsUnreachableFor, opts.robots_ttl) : opts.robots_ttl);
    release_queue(what.robots_of, host, out);
    return out;
  }
  auto w = waiting.find(what.url);
  if (w == waiting.end() || w->second.request != r.id) return out;  // forgotten meanwhile
  if (r.ok) {
    out.push_back(settle(what.url, Settled::How::fetched, ""));
    return out;
  }
  // A listing link exists only on its page, which may not change (and then answers 304) for a
  // long time: its fetch is tried again here, in rounds, rather than left to a later poll.
  if (w->second.origin == Origin::listing && ++w->second.rounds < kListingRounds) {
    w->second.request = 0;
    w->second.retry_at = now + opts.retry_failed_after;
    retrying.insert(what.url);
    return out;
  }
  prune_failed(now);
  failed[what.url] = now + opts.retry_failed_after;
  out.push_back(settle(what.url, Settled::How::failed, std::string(r.error)));
  return out;
}

void Crawler::Impl::tick() {
  const TimePoint now = clock.now();
  for (auto it = retrying.begin(); it != retrying.end();) {
    auto w = waiting.find(*it);
    if (w == waiting.end()) {
      it = retrying.erase(it);
      continue;
    }
    if (now < w->second.retry_at) {
      ++it;
      continue;
    }
    Host& host = hosts[w->second.origin_host];
    if (dispatch(w->first, w->second, host, now) == Ask::full) {
      w->second.retry_at = now + std::chrono::seconds(1);  // the fetcher is full: soon again
      ++it;
      continue;
    }
    it = retrying.erase(it);
  }
  for (auto it = paced.begin(); it != paced.end();) {
    Host& host = hosts[*it];
    while (!host.queue.empty() && now >= host.next_release) {
      auto w = waiting.find(host.queue.front());
      if (w == waiting.end()) {
        host.queue.pop_front();
        continue;
      }
      const Request r{++next_id, w->second.item.source, w->first};
      if (!submit(r)) break;  // still full: next tick
      requests[r.id] = Outstanding{w->first, ""};
      w->second.request = r.id;
      host.next_release = now + host.delay;
      host.queue.pop_front();
    }
    it = host.queue.empty() ? paced.erase(it) : std::next(it);
  }
}

void Crawler::Impl::forget_source(const std::string& source) {
  for (auto it = waiting.begin(); it != waiting.end();)
    it = it->second.item.source == source ? waiting.erase(it) : std::next(it);
  // Their requests may be cancelled and never answered: forget them too.
  for (auto it = requests.begin(); it != requests.end();)
    it = !it->second.url.empty() && !waiting.count(it->second.url) ? requests.erase(it) : std::next(it);
  // A robots.txt asked for on behalf of that source is cancelled with it: ask again for the
  // host's other waiting pages, or start afresh with the host's next page.
  for (auto& [key, host] : hosts) {
    if (host.robots != Host::Robots::fetching || host.robots_source != source) continue;
    requests.erase(host.robots_request);
    host.robots = Host::Robots::unknown;
    host.robots_request = 0;
    for (const std::string& url : host.queue) {
      auto w = waiting.find(url);
      if (w != waiting.end() && request_robots(key, host, w->second.item.source)) break;
    }
  }
}

void Crawler::Impl::prune_failed(TimePoint now) {
  if (failed.size() < kFailedPruneAt) return;
  for (auto it = failed.begin(); it != failed.end();) it = it->second <= now ? failed.erase(it) : std::next(it);
  if (failed.size() >= kFailedPruneAt) failed.clear();  // all recent: forget rather than grow
}

// Hosts are remembered for their robots.txt; the idle ones whose rules expired go when many pile up.
void Crawler::Impl::prune_hosts(TimePoint now) {
  if (hosts.size() < kHostsPruneAt) return;
  for (auto it = hosts.begin(); it != hosts.end();) {
    const Host& h = it->second;
    const bool idle = h.queue.empty() && h.robots != Host::Robots::fetching && now >= h.robots_until;
    it = idle ? hosts.erase(it) : std::next(it);
  }
}

Crawler::Crawler(Options options, const core::Clock& clock, Submit submit)
    : impl_(std::make_unique<Impl>(std::move(options), clock, std::move(submit))) {}
Crawler::~Crawler() = default;

Ask Crawler::want(core::Article item, Origin origin) {
  std::lock_guard lock(impl_->mu);
  return impl_->want(std::move(item), origin);
}

std::vector<Settled> Crawler::on_response(const Response& response) {
  std::lock_guard lock(impl_->mu);
  return impl_->on_response(response);
}

void Crawler::tick() {
  std::lock_guard lock(impl_->mu);
  impl_->tick();
}

void Crawler::forget_source(const std::string& source) {
  std::lock_guard lock(impl_->mu);
  impl_->forget_source(source);
}

std::size_t Crawler::pending() const {
  std::lock_guard lock(impl_->mu);
  return impl_->waiting.size();
}

}  // namespace crawl
