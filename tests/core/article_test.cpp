#include "core/article.h"

#include <gtest/gtest.h>

// Given the treaty's signing time, we should print it as RFC 3339 UTC.
TEST(FormatUtc, PrintsRfc3339Utc) {
  EXPECT_EQ(core::format_utc(1737106200), "2025-01-17T09:30:00Z");
  EXPECT_EQ(core::format_utc(0), "1970-01-01T00:00:00Z");
}
