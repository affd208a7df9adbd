#include <gtest/gtest.h>

#include "fixture.h"

namespace {

using parsetest::parse_fixture;
using parsetest::utc;

constexpr core::UnixSeconds kNow = 1737108000;  // 2025-01-17T10:00:00Z

// Given dates that cannot be parsed (in the channel and in an item), we should keep every
// item, leave those dates null, flag the entry and count them on the feed.
TEST(DateCounts, GivenUnparseableDates_WeShouldKeepItemsAndCountThem) {
  const parse::Feed f = parse_fixture("dates-mixed.xml");
  ASSERT_EQ(f.entries.size(), 5u);
  EXPECT_EQ(f.bad_dates, 2u);  // lastBuildDate and one pubDate
  EXPECT_FALSE(f.feed.updated.has_value());
  EXPECT_FALSE(f.entries[1].published.has_value());
  EXPECT_TRUE(f.entries[1].bad_date);
  EXPECT_FALSE(f.entries[0].bad_date);
  EXPECT_FALSE(f.entries[4].bad_date);  // no date at all is not a bad date
  EXPECT_EQ(utc(f.entries[0].published), "2025-01-17T07:00:00Z");
}

// Given a reference time, we should clamp dates beyond the slack to it and flag the entry once,
// and leave dates within the slack alone.
TEST(DateCounts, GivenDatesInTheFuture_WeShouldClampAndFlagThem) {
  const parse::Feed f = parse::parse_feed(parsetest::fixture("dates-mixed.xml"), {}, kNow);
  ASSERT_EQ(f.entries.size(), 5u);
  EXPECT_EQ(f.future_dates, 2u);
  EXPECT_TRUE(f.entries[2].future_date);
  EXPECT_EQ(f.entries[2].published, kNow);
  EXPECT_EQ(f.entries[2].updated, kNow);
  EXPECT_TRUE(f.entries[3].future_date);  // 2 h 05 ahead: beyond the 15 min slack
  EXPECT_FALSE(f.entries[0].future_date);
  EXPECT_EQ(utc(f.entries[0].published), "2025-01-17T07:00:00Z");
}

// Given no reference time, we should report dates as written (the conformance view).
TEST(DateCounts, GivenNoReferenceTime_WeShouldNotClamp) {
  const parse::Feed f = parse_fixture("dates-mixed.xml");
  EXPECT_EQ(f.future_dates, 0u);
  EXPECT_EQ(utc(f.entries[2].published), "2050-01-01T00:00:00Z");
}

// Given a date just inside the slack, we should leave it as written.
TEST(DateCounts, GivenADateWithinTheSlack_WeShouldKeepIt) {
  const parse::Feed f = parse::parse_feed(
      "<rss version='2.0'><channel><item><pubDate>Fri, 17 Jan 2025 10:10:00 GMT</pubDate></item>"
      "</channel></rss>", {}, kNow);
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_FALSE(f.entries[0].future_date);
  EXPECT_EQ(utc(f.entries[0].published), "2025-01-17T10:10:00Z");
}

}  // namespace
