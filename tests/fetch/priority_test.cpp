// Priority tiers: when more is due than may start, high starts before normal before low.
#include <gtest/gtest.h>

#include "fetcher_fixture.h"

using namespace std::chrono_literals;
using fetch::Outcome;
using fetch::Priority;
using fetchtest::poll_until;
using fetchtest::Results;

namespace {

class PriorityTest : public fetchtest::FetcherTest {
 protected:
  static fetch::SourceSpec tiered(const std::string& name, Priority priority) {
    const std::string file = name + ".xml";
    write_file(file, fetchtest::kFeed);
    fetch::SourceSpec spec = source(name, std::string("/").append(file));
    spec.priority = priority;
    return spec;
  }
};

// Given max_in_flight=1 and a due source of each tier (named so that name order is the reverse),
// we should start them high, normal, low.
TEST_F(PriorityTest, HigherTiersStartFirst) {
  opts_.max_in_flight = 1;
  auto& fetcher = make_fetcher();
  fetcher.set_sources({tiered("a-low", Priority::low), tiered("b-normal", Priority::normal),
                       tiered("c-high", Priority::high)});
  const Results r = poll_until(fetcher, 3);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].source, "c-high");
  EXPECT_EQ(r[1].source, "b-normal");
  EXPECT_EQ(r[2].source, "a-low");
}

// Given a low source that has waited longer than a high one, we should still start the high one
// first; within a tier, the most overdue first.
TEST_F(PriorityTest, TierBeatsOverdueWithinTierOldestFirst) {
  opts_.max_in_flight = 1;
  auto& fetcher = make_fetcher();
  fetcher.set_sources({tiered("old-low", Priority::low), tiered("old-high", Priority::high)});
  ASSERT_EQ(poll_until(fetcher, 2).size(), 2u);
  fetcher.set_sources({tiered("old-low", Priority::low), tiered("old-high", Priority::high),
                       tiered("new-high", Priority::high)});
  clock_.advance(10min);  // the old ones are now ~9 minutes overdue, the new one 10
  const Results r = poll_until(fetcher, 3);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].source, "new-high");
  EXPECT_EQ(r[1].source, "old-high");
  EXPECT_EQ(r[2].source, "old-low");
}

// Given a source whose priority changes in set_sources, we should apply the new tier at once and
// keep its state: validators (the next poll is a 304) and schedule.
TEST_F(PriorityTest, ChangingPriorityKeepsState) {
  opts_.max_in_flight = 1;
  auto& fetcher = make_fetcher();
  fetcher.set_sources({tiered("rising", Priority::low), tiered("steady", Priority::normal)});
  ASSERT_EQ(poll_until(fetcher, 2).size(), 2u);
  const auto due_before = fetcher.states().at(0).next_due;
  fetcher.set_sources({tiered("rising", Priority::high), tiered("steady", Priority::normal)});
  ASSERT_EQ(fetcher.states().at(0).name, "rising");
  EXPECT_EQ(fetcher.states().at(0).priority, Priority::high);
  EXPECT_EQ(fetcher.states().at(0).next_due, due_before);
  clock_.advance(2min);
  const Results r = poll_until(fetcher, 2);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].source, "rising");
  EXPECT_EQ(r[0].outcome, Outcome::not_modified);
  EXPECT_EQ(r[1].outcome, Outcome::not_modified);
}

}  // namespace
