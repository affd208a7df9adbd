// Pure HTTP caching and retry rules: no network, no clock reads; table-tested in
// tests/fetch/http_cache_test.cpp. All functions are thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "fetch/outcome.h"

namespace fetch {

/// The longest Retry-After we honour; a larger value is clamped to this.
inline constexpr std::chrono::seconds kMaxRetryAfter{6 * 3600};

/// Parses a Retry-After header value: delta-seconds ("120") or an HTTP-date
/// ("Wed, 21 Oct 2015 07:28:00 GMT"), relative to `now_wall` (Unix seconds).
/// Returns seconds to wait, clamped to [0, kMaxRetryAfter]; nullopt when unparsable.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view header, double now_wall);

/// How long a response stays fresh (RFC 9111 §4.2.1): Cache-Control max-age (s-maxage is for shared
/// caches and ignored), else Expires − Date (Date missing: Expires − `now_wall`). no-cache,
/// no-store without max-age mean "no lifetime". nullopt when none is given or
/// unparsable; otherwise clamped to [0, kMaxRetryAfter].
std::optional<std::chrono::seconds> freshness_lifetime(std::string_view cache_control, std::string_view expires,
                                                       std::string_view date, double now_wall);

/// Exponential backoff with "equal jitter": the ceiling is base * 2^(failures-1) capped at `max`,
/// and the delay is uniformly spread over [ceiling/2, ceiling] using `uniform01` in [0, 1).
/// So delays never collapse to zero and never shrink as failures grow. failures < 1 counts as 1.
std::chrono::milliseconds backoff_delay(int failures, std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, double uniform01);

/// Maps a final HTTP status to an outcome. 503 counts as rate limited only when the response
/// carried a usable Retry-After. Status 0 (no response) is a network error.
Outcome classify_status(long status, bool has_retry_after = false);

}  // namespace fetch
