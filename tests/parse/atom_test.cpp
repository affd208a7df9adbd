#include <gtest/gtest.h>

#include "fixture.h"

namespace {

using parsetest::parse_fixture;
using parsetest::utc;

// Given an Atom 1.0 feed with xml:base, we should resolve links and ids against it.
TEST(Atom10, GivenXmlBase_WeShouldResolveRelativeLinks) {
  const parse::Feed f = parse_fixture("atom10.xml");
  EXPECT_FALSE(f.bozo) << f.bozo_message;
  EXPECT_EQ(f.version, "atom10");
  EXPECT_EQ(f.feed.link, "https://atom.example.test/");
  ASSERT_EQ(f.feed.links.size(), 2u);
  EXPECT_EQ(f.feed.links[1].href, "https://atom.example.test/base/feed.atom");
  EXPECT_EQ(f.feed.links[1].type, "application/atom+xml");  // Atom 1.0 default for rel=self
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[1].link, "https://other.example.test/x/y");  // nested xml:base
}

// Given an entry whose enclosure link comes first, we should still pick rel=alternate.
TEST(Atom10, GivenEnclosureBeforeAlternate_WeShouldPickTheAlternateLink) {
  const parse::Feed f = parse_fixture("atom10.xml");
  ASSERT_FALSE(f.entries.empty());
  const parse::Entry& e = f.entries[0];
  EXPECT_EQ(e.link, "https://atom.example.test/base/stories/transit");
  ASSERT_EQ(e.enclosures.size(), 1u);
  EXPECT_EQ(e.enclosures[0].href, "https://atom.example.test/base/media/clip.mp4");
  EXPECT_EQ(e.enclosures[0].length, "99");
}

// Given text constructs of each type, we should return HTML for html and unwrapped XHTML.
TEST(Atom10, GivenTextConstructs_WeShouldHonourTheirType) {
  const parse::Feed f = parse_fixture("atom10.xml");
  ASSERT_FALSE(f.entries.empty());
  EXPECT_EQ(f.feed.subtitle, "Trade &amp; treaties");
  EXPECT_EQ(f.entries[0].title, "Transit <em>agreement</em> extended");
  EXPECT_EQ(f.entries[0].summary, "Plain summary");
  EXPECT_EQ(f.entries[0].content, "<p>Body <b>text</b></p>");
}

// Given people, dates and languages, we should normalise them.
TEST(Atom10, GivenAuthorDatesAndLanguage_WeShouldNormaliseThem) {
  const parse::Feed f = parse_fixture("atom10.xml");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.feed.author, "Wire Staff (wire@example.test)");
  EXPECT_EQ(f.feed.language, "ru");
  EXPECT_EQ(f.entries[1].language, "fa");
  EXPECT_EQ(utc(f.entries[0].published), "2025-06-12T06:00:00Z");
  EXPECT_EQ(utc(f.entries[0].updated), "2025-06-12T06:30:00Z");
  EXPECT_EQ(f.entries[0].tags, std::vector<std::string>{"Transport"});
}

}  // namespace
