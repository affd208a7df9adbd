#include "config/suggest.h"

#include <gtest/gtest.h>

#include <array>

using config::detail::nearest;

constexpr std::array<std::string_view, 4> kSourceKeys{"name", "url", "kind", "interval"};

// Given a key one or two edits from an allowed one, we should suggest that key.
TEST(Nearest, SuggestsLikelyTypos) {
  EXPECT_EQ(nearest("intervl", kSourceKeys), "interval");
  EXPECT_EQ(nearest("nmae", kSourceKeys), "name");
  EXPECT_EQ(nearest("URL", kSourceKeys), std::nullopt);  // three edits: not a typo
  EXPECT_EQ(nearest("uri", kSourceKeys), "url");
}

// Given a word far from every candidate, too short to judge, or equally near two, we should not guess.
TEST(Nearest, StaysQuietWhenUnsure) {
  EXPECT_EQ(nearest("colour", kSourceKeys), std::nullopt);
  EXPECT_EQ(nearest("x", kSourceKeys), std::nullopt);
  constexpr std::array<std::string_view, 2> twins{"atom", "auto"};
  EXPECT_EQ(nearest("atmo", twins), std::nullopt);
}
