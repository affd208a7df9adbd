#include <gtest/gtest.h>

#include "extract/extractor.h"
#include "support/paths.h"

namespace {

std::string listing() {
  return testsupport::read_file(testsupport::testdata_dir() + "/extract/testdata/listing.html");
}

std::vector<std::string> urls(const std::vector<extract::Link>& links) {
  std::vector<std::string> out;
  for (const auto& l : links) out.push_back(l.url);
  return out;
}

TEST(FindArticleLinks, DiscoversSameSiteArticleLinksAutomatically) {
  // Given a section page with navigation, tag pages, an off-site link, a "More" link and a footer,
  // we should find just the two article links, resolved against <base href>, each once, with
  // their headline and date.
  auto links = extract::find_article_links(listing(), "https://lantern.example/world/");
  ASSERT_EQ(urls(links), (std::vector<std::string>{"https://lantern.example/world/2025/01/river-shipping-pact-signed",
                                                   "https://lantern.example/world/2025/01/14/rail-link-talks-resume"}));
  EXPECT_EQ(links[0].title, "Moscow and Tehran sign a river shipping pact");
  EXPECT_EQ(links[0].published, 1737106200);
  EXPECT_EQ(links[1].published, 1736812800);
}

TEST(FindArticleLinks, UsesTheConfiguredCssSelectors) {
  // Given a CSS link selector and title/date selectors, we should take exactly what they select.
  extract::ListingOptions o;
  o.link_selector = "article.teaser > h2 a";
  o.title_selector = "h2";
  o.date_selector = "time";
  auto links = extract::find_article_links(listing(), "https://lantern.example/world/", o);
  ASSERT_EQ(links.size(), 4u);  // the selector wins over automatic filtering
  EXPECT_EQ(links[2].url, "https://lantern.example/tag/shipping/");
  EXPECT_EQ(links[1].title, "Rail link talks resume after a long pause");
  EXPECT_EQ(links[1].published, 1736812800);
}

TEST(FindArticleLinks, UsesTheConfiguredXPath) {
  // Given an XPath link selector, we should select the same way.
  extract::ListingOptions o;
  o.link_selector = "//article[contains(@class,'teaser')]/h2/a[@href]";
  auto links = extract::find_article_links(listing(), "https://lantern.example/world/", o);
  EXPECT_EQ(links.size(), 4u);
  o.link_selector = "//nav//a";
  EXPECT_EQ(extract::find_article_links(listing(), "https://lantern.example/world/", o).size(), 2u);
}

TEST(FindArticleLinks, ABadSelectorFindsNothing) {
  // Given a selector outside the subset, we should find nothing rather than guess.
  extract::ListingOptions o;
  o.link_selector = "a:not(.x)";
  EXPECT_TRUE(extract::find_article_links(listing(), "https://lantern.example/", o).empty());
}

TEST(FindFeeds, ListsAlternateFeedLinksResolved) {
  // Given a home page with RSS and Atom alternates and a stylesheet, we should print the feeds.
  EXPECT_EQ(extract::find_feeds(listing(), "https://lantern.example/"),
            (std::vector<std::string>{"https://lantern.example/world/rss.xml", "https://lantern.example/atom.xml"}));
}

TEST(ResolveUrl, FollowsRfc3986) {
  // Given the RFC 3986 §5.4 examples (and a few more), we should resolve them the same way.
  const std::string b = "http://a/b/c/d;p?q";
  EXPECT_EQ(extract::resolve_url(b, "g"), "http://a/b/c/g");
  EXPECT_EQ(extract::resolve_url(b, "./g"), "http://a/b/c/g");
  EXPECT_EQ(extract::resolve_url(b, "g/"), "http://a/b/c/g/");
  EXPECT_EQ(extract::resolve_url(b, "/g"), "http://a/g");
  EXPECT_EQ(extract::resolve_url(b, "//g"), "http://g/");
  EXPECT_EQ(extract::resolve_url(b, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(extract::resolve_url(b, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(extract::resolve_url(b, "../g"), "http://a/b/g");
  EXPECT_EQ(extract::resolve_url(b, "../../../g"), "http://a/g");
  EXPECT_EQ(extract::resolve_url(b, ""), "http://a/b/c/d;p?q");
  EXPECT_EQ(extract::resolve_url("https://x.example", "p"), "https://x.example/p");
  EXPECT_EQ(extract::resolve_url(b, "HTTPS://Other/x"), "https://Other/x");
}

}  // namespace
