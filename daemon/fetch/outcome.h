// How one fetch attempt ended. Shared by fetcher.h and the pure helpers in http_cache.h.
#pragma once

#include <string_view>

namespace fetch {

/// The result class of one HTTP attempt; also the `outcome` label value of fetch metrics.
enum class Outcome {
  ok,             ///< 2xx with a body
  not_modified,   ///< 304: our validators still match; body is empty
  http_error,     ///< any other HTTP status (3xx not followed, 4xx, 5xx)
  rate_limited,   ///< 429, or 503 with Retry-After
  blocked,        ///< 401 or 403
  timeout,        ///< connect or total timeout elapsed
  network_error,  ///< DNS, refused, reset, TLS, too many redirects, bad URL...
  too_large,      ///< body exceeded Options::max_body_bytes; transfer aborted
};

/// "ok", "not_modified", "http_error", "rate_limited", "blocked", "timeout", "network_error",
/// "too_large".
std::string_view to_string(Outcome outcome);

/// True for ok and not_modified: the source answered as it should and its backoff resets.
constexpr bool is_success(Outcome outcome) {
  return outcome == Outcome::ok || outcome == Outcome::not_modified;
}

}  // namespace fetch
