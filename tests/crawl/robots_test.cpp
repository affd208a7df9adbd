#include <gtest/gtest.h>

#include "crawl/robots.h"

namespace {

const char* const kRobots = R"(# a comment
User-agent: *
Disallow: /private/
Allow: /private/open
Disallow: /*.pdf$
Crawl-delay: 2

User-agent: newswatchd
User-agent: otherbot
Disallow: /drafts
)";

TEST(Robots, PicksTheGroupForOurAgentElseStar) {
  // Given a group naming our product token, we should obey only that group.
  crawl::Robots ours(kRobots, "newswatchd/0.1");
  EXPECT_FALSE(ours.allowed("/drafts/1"));
  EXPECT_TRUE(ours.allowed("/private/x"));
  EXPECT_FALSE(ours.crawl_delay().has_value());
  // Given no group for the agent, we should obey '*'.
  crawl::Robots other(kRobots, "somebot/2");
  EXPECT_FALSE(other.allowed("/private/x"));
  EXPECT_TRUE(other.allowed("/private/open/page"));
  EXPECT_FALSE(other.allowed("/files/report.pdf"));
  EXPECT_TRUE(other.allowed("/files/report.pdf?x=1"));
  EXPECT_TRUE(other.allowed("/drafts/1"));
  EXPECT_EQ(other.crawl_delay(), 2.0);
}

TEST(Robots, EmptyOrGarbageAllowsEverything) {
  // Given no usable rules, we should allow every path.
  EXPECT_TRUE(crawl::Robots("", "newswatchd").allowed("/x"));
  EXPECT_TRUE(crawl::Robots("<html>not robots</html>\nDisallow: /x", "newswatchd").allowed("/x"));
  EXPECT_TRUE(crawl::Robots("User-agent: *\nDisallow:\n", "newswatchd").allowed("/x"));
}

TEST(Robots, HostilePatternsStayFast) {
  // Given a pattern of many wildcards and a long path, we should answer without blowing up.
  std::string pattern = "User-agent: *\nDisallow: /";
  for (int i = 0; i < 200; ++i) pattern += "*a";
  pattern += "b\n";
  crawl::Robots r(pattern, "newswatchd");
  EXPECT_TRUE(r.allowed("/" + std::string(5000, 'a')));
}

}  // namespace
