#include <gtest/gtest.h>

#include "fixture.h"

namespace {

// Given a parsed feed, we should produce one Article per entry carrying the source name.
TEST(ToArticles, GivenEntries_WeShouldProduceOneArticleEach) {
  const auto articles = parse::to_articles(parsetest::parse_fixture("rss20.xml"), "caspian");
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_EQ(articles[0].source, "caspian");
  EXPECT_EQ(articles[0].id, "pact-2025-06");
  EXPECT_EQ(articles[0].link, "https://news.example.test/2025/06/pact");
  EXPECT_EQ(articles[0].categories, (std::vector<std::string>{"Diplomacy", "Energy"}));
  EXPECT_EQ(core::format_utc(articles[0].published.value_or(0)), "2025-06-10T11:05:00Z");
}

// Given languages at several levels, we should prefer entry, then feed, then HTTP.
TEST(ToArticles, GivenLanguagesAtSeveralLevels_WeShouldFallBackInOrder) {
  const auto atom = parse::to_articles(parsetest::parse_fixture("atom10.xml"), "wire");
  ASSERT_EQ(atom.size(), 2u);
  EXPECT_EQ(atom[0].language, "ru");  // inherited from the feed
  EXPECT_EQ(atom[1].language, "fa");  // the entry's own xml:lang

  parse::HttpContext http;
  http.content_language = "hy";
  const auto plain = parse::to_articles(
      parse::parse_feed("<rss version=\"2.0\"><channel><item><title>t</title></item></channel></rss>", http),
      "plain");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].language, "hy");
}

}  // namespace
