#include <gtest/gtest.h>

#include "parse/parser.h"

namespace {

struct DateCase {
  const char* input;
  const char* expected;  // nullptr = not a date
};

std::string formatted(std::string_view input) {
  const auto t = parse::parse_date(input);
  return t ? core::format_utc(*t) : "null";
}

// Given the date spellings feeds use, we should get the same instant in UTC (or nothing).
TEST(ParseDate, GivenCommonFeedDateSpellings_WeShouldConvertThemToUtc) {
  const DateCase cases[] = {
      {"Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"},
      {"Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"},
      {"Mon, 26 January 2004 16:31:00 PT", "2004-01-27T00:31:00Z"},
      {"Tue, 10 Jun 2025 14:05:00 +0300", "2025-06-10T11:05:00Z"},
      {"Tue, 10 Jun 2025 14:05:00 MSK", "2025-06-10T11:05:00Z"},
      {"Tue, 10 Jun 2025 14:05 +03:30", "2025-06-10T10:35:00Z"},
      {"Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"},
      {"2025-06-10T14:05:00+03:00", "2025-06-10T11:05:00Z"},
      {"2025-06-10T14:05:00.123Z", "2025-06-10T14:05:00Z"},
      {"2025-06-10", "2025-06-10T00:00:00Z"},
      {"2025-06-10 14:05:00", "2025-06-10T14:05:00Z"},
      {"2024-02-28T18:00:00-08:00", "2024-02-29T02:00:00Z"},
      {"", nullptr},
      {"yesterday", nullptr},
      {"Sun, 31 Feb 2025 10:00:00 GMT", nullptr},
      {"Sun, 16 Dec 2012 1:2:3:4 GMT", nullptr},
  };
  for (const DateCase& c : cases) {
    EXPECT_EQ(formatted(c.input), c.expected ? c.expected : "null") << c.input;
  }
}

}  // namespace
