#include "core/url.h"

#include <gtest/gtest.h>

namespace {

// Given URLs as sources and links write them, we should key politeness on scheme, host and port
// (lower case, without userinfo) and check robots.txt rules against path and query.
TEST(Url, OriginIsSchemeHostAndPort) {
  EXPECT_EQ(core::url_origin("HTTPS://News.Example:8443/a/b?c=1#x"), "https://news.example:8443");
  EXPECT_EQ(core::url_origin("http://user:pw@host.example"), "http://host.example");
  EXPECT_EQ(core::url_origin("http://host.example?q"), "http://host.example");
  EXPECT_EQ(core::url_origin("mailto:someone@example.org"), "");
}

TEST(Url, PathKeepsQueryDropsFragment) {
  EXPECT_EQ(core::url_path("http://h.example/a/b?c=1#frag"), "/a/b?c=1");
  EXPECT_EQ(core::url_path("http://h.example?c=1"), "/?c=1");
  EXPECT_EQ(core::url_path("http://h.example"), "/");
  EXPECT_EQ(core::url_path("http://h.example#top"), "/");
}

}  // namespace
