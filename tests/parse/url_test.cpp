#include <gtest/gtest.h>

#include "parse/url.h"

namespace {

// Given the RFC 3986 section 5.4 examples, we should resolve each reference the same way.
TEST(ResolveUrl, GivenRfc3986Examples_WeShouldResolveThem) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g", "http://a/b/c/g"},       {"./g", "http://a/b/c/g"},   {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},          {"//g", "http://g"},         {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},   {"#s", "http://a/b/c/d;p?q#s"}, {"", "http://a/b/c/d;p?q"},
      {"..", "http://a/b/"},         {"../g", "http://a/b/g"},    {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},  {"g;x=1/../y", "http://a/b/c/y"},
      {"https://x.test/", "https://x.test/"},
  };
  for (const auto& [ref, expected] : cases) {
    EXPECT_EQ(parse::resolve_url(base, ref), expected) << ref;
  }
}

// Given no base, we should leave relative references as written.
TEST(ResolveUrl, GivenNoBase_WeShouldKeepTheReference) {
  EXPECT_EQ(parse::resolve_url("", "a/b"), "a/b");
}

}  // namespace
