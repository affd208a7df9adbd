#include "config/byte_size.h"

#include <gtest/gtest.h>

using config::detail::parse_byte_size;

// Given a plain count or one with a binary or decimal unit, we should read the number of bytes.
TEST(ParseByteSize, ReadsCountsAndUnits) {
  const std::pair<std::string_view, std::uint64_t> cases[] = {
      {"16777216", 16777216}, {"512B", 512}, {"64KiB", 65536}, {"16MiB", 16777216},
      {"1GiB", 1073741824}, {"10kB", 10000}, {"10KB", 10000}, {"3MB", 3000000},
      {"1GB", 1000000000}, {"16 MiB", 16777216}, {"0", 0},
  };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    EXPECT_EQ(parse_byte_size(text), std::optional<std::uint64_t>(expected));
  }
}

// Given an unknown unit, a missing number or an overflow, we should refuse the value.
TEST(ParseByteSize, RejectsMalformedText) {
  for (std::string_view text : {"", "MiB", "16XB", "16mib", "16  MiB", "-1", "1.5MiB", "99999999999999999999GiB"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(parse_byte_size(text).has_value());
  }
}
