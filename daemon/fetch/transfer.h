// One HTTP attempt for one source: owns its libcurl easy handle, request headers and the body
// received so far. Internal to fetch/. Not thread-safe; lives on the thread that polls.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "fetch/fetcher.h"

namespace fetch {

/// What to ask for: the source and the validators from its last good response.
struct Request {
  std::string source;
  std::string url;
  std::string etag;
  std::string last_modified;
  std::uint64_t oneshot = 0;  ///< the one-shot's internal key; 0 for a source's poll
  bool page = false;          ///< a web page rather than a feed: ask for HTML first
};

/// A finished attempt as seen by libcurl, before the fetcher schedules the source again.
struct Completed {
  Result result;                                   ///< next_attempt/consecutive_failures unset
  std::optional<std::chrono::seconds> retry_after; ///< parsed Retry-After of the final response
  std::optional<std::chrono::seconds> fresh_for;   ///< Cache-Control max-age / Expires lifetime
  bool permanent = false;  ///< a failure no retry can fix: bad URL or scheme, redirect loop
};

class Transfer {
 public:
  /// Configures `easy` (fresh or reset; not yet added to a multi handle) and takes it over; null
  /// makes a new one. The handle's CURLOPT_PRIVATE points back at this Transfer.
  Transfer(Request request, const Options& opts, const std::string& user_agent, CURL* easy = nullptr);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  /// The easy handle to add to / remove from a multi handle.
  CURL* handle() const { return easy_; }
  /// Gives the easy handle back (reset, for reuse); the Transfer must not be used afterwards.
  CURL* release();
  /// The source this attempt belongs to.
  const std::string& source() const { return request_.source; }
  /// Request::oneshot.
  std::uint64_t oneshot() const { return request_.oneshot; }

  /// Reads status, headers and timings once libcurl finished with `code`; moves the body out.
  /// `now_wall` (Unix seconds) resolves an HTTP-date Retry-After.
  Completed finish(CURLcode code, double now_wall);

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  void set_options(const Options& opts, const std::string& user_agent);
  std::string response_header(const char* name) const;
  Outcome outcome_of(CURLcode code, long status, bool has_retry_after) const;
  std::string error_text(CURLcode code, long status) const;

  Request request_;
  CURL* easy_;
  curl_slist* headers_ = nullptr;
  std::string body_;
  std::size_t max_body_bytes_;
  bool too_large_ = false;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace fetch
