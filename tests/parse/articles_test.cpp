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

// Given the cheaper Detail::articles parse, we should get the same Articles as from the full
// parse, for every fixture here: only the lists to_articles() does not read are left out.
TEST(ToArticles, GivenDetailArticles_WeShouldGetTheSameArticlesAsFromTheFullParse) {
  const parse::HttpContext http{"https://feeds.example.test/dir/feed.xml", "", "", ""};
  for (const char* name : {"rss20.xml", "rss10.xml", "atom10.xml", "mediarss.xml", "broken.xml",
                           "dates-mixed.xml", "jsonfeed10.json", "jsonfeed11.json"}) {
    const std::string bytes = parsetest::fixture(name);
    const parse::Feed full = parse::parse_feed(bytes, http, std::nullopt, parse::Detail::full);
    const parse::Feed lean = parse::parse_feed(bytes, http, std::nullopt, parse::Detail::articles);
    EXPECT_EQ(parse::to_articles(full, "s"), parse::to_articles(lean, "s")) << name;
    EXPECT_EQ(full.bozo, lean.bozo) << name;
    EXPECT_EQ(full.bad_dates, lean.bad_dates) << name;
  }
}

// Given Atom links in every order (other relations first, an empty href (the base), a relative href,
// an RSS <link> beside them), the cheaper parse should pick the same link and keep no lists.
TEST(ToArticles, GivenDetailArticles_WeShouldChooseTheLinkAsTheFullParseDoes) {
  const std::string atom = R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://wire.example.test/news/">
    <entry><id>a</id><link rel="replies" href="c#1"/><link rel="enclosure" href="a.mp3" length="9"/>
      <link href="/story/1"/><link rel="alternate" href="/story/other"/></entry>
    <entry><id>b</id><link rel="alternate" href=""/><link rel="alternate" type="text/html" href="two"/></entry>
    <entry><id>c</id><link rel="self" href="self.xml"/></entry>
  </feed>)";
  const std::string rss = R"(<rss version="2.0"><channel><item><guid>https://g.example.test/1</guid></item>
    <item><link>rel/3</link><link>https://x.example.test/second</link><enclosure url="e.mp3"/></item></channel></rss>)";
  const parse::HttpContext http{"https://feeds.example.test/dir/feed.xml", "", "", ""};
  for (const std::string& doc : {atom, rss}) {
    const parse::Feed full = parse::parse_feed(doc, http, std::nullopt, parse::Detail::full);
    const parse::Feed lean = parse::parse_feed(doc, http, std::nullopt, parse::Detail::articles);
    ASSERT_EQ(full.entries.size(), lean.entries.size());
    for (std::size_t i = 0; i < full.entries.size(); ++i) {
      EXPECT_EQ(full.entries[i].link, lean.entries[i].link) << i;
      EXPECT_TRUE(lean.entries[i].links.empty());
      EXPECT_TRUE(lean.entries[i].enclosures.empty());
    }
  }
  const parse::Feed lean = parse::parse_feed(atom, http, std::nullopt, parse::Detail::articles);
  EXPECT_EQ(lean.entries[0].link, "https://wire.example.test/story/1");
  EXPECT_EQ(lean.entries[1].link, "https://wire.example.test/news/");  // "" resolves to the base
  EXPECT_EQ(lean.entries[2].link, "");
  EXPECT_EQ(parse::parse_feed(rss, http, std::nullopt, parse::Detail::articles).entries[1].link,
            "https://feeds.example.test/dir/rel/3");
}

}  // namespace
