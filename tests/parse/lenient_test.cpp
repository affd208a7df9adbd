#include <gtest/gtest.h>

#include "fixture.h"

namespace {

using parsetest::parse_fixture;

// Given a truncated feed with HTML entities and bare ampersands, we should flag bozo and still
// recover the items before the damage.
TEST(Lenient, GivenABrokenFeed_WeShouldSetBozoAndRecoverItems) {
  const parse::Feed f = parse_fixture("broken.xml");
  EXPECT_TRUE(f.bozo);
  EXPECT_FALSE(f.bozo_message.empty());
  EXPECT_EQ(f.version, "rss20");
  EXPECT_EQ(f.feed.title, "Broken\u00a0Feed");
  ASSERT_GE(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].title, "Salt & pepper talks");
  EXPECT_EQ(f.entries[0].link, "https://broken.example.test/1?a=1&b=2");
  EXPECT_EQ(f.entries[1].title, "Unknown &doesnotexist; stays");
}

// Given nothing at all, we should report bozo rather than a silently empty result.
TEST(Lenient, GivenAnEmptyDocument_WeShouldSetBozo) {
  const parse::Feed f = parse::parse_feed("", {});
  EXPECT_TRUE(f.bozo);
  EXPECT_EQ(f.version, "");
  EXPECT_TRUE(f.entries.empty());
}

// Given an HTML page instead of a feed, we should say it is not a feed.
TEST(Lenient, GivenAnHtmlPage_WeShouldReportNoVersionAndBozo) {
  const parse::Feed f = parse::parse_feed("<html><body><p>hi</p></body></html>", {});
  EXPECT_TRUE(f.bozo);
  EXPECT_EQ(f.version, "");
}

// Given a non-XML HTTP content type, we should parse anyway but flag bozo.
TEST(Lenient, GivenTextPlainContentType_WeShouldSetBozo) {
  parse::HttpContext http;
  http.content_type = "text/plain";
  const parse::Feed f = parse::parse_feed("<rss version=\"2.0\"><channel><title>t</title></channel></rss>", http);
  EXPECT_TRUE(f.bozo);
  EXPECT_EQ(f.feed.title, "t");
}

// Given an undeclared namespace prefix, we should flag bozo but keep the element's value.
TEST(Lenient, GivenAnUndeclaredPrefix_WeShouldSetBozo) {
  const parse::Feed f = parse::parse_feed(
      "<rss version=\"2.0\"><channel><item><dc:creator>X</dc:creator></item></channel></rss>", {});
  EXPECT_TRUE(f.bozo);
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].author, "X");
}

// Given windows-1252 punctuation smuggled in as C1 characters, we should map it ("demoronize").
TEST(Lenient, GivenC1CharacterReferences_WeShouldMapThemToWindows1252) {
  const parse::Feed f = parse::parse_feed(
      "<rss version=\"2.0\"><channel><title>it&#146;s</title></channel></rss>", {});
  EXPECT_EQ(f.feed.title, "it\u2019s");
}

}  // namespace
