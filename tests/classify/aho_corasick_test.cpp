#include "classify/aho_corasick.h"

#include <gtest/gtest.h>

namespace classify {
namespace {

std::vector<std::pair<int, std::size_t>> ids_and_starts(const AhoCorasick& matcher, std::string_view text) {
  std::vector<AhoCorasick::Hit> hits;
  matcher.find_all(text, hits);
  std::vector<std::pair<int, std::size_t>> out;
  for (const auto& hit : hits) out.emplace_back(hit.id, hit.begin);
  std::sort(out.begin(), out.end());
  return out;
}

// Given overlapping patterns, we should report every occurrence with its position.
TEST(AhoCorasick, GivenOverlappingPatternsWeShouldReportEveryOccurrence) {
  AhoCorasick matcher;
  matcher.add("he", 0);
  matcher.add("she", 1);
  matcher.add("his", 2);
  matcher.add("hers", 3);
  matcher.compile();
  using V = std::vector<std::pair<int, std::size_t>>;
  EXPECT_EQ(ids_and_starts(matcher, "ushers"), (V{{0, 2}, {1, 1}, {3, 2}}));
  EXPECT_EQ(ids_and_starts(matcher, "xyz"), V{});
}

// Given multi-byte UTF-8 patterns, we should match them byte for byte.
TEST(AhoCorasick, GivenUtf8PatternsWeShouldMatchThem) {
  AhoCorasick matcher;
  matcher.add(" иран", 7);
  matcher.add("伊朗", 8);
  matcher.compile();
  using V = std::vector<std::pair<int, std::size_t>>;
  EXPECT_EQ(ids_and_starts(matcher, " с ираном и 伊朗"), (V{{7, 3}, {8, 20}}));
}

}  // namespace
}  // namespace classify
