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

template <std::size_t N>
void expect_dates(const DateCase (&cases)[N]) {
  for (const DateCase& c : cases) {
    EXPECT_EQ(formatted(c.input), c.expected ? c.expected : "null") << c.input;
  }
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
  expect_dates(cases);
}

// Given dates in the two layouts read at fixed places (RFC 822 "Www, DD Mmm YYYY HH:MM:SS" and
// ISO "YYYY-MM-DDTHH:MM:SS"), and near misses of them, we should read each exactly as the
// general token and field readers do: same instant, same rejections.
TEST(ParseDate, GivenTheUsualLayoutsAndTheirNearMisses_WeShouldReadThemAsTheGeneralReaders) {
  const DateCase cases[] = {
      {"Tue, 10 Jun 2025 14:05:00", "2025-06-10T14:05:00Z"},       // no zone: UTC
      {"tue, 10 jun 2025 14:05:00 gmt", "2025-06-10T14:05:00Z"},   // any case
      {"TUE, 10 JUN 2025 14:05:00 -0500", "2025-06-10T19:05:00Z"},
      {"Tue, 10 Jun 2025 14:05:00 +0330 (IRST)", nullptr},         // a token no reader knows
      {"Tue, 10 Jun 2025 14:05:00,GMT", "2025-06-10T14:05:00Z"},   // ',' separates too
      {"Tue, 10 Jun 2025 14:05:001 GMT", "2025-06-10T14:05:01Z"},  // not the layout: general reader
      {"Tue, 10 Jun 2025 14:05:00:00 GMT", nullptr},
      {"Tue, 45 Jun 2025 14:05:00 GMT", nullptr},                  // 45 is a year: two years
      {"Tue, 00 Jun 2025 14:05:00 GMT", nullptr},                  // day 0
      {"Jun, 10 Tue 2025 14:05:00 GMT", "2025-06-10T14:05:00Z"},   // names swapped: general reader
      {"Tue, 10 Jux 2025 14:05:00 GMT", nullptr},
      {"Tue, 31 Apr 2025 14:05:00 GMT", nullptr},                  // no 31 April
      {"Tue, 10 Jun 2025 24:00:00 GMT", "2025-06-11T00:00:00Z"},
      {"Tue, 10 Jun 2025 14:05:60 GMT", "2025-06-10T14:05:59Z"},   // leap second kept in the minute
      {"2025-06-10t14:05:00z", "2025-06-10T14:05:00Z"},
      {"2025-06-10T14:05:00", "2025-06-10T14:05:00Z"},
      {"2025-06-10T14:05:00,5-08:00", "2025-06-10T22:05:00Z"},
      {"2025-06-10T14:05:00 +01:00", "2025-06-10T13:05:00Z"},
      {"2025-06-10T14:05:00+0100", "2025-06-10T13:05:00Z"},
      {"2025-06-10T14:05:00+25:00", nullptr},
      {"2025-06-10T14:05:00X", nullptr},
      {"2025-06-10T14:05:001", nullptr},
      {"2025-06-10T14:05:00:00", nullptr},
      {"2025-13-10T14:05:00Z", nullptr},
      {"2025-02-29T14:05:00Z", nullptr},
  };
  expect_dates(cases);
}

}  // namespace
