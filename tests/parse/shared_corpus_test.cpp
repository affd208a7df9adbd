#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "parse/parser.h"
#include "parse/stream_reader.h"
#include "support/paths.h"

namespace {

const parse::HttpContext kCaseHttp{"http://example.test/base/feed.xml", "", "", ""};

// The files of the shared conformance suite, or nullopt when ../shared is not beside the repo.
std::optional<std::vector<std::filesystem::path>> conformance_cases() {
  const auto shared = testsupport::shared_dir();
  if (!shared) return std::nullopt;
  const std::filesystem::path dir = *shared + "/conformance/feedparser/cases";
  if (!std::filesystem::exists(dir)) return std::nullopt;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  return files;
}

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
  const auto cases = conformance_cases();
  if (!cases) GTEST_SKIP() << "../shared (or its conformance cases) is not available";
  std::size_t compared = 0;
  for (const auto& path : *cases) {
    const std::string bytes = testsupport::read_file(path);
    const auto full = parse::to_articles(parse::parse_feed(bytes, kCaseHttp, std::nullopt, parse::Detail::full), "s");
    const auto lean = parse::to_articles(parse::parse_feed(bytes, kCaseHttp, std::nullopt, parse::Detail::articles), "s");
    EXPECT_EQ(full, lean) << path;
    compared += full.size();
  }
  EXPECT_GT(compared, 1000u);
}

// Given every feed of the shared suite, the daemon's parse with the one-pass reader allowed
// should give the very Feed and Articles the DOM reader gives.
TEST(SharedCorpus, GivenEveryConformanceFeed_TheOnePassReaderShouldAgreeWithTheDomReader) {
  const auto cases = conformance_cases();
  if (!cases) GTEST_SKIP() << "../shared (or its conformance cases) is not available";
  std::size_t compared = 0;
  for (const auto& path : *cases) {
    const std::string bytes = testsupport::read_file(path);
    using parse::XmlReader;
    const parse::Feed dom = parse::parse_feed(bytes, kCaseHttp, 1700000000, parse::Detail::articles, XmlReader::kDomOnly);
    const parse::Feed any =
        parse::parse_feed(bytes, kCaseHttp, 1700000000, parse::Detail::articles, XmlReader::kStreamWhenPossible);
    EXPECT_EQ(parse::to_conformance_json(any), parse::to_conformance_json(dom)) << path;
    EXPECT_EQ(any.bozo_message, dom.bozo_message) << path;
    EXPECT_EQ(any.bad_dates, dom.bad_dates) << path;
    EXPECT_EQ(any.ttl_seconds, dom.ttl_seconds) << path;
    EXPECT_EQ(parse::to_articles(any, "s"), parse::to_articles(dom, "s")) << path;
    compared += dom.entries.size();
  }
  EXPECT_GT(compared, 1000u);
}

}  // namespace
