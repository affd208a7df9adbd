#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "parse/parser.h"
#include "support/paths.h"

namespace {

// Given every feed of the shared conformance suite (well- and ill-formed, all encodings), we
// should return a result and valid JSON for each: bad input is an outcome, never a crash.
TEST(SharedCorpus, GivenEveryConformanceFeed_WeShouldNeverCrash) {
  const auto shared = testsupport::shared_dir();
  if (!shared) GTEST_SKIP() << "../shared is not available";
  const std::filesystem::path cases = *shared + "/conformance/feedparser/cases";
  if (!std::filesystem::exists(cases)) GTEST_SKIP() << "no conformance cases";
  std::size_t parsed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cases)) {
    if (!entry.is_regular_file()) continue;
    const parse::Feed feed = parse::parse_feed(testsupport::read_file(entry.path()), {});
    EXPECT_TRUE(nlohmann::json::accept(parse::to_conformance_json(feed))) << entry.path();
    for (const parse::Entry& e : feed.entries) (void)parse::html_to_text(e.content);
    ++parsed;
  }
  EXPECT_GT(parsed, 1000u);
}

// Given every feed of the shared suite, the cheaper Detail::articles parse (the daemon's) should
// give the very Articles the full parse gives.
TEST(SharedCorpus, GivenEveryConformanceFeed_DetailArticlesShouldGiveTheSameArticles) {
  const auto shared = testsupport::shared_dir();
  if (!shared) GTEST_SKIP() << "../shared is not available";
  const std::filesystem::path cases = *shared + "/conformance/feedparser/cases";
  if (!std::filesystem::exists(cases)) GTEST_SKIP() << "no conformance cases";
  const parse::HttpContext http{"http://example.test/base/feed.xml", "", "", ""};
  std::size_t compared = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cases)) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = testsupport::read_file(entry.path());
    const auto full = parse::to_articles(parse::parse_feed(bytes, http, std::nullopt, parse::Detail::full), "s");
    const auto lean = parse::to_articles(parse::parse_feed(bytes, http, std::nullopt, parse::Detail::articles), "s");
    EXPECT_EQ(full, lean) << entry.path();
    compared += full.size();
  }
  EXPECT_GT(compared, 1000u);
}

}  // namespace
