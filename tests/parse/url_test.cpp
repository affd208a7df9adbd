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

// Given the references feeds use most (path-absolute, or relative without dot segments), which
// are joined to the base directly, we should resolve each as the general algorithm does: a
// leading "./" segment changes nothing in RFC 3986 and sends the reference through it.
TEST(ResolveUrl, GivenUsualReferences_WeShouldResolveThemAsTheGeneralAlgorithm) {
  const char* bases[] = {"http://a/b/c/d;p?q#f", "https://news.example.test/", "https://news.example.test",
                         "http://a/b/../c/x", "http://a/b/./c", "tag:x", "urn:a:b", "http:///x/y", "HTTPS://A.test/x/y.html"};
  const char* refs[] = {"/g", "/g/h?y#s", "g", "g/h", "g?y", "g#s", "/a//b", "/a/.hidden", "g.html", "a.", "/",
                        "story/1?utm_source=rss&x=1", "/news/999822#comments"};
  for (const char* base : bases) {
    for (const char* ref : refs) {
      const std::string dotted = ref[0] == '/' ? std::string("/.") + ref : std::string("./") + ref;
      EXPECT_EQ(parse::resolve_url(base, ref), parse::resolve_url(base, dotted)) << base << " + " << ref;
    }
  }
  EXPECT_EQ(parse::resolve_url("https://news.example.test/feeds/main.xml", "/news/1"), "https://news.example.test/news/1");
  EXPECT_EQ(parse::resolve_url("https://news.example.test/feeds/main.xml", "story?id=2"),
            "https://news.example.test/feeds/story?id=2");
}

// Given no base, we should leave relative references as written.
TEST(ResolveUrl, GivenNoBase_WeShouldKeepTheReference) {
  EXPECT_EQ(parse::resolve_url("", "a/b"), "a/b");
}

}  // namespace
