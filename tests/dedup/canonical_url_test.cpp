#include <gtest/gtest.h>

#include "dedup/item_id.h"

namespace {

struct Case {
  const char* in;
  const char* want;
};

// Given links that differ only in ways a server ignores, we should map them to one canonical URL,
// and leave anything that is not an absolute URL unchanged.
TEST(CanonicalUrl, NormalisesTable) {
  const Case cases[] = {
      {"HTTPS://Example.COM/News/A", "https://example.com/News/A"},
      {"http://example.com:80/a", "http://example.com/a"},
      {"https://example.com:443/a", "https://example.com/a"},
      {"https://example.com:8443/a", "https://example.com:8443/a"},
      {"http://example.com:443/a", "http://example.com:443/a"},
      {"https://example.com/a#comments", "https://example.com/a"},
      {"https://example.com", "https://example.com/"},
      {"https://example.com?b=2&a=1", "https://example.com/?a=1&b=2"},
      {"https://example.com/a?utm_source=rss&utm_medium=feed&id=7", "https://example.com/a?id=7"},
      {"https://example.com/a?fbclid=x&gclid=y&yclid=z&mc_cid=1&mc_eid=2", "https://example.com/a"},
      {"https://example.com/a?_ga=1&ref=tw&cmpid=3&UTM_Campaign=x&p=2",
       "https://example.com/a?p=2"},
      {"https://example.com/a?z=1&&a=2&", "https://example.com/a?a=2&z=1"},
      {"https://example.com/a?referrer=x", "https://example.com/a?referrer=x"},
      {"https://user@Example.com/a", "https://user@example.com/a"},
      {"http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"},
      {"https://example.com/a?q=1#x?utm_source=y", "https://example.com/a?q=1"},
      // Unparsable: returned as is.
      {"", ""},
      {"not a url", "not a url"},
      {"/relative/path?utm_source=x", "/relative/path?utm_source=x"},
      {"https://", "https://"},
      {"https://example.com:abc/", "https://example.com:abc/"},
      {"https://[::1/", "https://[::1/"},
      {"1http://example.com/", "1http://example.com/"},
  };
  for (const auto& c : cases) EXPECT_EQ(dedup::canonical_url(c.in), c.want) << "input: " << c.in;
}

// Given a URL that is already canonical, we should return it unchanged (idempotence).
TEST(CanonicalUrl, IsIdempotent) {
  const std::string once = dedup::canonical_url("HTTP://A.example:80/x?b=1&utm_id=2&a=3#f");
  EXPECT_EQ(dedup::canonical_url(once), once);
}

}  // namespace
