// Polls HTTP(S) news sources on their own schedules with conditional GETs, backoff and size caps.
// libcurl stays behind this header: one multi handle drives every transfer, no thread per feed.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "fetch/outcome.h"

namespace fetch {

/// Fetch stage options; config/ echoes these names and defaults.
struct Options {
  std::chrono::milliseconds connect_timeout{std::chrono::seconds{10}};  ///< TCP + TLS handshake limit
  std::chrono::milliseconds total_timeout{std::chrono::seconds{30}};    ///< whole-transfer limit, redirects included
  std::size_t max_body_bytes = 16 * 1024 * 1024;   ///< decoded body cap; larger → too_large
  long max_redirects = 5;                          ///< redirects followed per attempt
  std::size_t max_in_flight = 64;                  ///< concurrent transfers across all sources
  std::chrono::milliseconds backoff_base{std::chrono::seconds{10}};     ///< first retry delay after a failure
  std::chrono::milliseconds backoff_max{std::chrono::minutes{30}};    ///< backoff ceiling (a longer interval wins)
  std::string user_agent;                          ///< empty → default_user_agent()
  std::size_t per_host_max_in_flight = 6;          ///< concurrent transfers to one scheme://host:port
  std::chrono::milliseconds per_host_min_interval{0};  ///< least time between two starts on one host; 0: off
  bool adaptive_interval = false;                  ///< learn each source's interval from its new items
  std::chrono::milliseconds interval_min{std::chrono::minutes{1}};  ///< adaptive lower bound
  std::chrono::milliseconds interval_max{std::chrono::hours{1}};    ///< adaptive upper bound; cap on
                                                   ///< Cache-Control/Expires lifetimes (or the interval if longer)
  std::size_t max_queued_requests = 10000;         ///< one-shots waiting or running; more are refused
};

/// Scheduling tier of a source: when more sources are due than may start, higher tiers start first.
enum class Priority { high, normal, low };

/// One configured source. `name` identifies it across set_sources() calls.
struct SourceSpec {
  std::string name;                    ///< unique, stable name (metric label)
  std::string url;                     ///< http:// or https:// only
  std::chrono::milliseconds interval;  ///< time between successful polls
  Priority priority = Priority::normal;
};

/// A one-off GET outside any schedule: an article page behind a listing-page link or a short feed
/// item, or a robots.txt. No validators are sent; the body cap and timeouts are the same.
struct OneShot {
  std::uint64_t id = 0;     ///< non-zero, chosen by the caller; echoed in Result::request_id
  std::string source;       ///< the source it is for (logs, metrics); need not be a configured source
  std::string url;
  Priority priority = Priority::high;
  int max_attempts = 3;     ///< transient failures (network error, timeout, 5xx, 429) are retried with
                            ///< backoff (Retry-After honoured) until this many attempts in all
};

/// One finished attempt of a source, or the last attempt of a one-shot.
struct Result {
  std::string source;         ///< SourceSpec::name
  std::string url;            ///< the URL requested
  std::string effective_url;  ///< the URL after redirects
  Outcome outcome = Outcome::network_error;
  long http_status = 0;       ///< final status, 0 when no response arrived
  std::string body;           ///< decoded (gzip/deflate); empty on 304 and on failure
  std::string content_type;
  std::string content_language;
  std::string content_location;
  std::string etag;           ///< validator now held for the source (this response's or the kept one)
  std::string last_modified;  ///< likewise
  std::size_t bytes = 0;      ///< body bytes received on the wire (before decoding)
  double seconds = 0;         ///< transfer time
  std::chrono::steady_clock::time_point finished;  ///< when the transfer ended (real steady clock)
  std::string error;          ///< human-readable cause on failure, empty on success
  std::chrono::steady_clock::time_point next_attempt;  ///< when this source is due again ({} for a one-shot)
  int consecutive_failures = 0;                         ///< 0 after a success
  std::uint64_t request_id = 0;  ///< OneShot::id, 0 for a scheduled poll
  int attempts = 1;              ///< attempts made (one-shots)
};

/// "newswatchd/<version> (+https://github.com/newswatch/newswatch)".
std::string default_user_agent();

/// Polls every source on its own schedule and runs one-shot requests, all on one libcurl multi
/// handle, so both share max_in_flight, the per-host limits and the connection pool.
/// A failing source is always rescheduled (backoff, or Retry-After for 429/503), never parked.
/// Not thread-safe, except where a method says so: one thread owns the Fetcher and calls poll()
/// in a loop.
class Fetcher {
 public:
  /// Borrows `clock` (used for schedules only; libcurl's timeouts run on real time).
  Fetcher(const Options& opts, const core::Clock& clock);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  /// Replaces the source list. Unchanged sources keep validators, backoff and schedule (a new
  /// priority too); a changed URL resets them; removed or changed sources have their transfer
  /// aborted (no Result). New sources are due immediately. One-shots are not affected.
  void set_sources(std::vector<SourceSpec> sources);

  /// Starts due transfers (higher priority first, then most overdue, at most max_in_flight),
  /// waits up to `max_wait` for network activity or wake(), and returns the attempts that
  /// finished meanwhile.
  std::vector<Result> poll(std::chrono::milliseconds max_wait);

  /// Interrupts a poll() in progress, or makes the next one return promptly. Thread-safe.
  void wake();

  /// Queues a one-shot. Thread-safe; applied by the next poll(), which it wakes. False when
  /// max_queued_requests one-shots are already queued or running (try again later), or when
  /// `r.id` is 0. Exactly one Result per accepted request, after its last attempt (success or
  /// final failure), unless cancelled. A Retry-After longer than backoff_max ends it.
  bool request(OneShot r);
  /// Drops queued and running one-shots of `source` (e.g. the source was removed); no Result
  /// follows for them, though one already returned by poll() may still be on its way. Thread-safe.
  void cancel_requests(const std::string& source);
  /// One-shots queued or running. Thread-safe.
  std::size_t queued_requests() const;

  /// What the processing stage learned from a source's last ok fetch.
  struct Feedback {
    std::size_t new_items = 0;                ///< previously unseen items (adaptive intervals)
    std::optional<std::chrono::seconds> ttl;  ///< RSS <ttl>; nullopt: the feed gave none
  };
  /// Thread-safe; applied by the next poll(); unknown sources are ignored. The ttl is a floor on
  /// the next poll from the last start (capped like a Cache-Control lifetime), kept for the 304s
  /// that follow until the next report replaces it.
  void report(const std::string& source, const Feedback& feedback);
  /// report(source, {n, std::nullopt}) (so it also drops a kept ttl): adaptive intervals learn
  /// from it (a 304 counts as none by itself). Thread-safe.
  void report_new_items(const std::string& source, std::size_t n);

  /// Transfers currently running.
  std::size_t in_flight() const;

  /// Schedule snapshot of one source.
  struct SourceState {
    std::string name;
    std::chrono::steady_clock::time_point next_due;
    int consecutive_failures;
    std::chrono::milliseconds interval;  ///< the current (possibly learned) interval
    Priority priority = Priority::normal;
  };
  /// Every configured source, ordered by name.
  std::vector<SourceState> states() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fetch
