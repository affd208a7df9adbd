#include "fetch/schedule.h"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using fetch::Outcome;

namespace {
const fetch::SchedulePolicy kPolicy{5min, 10s, 30min};
}

// Given a success, we should wait the interval plus at most 5% jitter.
TEST(Schedule, SuccessWaitsIntervalWithSmallJitter) {
  EXPECT_EQ(fetch::next_delay({Outcome::ok, 0, std::nullopt, std::nullopt}, kPolicy, 0.0), 5min);
  EXPECT_EQ(fetch::next_delay({Outcome::not_modified, 0, std::nullopt, std::nullopt}, kPolicy, 0.999), 314985ms);
}

// Given a rate-limited reply with Retry-After, we should wait exactly that long.
TEST(Schedule, RateLimitHonoursRetryAfter) {
  EXPECT_EQ(fetch::next_delay({Outcome::rate_limited, 1, 2h, std::nullopt}, kPolicy, 0.3), 2h);
  EXPECT_EQ(fetch::next_delay({Outcome::rate_limited, 1, 0s, std::nullopt}, kPolicy, 0.3), fetch::kMinDelay);
}

// Given a rate-limited reply without Retry-After or any other failure, we should back off.
TEST(Schedule, FailureBacksOff) {
  EXPECT_EQ(fetch::next_delay({Outcome::rate_limited, 1, std::nullopt, std::nullopt}, kPolicy, 0.0), 5s);
  EXPECT_EQ(fetch::next_delay({Outcome::timeout, 3, std::nullopt, std::nullopt}, kPolicy, 1.0), 40s);
  EXPECT_EQ(fetch::next_delay({Outcome::http_error, 50, std::nullopt, std::nullopt}, kPolicy, 1.0), 30min);
}

// Given a source polled less often than backoff_max, we should let backoff grow to its interval
// and no further, so it is never parked for good.
TEST(Schedule, BackoffCeilingIsTheLongerOfMaxAndInterval) {
  const fetch::SchedulePolicy daily{24h, 10s, 30min};
  EXPECT_EQ(fetch::next_delay({Outcome::network_error, 60, std::nullopt, std::nullopt}, daily, 1.0), 24h);
}

// Given tiny configured delays, we should never schedule faster than kMinDelay.
TEST(Schedule, NeverHotLoops) {
  const fetch::SchedulePolicy tiny{1ms, 1ms, 2ms};
  EXPECT_EQ(fetch::next_delay({Outcome::ok, 0, std::nullopt, std::nullopt}, tiny, 0.0), fetch::kMinDelay);
  EXPECT_EQ(fetch::next_delay({Outcome::timeout, 1, std::nullopt, std::nullopt}, tiny, 0.0), fetch::kMinDelay);
}

// Given a cache lifetime longer than the interval, we should wait it out, but never beyond
// max(fresh_max, interval); a shorter lifetime changes nothing.
TEST(Schedule, CacheLifetimeIsAFloorWithACeiling) {
  const fetch::SchedulePolicy policy{5min, 10s, 30min, 1h};
  EXPECT_EQ(fetch::next_delay({Outcome::ok, 0, std::nullopt, 20min}, policy, 0.0), 20min);
  EXPECT_EQ(fetch::next_delay({Outcome::not_modified, 0, std::nullopt, 6h}, policy, 0.0), 1h);
  EXPECT_EQ(fetch::next_delay({Outcome::ok, 0, std::nullopt, 1min}, policy, 0.0), 5min);
  EXPECT_EQ(fetch::next_delay({Outcome::http_error, 1, std::nullopt, 6h}, policy, 0.0), 5s)
      << "a failure's lifetime means nothing";
}

// Given polls with and without new items, we should halve or stretch the interval, within bounds.
TEST(Schedule, AdaptiveIntervalFollowsNewItemsWithinBounds) {
  const fetch::AdaptivePolicy bounds{1min, 1h};
  EXPECT_EQ(fetch::adapt_interval(10min, 3, bounds), 5min);
  EXPECT_EQ(fetch::adapt_interval(10min, 0, bounds), 12min + 30s);
  EXPECT_EQ(fetch::adapt_interval(90s, 1, bounds), 1min);
  EXPECT_EQ(fetch::adapt_interval(55min, 0, bounds), 1h);
  std::chrono::milliseconds busy = 1h, quiet = 1min;
  for (int i = 0; i < 20; ++i) {
    busy = fetch::adapt_interval(busy, 5, bounds);
    quiet = fetch::adapt_interval(quiet, 0, bounds);
  }
  EXPECT_EQ(busy, 1min);
  EXPECT_EQ(quiet, 1h);
}
