#include "config/config.h"

#include <gtest/gtest.h>

using namespace std::chrono_literals;

// Given the spellings an operator writes, we should read them as the durations they mean.
TEST(ParseDuration, ReadsUnitsAndCombinations) {
  const std::pair<std::string_view, std::chrono::milliseconds> cases[] = {
      {"5m", 5min}, {"1s", 1s}, {"250ms", 250ms}, {"1h30m", 90min}, {"2h", 2h},
      {"1m30s", 90s}, {"0s", 0ms}, {"1s500ms", 1500ms}, {"90m", 90min},
  };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    ASSERT_TRUE(config::parse_duration(text).has_value());
    EXPECT_EQ(*config::parse_duration(text), expected);
  }
}

// Given text that is not a duration, we should say so rather than guess a unit.
TEST(ParseDuration, RejectsMalformedText) {
  for (std::string_view text : {"", "5", "m", "5 m", " 5m", "5m ", "-5m", "+5m", "1.5s", "5d", "5M", "1h30",
                                "99999999999999999999s", "999999999999h"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(config::parse_duration(text).has_value());
  }
}
