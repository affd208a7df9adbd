#include <gtest/gtest.h>

#include "fixture.h"

namespace {

using parsetest::parse_fixture;
using parsetest::utc;

// Given a JSON Feed 1.1 served with no content type, we should detect it by content and map
// every field (relative URLs resolved against the fetch URL, numbers kept as text).
TEST(JsonFeed, GivenAVersion11Feed_WeShouldReadFeedAndItems) {
  parse::HttpContext http;
  http.url = "https://steppe.example.test/feed.json";
  const parse::Feed f = parse_fixture("jsonfeed11.json", http);
  EXPECT_FALSE(f.bozo) << f.bozo_message;
  EXPECT_EQ(f.version, "json11");
  EXPECT_EQ(f.feed.title, "Steppe Wire");
  EXPECT_EQ(f.feed.subtitle, "Dispatches from the steppe.");
  EXPECT_EQ(f.feed.link, "https://steppe.example.test/");
  EXPECT_EQ(f.feed.language, "ru-RU");
  EXPECT_EQ(f.feed.author, "Steppe Wire desk");
  ASSERT_EQ(f.entries.size(), 2u);
  const parse::Entry& e = f.entries[0];
  EXPECT_EQ(e.id, "sw-1001");
  EXPECT_EQ(e.link, "https://steppe.example.test/2025/01/17/treaty");
  EXPECT_EQ(e.title, "Partnership treaty signed in Moscow");
  EXPECT_EQ(e.content, "<p>The presidents signed a <b>20-year</b> treaty.</p>");
  EXPECT_EQ(e.summary, "Twenty-year partnership treaty signed.");
  EXPECT_EQ(utc(e.published), "2025-01-17T09:30:00Z");
  EXPECT_EQ(utc(e.updated), "2025-01-18T08:00:00Z");
  EXPECT_EQ(e.author, "N. Petrova");
  EXPECT_EQ(e.tags, (std::vector<std::string>{"diplomacy", "treaties"}));
  ASSERT_EQ(e.enclosures.size(), 1u);
  EXPECT_EQ(e.enclosures[0].type, "audio/mpeg");
  EXPECT_EQ(e.enclosures[0].length, "40960");
  ASSERT_EQ(e.media.size(), 1u);
  EXPECT_EQ(e.media[0].medium, "image");
  EXPECT_EQ(e.language, "en");
}

// Given an item with a numeric id, only external_url, content_text and a date in words, we
// should keep the item, fall back field by field, and count the date as unparseable.
TEST(JsonFeed, GivenASparseItem_WeShouldFallBackAndCountTheBadDate) {
  const parse::Feed f = parse_fixture("jsonfeed11.json");
  ASSERT_EQ(f.entries.size(), 2u);
  const parse::Entry& e = f.entries[1];
  EXPECT_EQ(e.id, "1002");
  EXPECT_EQ(e.link, "https://elsewhere.example.test/story");
  EXPECT_EQ(e.content, "Plain text only.");
  EXPECT_EQ(e.summary, "Plain text only.");
  EXPECT_FALSE(e.published.has_value());
  EXPECT_TRUE(e.bad_date);
  EXPECT_EQ(f.bad_dates, 1u);
}

// Given a JSON Feed 1.0 with the single "author" object, we should read it as version json1.
TEST(JsonFeed, GivenAVersion10Feed_WeShouldReadTheAuthorObject) {
  const parse::Feed f = parse_fixture("jsonfeed10.json");
  EXPECT_EQ(f.version, "json1");
  EXPECT_EQ(f.feed.author, "Old Desk");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].content, "Body");
}

// Given a JSON Feed cut off in the middle of an item, we should flag bozo and keep the items
// read before the cut.
TEST(JsonFeed, GivenATruncatedFeed_WeShouldSetBozoAndKeepCompleteItems) {
  const parse::Feed f = parse_fixture("jsonfeed-truncated.json");
  EXPECT_TRUE(f.bozo);
  EXPECT_EQ(f.version, "json11");
  ASSERT_GE(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title, "Complete item");
}

// Given JSON that is no feed, or a JSON Feed behind a BOM and an application/feed+json type,
// we should tell them apart by content alone.
TEST(JsonFeed, GivenJsonThatIsNoFeed_WeShouldReportNoVersion) {
  const parse::Feed no_feed = parse::parse_feed(R"({"hello": "world"})", {});
  EXPECT_TRUE(no_feed.bozo);
  EXPECT_EQ(no_feed.version, "");
  parse::HttpContext http;
  http.content_type = "application/feed+json";
  const parse::Feed feed = parse::parse_feed(
      "\xEF\xBB\xBF  {\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"x\"}]}", http);
  EXPECT_FALSE(feed.bozo) << feed.bozo_message;
  EXPECT_EQ(feed.version, "json11");
  EXPECT_EQ(feed.entries.size(), 1u);
}

// Given JSON with invalid UTF-8 inside a string, we should repair the bytes, not fail.
TEST(JsonFeed, GivenInvalidUtf8_WeShouldStillReadTheItems) {
  const parse::Feed f = parse::parse_feed(
      "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"id\":\"1\",\"title\":\"caf\xE9\"}]}",
      {});
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title, "caf\u00e9");
}

}  // namespace
