#include "fetch/http_cache.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using fetch::Outcome;

namespace {

constexpr double kNow = 1'445'412'480.0;  // Wed, 21 Oct 2015 07:28:00 GMT

struct RetryAfterCase {
  std::string header;
  std::optional<std::chrono::seconds> expected;
};

}  // namespace

// Given Retry-After values in every form servers send, we should return the wait in seconds,
// clamped to [0, 6 h], and nullopt for garbage.
TEST(HttpCache, ParsesRetryAfter) {
  const std::vector<RetryAfterCase> cases = {
      {"120", 120s},
      {"  7 ", 7s},
      {"0", 0s},
      {"99999999", fetch::kMaxRetryAfter},
      {"99999999999999999999", fetch::kMaxRetryAfter},
      {"Wed, 21 Oct 2015 07:30:00 GMT", 120s},     // IMF-fixdate
      {"Wednesday, 21-Oct-15 07:29:00 GMT", 60s},  // RFC 850
      {"Wed Oct 21 07:28:30 2015", 30s},           // asctime
      {"Wed, 21 Oct 2015 07:00:00 GMT", 0s},       // in the past
      {"Thu, 21 Oct 2049 07:00:00 GMT", fetch::kMaxRetryAfter},
      {"", std::nullopt},
      {"soon", std::nullopt},
      {"-5", std::nullopt},
      {"1.5", std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(fetch::parse_retry_after(c.header, kNow), c.expected) << "header: " << c.header;
  }
}

// Given growing failure counts, we should double the ceiling up to the cap and keep the delay
// within [ceiling/2, ceiling] for any jitter draw.
TEST(HttpCache, BackoffDoublesWithEqualJitterAndCap) {
  struct Case { int failures; double u; std::chrono::milliseconds expected; };
  const std::vector<Case> cases = {
      {1, 0.0, 5s},   {1, 0.999999, 9999ms}, {2, 0.0, 10s}, {3, 0.5, 30s},
      {0, 0.0, 5s},   {-3, 0.0, 5s},         {10, 0.0, 30s}, {10, 1.0, 60s},
      {1000, 1.0, 60s}, {2, 7.0, 20s},       {2, -1.0, 10s},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(fetch::backoff_delay(c.failures, 10s, 60s, c.u), c.expected)
        << "failures=" << c.failures << " u=" << c.u;
  }
}

// Given each class of HTTP status, we should map it to the outcome the scheduler acts on.
TEST(HttpCache, ClassifiesStatus) {
  struct Case { long status; bool retry_after; Outcome expected; };
  const std::vector<Case> cases = {
      {200, false, Outcome::ok},          {204, false, Outcome::ok},
      {304, false, Outcome::not_modified}, {301, false, Outcome::http_error},
      {401, false, Outcome::blocked},     {403, false, Outcome::blocked},
      {404, false, Outcome::http_error},  {410, false, Outcome::http_error},
      {429, false, Outcome::rate_limited}, {429, true, Outcome::rate_limited},
      {503, false, Outcome::http_error},  {503, true, Outcome::rate_limited},
      {500, true, Outcome::http_error},   {0, false, Outcome::network_error},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(fetch::classify_status(c.status, c.retry_after), c.expected) << c.status;
  }
}

// Given every outcome, we should name it with a stable snake_case metric label.
TEST(HttpCache, NamesOutcomes) {
  EXPECT_EQ(fetch::to_string(Outcome::ok), "ok");
  EXPECT_EQ(fetch::to_string(Outcome::not_modified), "not_modified");
  EXPECT_EQ(fetch::to_string(Outcome::http_error), "http_error");
  EXPECT_EQ(fetch::to_string(Outcome::rate_limited), "rate_limited");
  EXPECT_EQ(fetch::to_string(Outcome::blocked), "blocked");
  EXPECT_EQ(fetch::to_string(Outcome::timeout), "timeout");
  EXPECT_EQ(fetch::to_string(Outcome::network_error), "network_error");
  EXPECT_EQ(fetch::to_string(Outcome::too_large), "too_large");
}

// Given Cache-Control and Expires headers, we should derive the response's freshness lifetime,
// max-age first, and none when the server forbids caching or says nothing usable.
TEST(FreshnessLifetime, MaxAgeThenExpiresThenNothing) {
  const double now = 1445412480;  // Wed, 21 Oct 2015 07:28:00 GMT
  EXPECT_EQ(fetch::freshness_lifetime("public, max-age=600", "", "", now), 600s);
  EXPECT_EQ(fetch::freshness_lifetime("MAX-AGE = \"90\"", "", "", now), 90s);
  EXPECT_EQ(fetch::freshness_lifetime("max-age=60", "Wed, 21 Oct 2015 09:28:00 GMT", "", now), 60s)
      << "max-age wins over Expires";
  EXPECT_EQ(fetch::freshness_lifetime("", "Wed, 21 Oct 2015 07:38:00 GMT", "", now), 600s);
  EXPECT_EQ(fetch::freshness_lifetime("", "Wed, 21 Oct 2015 07:38:00 GMT", "Wed, 21 Oct 2015 07:33:00 GMT", now),
            300s)
      << "Expires counts from the server's Date when given";
  EXPECT_EQ(fetch::freshness_lifetime("", "Wed, 21 Oct 2015 07:00:00 GMT", "", now), 0s) << "already stale";
  EXPECT_EQ(fetch::freshness_lifetime("max-age=99999999999999", "", "", now), fetch::kMaxRetryAfter);
  EXPECT_EQ(fetch::freshness_lifetime("no-cache", "Wed, 21 Oct 2015 07:38:00 GMT", "", now), std::nullopt);
  EXPECT_EQ(fetch::freshness_lifetime("max-age=abc", "", "", now), std::nullopt);
  EXPECT_EQ(fetch::freshness_lifetime("", "0", "", now), std::nullopt);
  EXPECT_EQ(fetch::freshness_lifetime("", "", "", now), std::nullopt);
}
