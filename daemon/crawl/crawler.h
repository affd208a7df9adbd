// crawl: the article pages behind listing-page links and short feed items.
//
// The Crawler decides which pages to fetch and when, and remembers which item waits for which
// page; it does no I/O. Its requests go out through a callback (the daemon hands them to the
// fetcher, so they share the global and per-host limits with the feed polls) and each answer
// comes back through on_response().
//
// Politeness, per scheme://host:port: robots.txt is fetched before the first article of a host
// and trusted for robots_ttl; a disallowed page is never fetched; a Crawl-delay (capped) spaces
// the article fetches of that host, released by tick(). A listing link's page that cannot be
// fetched is tried again by tick() after retry_failed_after, three rounds in all, before it is
// settled as failed (its listing page may answer 304 for a long time and never offer it again);
// a feed item's page is settled at once (the item still has its summary). Bounded: at most
// max_pending items wait at once, and a page given up on is not asked for again before
// retry_failed_after.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/clock.h"

namespace crawl {

/// Crawl settings; config/ echoes these names and defaults (`crawl:`).
struct Options {
  bool respect_robots_txt = true;
  std::string user_agent;  ///< picks the robots.txt group
  std::chrono::milliseconds robots_ttl{std::chrono::hours(24)};
  std::size_t max_pending = 5000;
  std::chrono::milliseconds retry_failed_after{std::chrono::minutes(30)};
  std::chrono::milliseconds max_crawl_delay{std::chrono::seconds(30)};
};

/// Why an item waits for its page; carried through unchanged for the caller.
enum class Origin {
  listing,  ///< a link found on a listing page: the page is the item
  feed,     ///< a feed item with a short summary: the page gives its full text
};

/// A GET the crawler needs made. Ids are unique per Crawler and never 0.
struct Request {
  std::uint64_t id = 0;
  std::string source;  ///< the source the item came from
  std::string url;
};

/// How a request ended, as the fetcher saw it.
struct Response {
  std::uint64_t id = 0;
  bool ok = false;          ///< a 2xx body arrived
  long status = 0;          ///< final HTTP status, 0 when no response arrived
  std::string_view body;    ///< decoded body when ok
  std::string_view error;   ///< why it failed, when not ok
};

/// What want() did with an item.
enum class Ask {
  requested,        ///< its page is being fetched
  waiting,          ///< queued behind the host's robots.txt or Crawl-delay
  already_pending,  ///< another item already waits for the same page (this one is dropped)
  disallowed,       ///< robots.txt forbids the page
  backing_off,      ///< the page (or the host's robots.txt) failed recently
  full,             ///< max_pending items wait already, or the fetcher refused the request
  no_url,           ///< the item has no http(s) link
};

/// An item whose page fetch is over.
struct Settled {
  enum class How { fetched, failed, disallowed };
  core::Article item;
  Origin origin = Origin::listing;
  How how = How::fetched;
  std::string detail;  ///< the error, for failed
};

/// "requested", "waiting", ...: the metric label of an Ask.
std::string_view to_string(Ask ask);
/// "fetched", "failed", "disallowed".
std::string_view to_string(Settled::How how);

/// Thread-safe: every call takes an internal mutex (submit is called under it and must not call
/// back into the Crawler).
class Crawler {
 public:
  /// Hands a request to the fetcher; false when the fetcher cannot take it now.
  using Submit = std::function<bool(const Request&)>;

  /// Borrows `clock`.
  Crawler(Options options, const core::Clock& clock, Submit submit);
  ~Crawler();
  Crawler(const Crawler&) = delete;
  Crawler& operator=(const Crawler&) = delete;

  /// Asks for the page at item.link on behalf of `item`. Only requested and waiting keep the
  /// item; it comes back from on_response() once the page is fetched, failed or disallowed.
  Ask want(core::Article item, Origin origin);
  /// Applies the answer to one of our requests; returns the items it settles (none for an id we
  /// did not issue, or for a robots.txt that lets its host's items go ahead).
  std::vector<Settled> on_response(const Response& response);
  /// Sends the requests a Crawl-delay held back, and the next rounds of failed listing links,
  /// whose time has come. Call every few hundred ms.
  void tick();
  /// Drops the waiting items of a removed source (their late answers are ignored).
  void forget_source(const std::string& source);
  /// Items waiting or being fetched.
  std::size_t pending() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crawl
