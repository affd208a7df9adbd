// When a source is due again after an attempt: interval after success, backoff after failure,
// Retry-After when the server asked for it. Internal to fetch/; pure and thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

#include "fetch/outcome.h"

namespace fetch {

/// What the scheduler needs to know about one finished attempt.
struct AttemptSummary {
  Outcome outcome;
  int consecutive_failures;                        ///< already counting this attempt
  std::optional<std::chrono::seconds> retry_after; ///< parsed Retry-After, if any
  std::optional<std::chrono::seconds> fresh_for;   ///< Cache-Control max-age / Expires lifetime
};

/// Scheduling knobs: the source's interval and the stage's backoff options.
struct SchedulePolicy {
  std::chrono::milliseconds interval;
  std::chrono::milliseconds backoff_base;
  std::chrono::milliseconds backoff_max;
  /// Ceiling for a cache lifetime that asks for a longer wait than `interval` (never below it).
  std::chrono::milliseconds fresh_max{0};
};

/// Bounds and steps for adaptive intervals (fetch::Options::adaptive_interval).
struct AdaptivePolicy {
  std::chrono::milliseconds min;  ///< never poll more often than this
  std::chrono::milliseconds max;  ///< never poll less often than this
};

/// Shortest wait we ever schedule, so no reply (Retry-After: 0, tiny intervals) can cause a hot loop.
inline constexpr std::chrono::milliseconds kMinDelay{100};

/// Delay until the next attempt. `uniform01` in [0, 1) supplies jitter: success adds up to 5% of
/// the interval; failure uses backoff_delay() capped at max(backoff_max, interval); a rate-limited
/// reply with Retry-After waits exactly that long (already clamped to kMaxRetryAfter). After a
/// success, a cache lifetime longer than the interval is a floor, capped at max(fresh_max, interval).
std::chrono::milliseconds next_delay(const AttemptSummary& attempt, const SchedulePolicy& policy,
                                     double uniform01);

/// The next interval of an adaptive source, learned from its last poll: a poll that brought new
/// items halves the interval (a busy wire feed converges to `min`), one that brought nothing
/// stretches it by a quarter (a quiet feed drifts to `max`). Always within [min, max].
std::chrono::milliseconds adapt_interval(std::chrono::milliseconds current, std::size_t new_items,
                                         const AdaptivePolicy& policy);

}  // namespace fetch
