#include "extract/extractor.h"

#include <gtest/gtest.h>

#include "support/paths.h"

namespace {

std::string fixture(const std::string& name) {
  return testsupport::read_file(testsupport::testdata_dir() + "/extract/testdata/" + name);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(ExtractArticle, KeepsTheStoryAndDropsThePageFurniture) {
  // Given an article page with a cookie notice, navigation, byline, share bar, caption, related
  // list, comments and footer, we should keep the body paragraphs, subheading and list in order
  // and nothing else — not even the headline, which is metadata.
  auto a = extract::extract_article(fixture("article.html"), "https://lantern.example/world/x");
  EXPECT_TRUE(has(a.text, "Officials from both capitals put their names")) << a.text;
  EXPECT_TRUE(has(a.text, "What changes for traders"));
  EXPECT_TRUE(has(a.text, "One shared electronic manifest for cargo"));
  EXPECT_LT(a.text.find("Officials"), a.text.find("Analysts said"));
  for (const char* junk : {"cookies", "Business", "By Mira", "Share on", "Photo:", "Related stories",
                           "Caspian summit", "shipping industry", "Copyright", "sign a river shipping pact"})
    EXPECT_FALSE(has(a.text, junk)) << junk << " in:\n" << a.text;
  EXPECT_TRUE(has(a.text, "Volga and the Caspian Sea.\n\nThe accord")) << "paragraphs are separated by a blank line";
}

TEST(ExtractArticle, ReadsMetadataFromJsonLdOpenGraphAndHtml) {
  // Given JSON-LD, OpenGraph and a canonical link, we should report title, author, date (UTC),
  // language and the canonical URL resolved against the page URL.
  auto a = extract::extract_article(fixture("article.html"), "https://lantern.example/world/x");
  EXPECT_EQ(a.title, "Moscow and Tehran sign a river shipping pact");
  EXPECT_EQ(a.author, "Mira Castellan");
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(*a.published, 1737095400);  // 2025-01-17T06:30:00Z
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.canonical_url, "https://lantern.example/world/2025/01/river-shipping-pact-signed");
}

TEST(ExtractArticle, TranscodesDeclaredEncodings) {
  // Given a windows-1251 page declared by <meta http-equiv>, we should return UTF-8 text.
  auto a = extract::extract_article(fixture("cp1251.html"));
  EXPECT_EQ(a.text, "Москва и Тегеран подписали договор.");
  EXPECT_EQ(a.title, "Привет");
}

TEST(ToUtf8, FollowsBomThenHeaderThenMetaThenFallsBackToWindows1252) {
  // Given bytes with different encoding clues, we should pick the right one in the HTML order.
  EXPECT_EQ(extract::to_utf8("\xEF\xBB\xBF" "caf\xC3\xA9"), "café");
  EXPECT_EQ(extract::to_utf8("caf\xE9", "text/html; charset=ISO-8859-1"), "café");
  EXPECT_EQ(extract::to_utf8("<meta charset=\"koi8-r\">\xF0\xD2\xC9"), "<meta charset=\"koi8-r\">При");
  EXPECT_EQ(extract::to_utf8("undeclared caf\xE9"), "undeclared café");
  EXPECT_EQ(extract::to_utf8("<meta charset=utf-8>ok \xFF"), "<meta charset=utf-8>ok \xEF\xBF\xBD");
  EXPECT_EQ(extract::to_utf8("<meta charset=\"no-such-charset\">plain"), "<meta charset=\"no-such-charset\">plain");
}

TEST(ExtractArticle, DecodesEntitiesAndToleratesBrokenMarkup) {
  // Given unclosed tags and entities, we should still find the text, decoded.
  auto a = extract::extract_article(
      "<body><div><p>Tom &amp; Jerry&nbsp;signed the &quot;accord&quot; on the bank of a river, "
      "after a long, long negotiation, with several pauses, lawyers, and coffee<p>Second para");
  EXPECT_TRUE(has(a.text, "Tom & Jerry\xC2\xA0signed the \"accord\"")) << a.text;
  EXPECT_TRUE(has(a.text, "\n\nSecond para"));
}

TEST(ExtractArticle, BadInputIsAnEmptyResultNotACrash) {
  // Given empty, binary and pathologically nested input, we should return without crashing.
  EXPECT_EQ(extract::extract_article("").text, "");
  EXPECT_NO_THROW(extract::extract_article(std::string("\x00\xFF\xFE<<<>>>&#xFFFFFFFF;", 18)));
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "<div>";
  deep += "<p>deep text, with commas, inside many divs and more words to be a paragraph</p>";
  EXPECT_NO_THROW(extract::extract_article(deep));
  EXPECT_GT(extract::parse_only(deep), 0u);
}

}  // namespace
