#include <gtest/gtest.h>

#include "fixture.h"

namespace {

using parsetest::parse_fixture;
using parsetest::utc;

// Given a clean RSS 2.0 feed, we should read the channel without bozo.
TEST(Rss20, GivenAWellFormedChannel_WeShouldReadItsMetadata) {
  const parse::Feed f = parse_fixture("rss20.xml");
  EXPECT_FALSE(f.bozo) << f.bozo_message;
  EXPECT_EQ(f.version, "rss20");
  EXPECT_EQ(f.encoding, "utf-8");
  EXPECT_EQ(f.feed.title, "Caspian Desk");  // not <image><title>
  EXPECT_EQ(f.feed.link, "https://news.example.test/");
  EXPECT_EQ(f.feed.subtitle, "Regional diplomacy, briefly.");
  EXPECT_EQ(f.feed.language, "en-gb");
  EXPECT_EQ(f.feed.author, "desk@example.test (Caspian Desk)");
  EXPECT_EQ(utc(f.feed.updated), "2025-06-10T09:00:00Z");
  ASSERT_EQ(f.feed.links.size(), 2u);
  EXPECT_EQ(f.feed.links[1].rel, "self");
}

// Given an item using the usual extension namespaces, we should map each to its field.
TEST(Rss20, GivenAnItemWithExtensions_WeShouldMapEveryField) {
  const parse::Feed f = parse_fixture("rss20.xml");
  ASSERT_EQ(f.entries.size(), 2u);
  const parse::Entry& e = f.entries[0];
  EXPECT_EQ(e.title, "Tehran and Moscow sign & ratify a cooperation pact");
  EXPECT_EQ(e.link, "https://news.example.test/2025/06/pact");
  EXPECT_EQ(e.id, "pact-2025-06");
  EXPECT_EQ(e.summary, "<p>Short <b>summary</b>.</p>");
  EXPECT_EQ(e.content, "<p>The full text of the story.</p>");
  EXPECT_EQ(e.author, "A. Writer");
  EXPECT_EQ(utc(e.published), "2025-06-10T11:05:00Z");
  EXPECT_EQ(e.tags, (std::vector<std::string>{"Diplomacy", "Energy"}));
  ASSERT_EQ(e.enclosures.size(), 1u);
  EXPECT_EQ(e.enclosures[0].href, "https://news.example.test/a.mp3");
  EXPECT_EQ(e.enclosures[0].length, "1234");
}

// Given an item without <link> but with a permalink guid, we should use the guid as its link.
TEST(Rss20, GivenAPermalinkGuidAndNoLink_WeShouldUseTheGuidAsLink) {
  const parse::Feed f = parse_fixture("rss20.xml");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[1].link, "https://news.example.test/2025/06/second");
  EXPECT_EQ(utc(f.entries[1].updated), "2025-06-11T04:00:00Z");
  EXPECT_FALSE(f.entries[1].published.has_value());  // no fallback between the two dates
}

// Given an RSS 1.0 (RDF) document, we should find the items beside the channel.
TEST(Rss10, GivenAnRdfDocument_WeShouldReadChannelAndItems) {
  const parse::Feed f = parse_fixture("rss10.xml");
  EXPECT_FALSE(f.bozo) << f.bozo_message;
  EXPECT_EQ(f.version, "rss10");
  EXPECT_EQ(f.feed.title, "RDF Bulletin");
  EXPECT_EQ(f.feed.language, "de");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].id, "https://rdf.example.test/items/1");
  EXPECT_EQ(f.entries[0].author, "Bulletin Team");
  EXPECT_EQ(utc(f.entries[0].updated), "2025-06-13T00:00:00Z");
}

}  // namespace

namespace {

std::optional<std::int64_t> ttl_of(const std::string& doc) { return parse::parse_feed(doc, {}).ttl_seconds; }

// Given a channel <ttl> in minutes, we should give the scheduler seconds; given none, nullopt.
TEST(RssTtl, GivenAChannelTtl_WeShouldReportItInSeconds) {
  EXPECT_EQ(ttl_of("<rss version='2.0'><channel><title>t</title><ttl> 60 </ttl></channel></rss>"), 3600);
  EXPECT_EQ(ttl_of("<rss version='0.92'><channel><ttl>1</ttl></channel></rss>"), 60);
  EXPECT_EQ(ttl_of("<rss version='2.0'><channel><title>t</title></channel></rss>"), std::nullopt);
  // RSS 1.0 has no <ttl>, but when a channel carries one it means the same.
  EXPECT_EQ(ttl_of("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
                   "xmlns='http://purl.org/rss/1.0/'><channel><ttl>30</ttl></channel></rdf:RDF>"),
            1800);
}

// Given a ttl that is not a positive whole number of minutes, we should ignore it.
TEST(RssTtl, GivenAnInvalidTtl_WeShouldIgnoreIt) {
  for (const char* bad : {"0", "-5", "abc", "1.5", "", "60 minutes", "99999999999999999999"}) {
    EXPECT_EQ(ttl_of(std::string("<rss version='2.0'><channel><ttl>") + bad + "</ttl></channel></rss>"),
              std::nullopt)
        << bad;
  }
}

// Given a ttl outside the channel (an item's) or in Atom, we should not take it for the feed's.
TEST(RssTtl, GivenATtlElsewhere_WeShouldIgnoreIt) {
  EXPECT_EQ(ttl_of("<rss version='2.0'><channel><item><ttl>5</ttl></item></channel></rss>"), std::nullopt);
  EXPECT_EQ(ttl_of("<feed xmlns='http://www.w3.org/2005/Atom'><ttl>5</ttl></feed>"), std::nullopt);
  // The first of two counts.
  EXPECT_EQ(ttl_of("<rss version='2.0'><channel><ttl>2</ttl><ttl>3</ttl></channel></rss>"), 120);
}

}  // namespace
