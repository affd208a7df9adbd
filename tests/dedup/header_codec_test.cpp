#include <gtest/gtest.h>

#include "dedup/header_codec.h"

namespace {

// Given headers with empty, binary and delimiter-like bytes, we should get them back exactly.
TEST(HeaderCodec, RoundTrips) {
  const dedup::Headers h = {
      {"a", "1"}, {"", ""}, {"b:2", std::string("x\0y:3", 5)}, {"utf", "Иран"}};
  EXPECT_EQ(dedup::decode_headers(dedup::encode_headers(h)), h);
  EXPECT_EQ(dedup::decode_headers(""), dedup::Headers{});
}

// Given damaged bytes, we should report nullopt rather than read past the end.
TEST(HeaderCodec, RejectsDamagedInput) {
  for (const char* bad : {"5:ab", "1:a", "x:a1:b", "1:a1", "99999999999999999999:a", "1a:b"})
    EXPECT_FALSE(dedup::decode_headers(bad).has_value()) << bad;
}

}  // namespace
