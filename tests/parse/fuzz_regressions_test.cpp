// Inputs that once crashed or hung a fuzz target (fuzz/parse/), replayed through the same
// entry points; plus hostile shapes a fuzzer's small inputs cannot reach.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "parse/parser.h"
#include "support/paths.h"

namespace {

void parse_everything(const std::string& bytes) {
  // fuzz_parse_feed reads its HTTP context from the first two bytes: replay the rest unprefixed.
  if (bytes.size() > 2) {
    const std::string body = bytes.substr(2);
    auto exact = std::make_unique<char[]>(body.size());  // exactly sized, as libFuzzer's buffer
    std::memcpy(exact.get(), body.data(), body.size());
    for (const char* type : {"", "text/xml", "text/plain", "application/feed+json"}) {
      (void)parse::parse_feed(std::string_view(exact.get(), body.size()), {"", type, "", ""});
    }
  }
  parse::Feed feed = parse::parse_feed(bytes, {"http://example.test/f.xml", "text/xml", "", ""}, 1737108000);
  EXPECT_TRUE(nlohmann::json::accept(parse::to_conformance_json(feed)));
  for (const parse::Entry& e : feed.entries) (void)parse::html_to_text(e.content);
  (void)parse::to_articles(std::move(feed), "fuzz");
  (void)parse::html_to_text(bytes);
  (void)parse::parse_date(bytes);
}

// Given every kept fuzz input, we should parse it without crashing and print valid JSON.
TEST(FuzzRegressions, GivenEveryKeptInput_WeShouldParseIt) {
  const std::filesystem::path dir = testsupport::testdata_dir() + "/parse/testdata/fuzz-regressions";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no kept fuzz inputs";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename().string().front() == '.') continue;
    SCOPED_TRACE(entry.path().string());
    parse_everything(testsupport::read_file(entry.path()));
  }
}

// Given elements nested 200 000 deep inside a description, we should not exhaust the stack.
TEST(FuzzRegressions, GivenVeryDeepNesting_WeShouldNotOverflowTheStack) {
  std::string doc = "<rss version='2.0'><channel><item><description>";
  for (int i = 0; i < 200000; ++i) doc += "<b>";
  doc += "deep</description></item></channel></rss>";
  const parse::Feed f = parse::parse_feed(doc, {});
  EXPECT_TRUE(f.bozo);
  (void)parse::to_conformance_json(f);
  std::string json = "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":";
  for (int i = 0; i < 200000; ++i) json += "[";
  EXPECT_TRUE(parse::parse_feed(json, {}).bozo);
}

}  // namespace
