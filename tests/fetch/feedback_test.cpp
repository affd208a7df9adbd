// Per-source feedback from the processing stage: new items (adaptive intervals) and RSS <ttl>.
#include <gtest/gtest.h>

#include "fetcher_fixture.h"

using namespace std::chrono_literals;
using fetch::Outcome;
using fetchtest::poll_until;
using fetchtest::Results;

namespace {

using FeedbackTest = fetchtest::FetcherTest;

// Given an RSS <ttl> longer than the interval, reported after the fetch, we should move the next
// poll to the last start plus the ttl, capped at interval_max; a shorter ttl changes nothing.
TEST_F(FeedbackTest, TtlIsAFloorCappedAtIntervalMax) {
  write_file("ttl.xml", fetchtest::kFeed);
  opts_.interval_max = 1h;
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("ttl", "/ttl.xml", 1min)});
  const auto started = clock_.now();
  ASSERT_EQ(poll_until(fetcher, 1).size(), 1u);
  const auto scheduled = fetcher.states().at(0).next_due;

  fetcher.report("ttl", {1, 30s});  // shorter than the interval: no change
  fetcher.poll(0ms);
  EXPECT_EQ(fetcher.states().at(0).next_due, scheduled);

  fetcher.report("ttl", {0, 10min});
  fetcher.poll(0ms);
  EXPECT_EQ(fetcher.states().at(0).next_due, started + 10min);

  fetcher.report("ttl", {0, 5h});
  fetcher.poll(0ms);
  EXPECT_EQ(fetcher.states().at(0).next_due, started + 1h);
  fetcher.report("no-such-source", {0, 5h});  // ignored
  fetcher.poll(0ms);
}

// Given a ttl from the last ok fetch, we should keep applying it after a 304 (which carries no
// document), and drop it when a report comes without one.
TEST_F(FeedbackTest, TtlOutlivesNotModified) {
  write_file("ttl304.xml", fetchtest::kFeed);
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("ttl304", "/ttl304.xml", 1min)});
  ASSERT_EQ(poll_until(fetcher, 1).size(), 1u);
  fetcher.report("ttl304", {2, 20min});
  fetcher.poll(0ms);
  clock_.advance(20min);
  const Results second = poll_until(fetcher, 1);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].outcome, Outcome::not_modified);
  EXPECT_GE(second[0].next_attempt, clock_.now() + 20min);
  EXPECT_LE(second[0].next_attempt, clock_.now() + 21min);

  fetcher.report_new_items("ttl304", 0);  // a report without a ttl: the feed no longer gives one
  fetcher.poll(0ms);
  clock_.advance(21min);
  const Results third = poll_until(fetcher, 1);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_LE(third[0].next_attempt, clock_.now() + 63s);
}

// Given a source in backoff, we should leave its retry time alone whatever ttl is reported.
TEST_F(FeedbackTest, TtlDoesNotMoveABackoff) {
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("failing", "/__status/500?ttl", 1min)});
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  fetcher.report("failing", {0, 30min});
  fetcher.poll(0ms);
  EXPECT_EQ(fetcher.states().at(0).next_due, r[0].next_attempt);
}

}  // namespace
