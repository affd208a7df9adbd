// Polls HTTP(S) news sources on their own schedules with conditional GETs, backoff and size caps.
// libcurl stays behind this header: one multi handle drives every transfer, no thread per feed.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
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
};

/// One configured source. `name` identifies it across set_sources() calls.
struct SourceSpec {
  std::string name;                    ///< unique, stable name (metric label)
  std::string url;                     ///< http:// or https:// only
  std::chrono::milliseconds interval;  ///< time between successful polls
};

/// One finished attempt.
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
  std::chrono::steady_clock::time_point next_attempt;  ///< when this source is due again
  int consecutive_failures = 0;                         ///< 0 after a success
};

/// "newswatchd/<version> (+https://github.com/newswatch/newswatch)".
std::string default_user_agent();

/// Polls every source on its own schedule. All transfers share one libcurl multi handle.
/// A failing source is always rescheduled (backoff, or Retry-After for 429/503), never parked.
/// Not thread-safe, except wake(): one thread owns the Fetcher and calls poll() in a loop.
class Fetcher {
 public:
  /// Borrows `clock` (used for schedules only; libcurl's timeouts run on real time).
  Fetcher(const Options& opts, const core::Clock& clock);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  /// Replaces the source list. Unchanged sources keep validators, backoff and schedule; a changed
  /// URL resets them; removed or changed sources have their transfer aborted (no Result).
  /// New sources are due immediately.
  void set_sources(std::vector<SourceSpec> sources);

  /// Starts due transfers (most overdue first, at most max_in_flight), waits up to `max_wait`
  /// for network activity or wake(), and returns the attempts that finished meanwhile.
  std::vector<Result> poll(std::chrono::milliseconds max_wait);

  /// Interrupts a poll() in progress, or makes the next one return promptly. Thread-safe.
  void wake();

  /// Tells the fetcher how many previously unseen items the last ok fetch of `source` carried,
  /// so adaptive intervals can learn (a 304 counts as none by itself). Thread-safe; applied by
  /// the next poll(). Unknown sources are ignored.
  void report_new_items(const std::string& source, std::size_t n);

  /// Transfers currently running.
  std::size_t in_flight() const;

  /// Schedule snapshot of one source.
  struct SourceState {
    std::string name;
    std::chrono::steady_clock::time_point next_due;
    int consecutive_failures;
    std::chrono::milliseconds interval;  ///< the current (possibly learned) interval
  };
  /// Every configured source, ordered by name.
  std::vector<SourceState> states() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fetch
