// The crawl planner: which pages are fetched, in what order, and what robots.txt and Crawl-delay
// change. The fetcher is a recording callback here; the daemon-level test (tests/e2e) runs the
// same planner against a real HTTP server.
#include <gtest/gtest.h>

#include "crawl/crawler.h"
#include "support/fake_clock.h"

namespace {

using namespace std::chrono_literals;
using crawl::Ask;
using crawl::Settled;

core::Article item(const std::string& link, const std::string& source = "site") {
  core::Article a;
  a.source = source;
  a.link = link;
  a.title = "headline of " + link;
  return a;
}

struct Fixture : ::testing::Test {
  testsupport::FakeClock clock;
  std::vector<crawl::Request> sent;
  bool accept = true;
  crawl::Options options() {
    crawl::Options o;
    o.user_agent = "newswatchd/1.0";
    return o;
  }
  crawl::Crawler make(crawl::Options o) {
    return crawl::Crawler(std::move(o), clock, [this](const crawl::Request& r) {
      if (accept) sent.push_back(r);
      return accept;
    });
  }
  const crawl::Request* find(const std::string& url) const {
    for (const auto& r : sent)
      if (r.url == url) return &r;
    return nullptr;
  }
};

crawl::Response ok(std::uint64_t id, std::string_view body) { return {id, true, 200, body, ""}; }
crawl::Response failed(std::uint64_t id, long status, std::string_view error) { return {id, false, status, "", error}; }

TEST_F(Fixture, FetchesRobotsTxtFirstThenOnlyAllowedPages) {
  auto c = make(options());
  // Given a new host, we should ask for its robots.txt and hold the pages until it answers.
  EXPECT_EQ(c.want(item("http://news.test/a/1"), crawl::Origin::listing), Ask::waiting);
  EXPECT_EQ(c.want(item("http://news.test/private/2"), crawl::Origin::listing), Ask::waiting);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].url, "http://news.test/robots.txt");
  EXPECT_EQ(sent[0].source, "site");
  // When it disallows /private/, we should settle that item as disallowed and fetch the other.
  auto settled = c.on_response(ok(sent[0].id, "User-agent: *\nDisallow: /private/\n"));
  ASSERT_EQ(settled.size(), 1u);
  EXPECT_EQ(settled[0].how, Settled::How::disallowed);
  EXPECT_EQ(settled[0].item.link, "http://news.test/private/2");
  ASSERT_NE(find("http://news.test/a/1"), nullptr);
  EXPECT_EQ(c.pending(), 1u);
  // Later pages of the host use the cached rules without asking again.
  EXPECT_EQ(c.want(item("http://news.test/private/3"), crawl::Origin::listing), Ask::disallowed);
  EXPECT_EQ(c.want(item("http://news.test/a/4"), crawl::Origin::listing), Ask::requested);
  EXPECT_EQ(sent.size(), 3u);
}

TEST_F(Fixture, SettlesAFetchedPageWithItsItemAndOrigin) {
  auto o = options();
  o.respect_robots_txt = false;
  auto c = make(o);
  core::Article a = item("https://wire.test/story?id=7");
  a.summary = "short teaser";
  ASSERT_EQ(c.want(a, crawl::Origin::feed), Ask::requested);
  // A second item for the same page does not cause a second fetch.
  EXPECT_EQ(c.want(item("https://wire.test/story?id=7"), crawl::Origin::listing), Ask::already_pending);
  ASSERT_EQ(sent.size(), 1u);
  auto settled = c.on_response(ok(sent[0].id, "<html>page</html>"));
  ASSERT_EQ(settled.size(), 1u);
  EXPECT_EQ(settled[0].how, Settled::How::fetched);
  EXPECT_EQ(settled[0].origin, crawl::Origin::feed);
  EXPECT_EQ(settled[0].item.summary, "short teaser");
  EXPECT_EQ(c.pending(), 0u);
  // An answer to an id we never issued, or a second answer, settles nothing.
  EXPECT_TRUE(c.on_response(ok(sent[0].id, "again")).empty());
  EXPECT_TRUE(c.on_response(ok(999, "stray")).empty());
}

TEST_F(Fixture, AFailedListingPageIsTriedInRoundsThenGivenUp) {
  auto o = options();
  o.respect_robots_txt = false;
  o.retry_failed_after = 30min;
  auto c = make(o);
  ASSERT_EQ(c.want(item("http://news.test/a/1"), crawl::Origin::listing), Ask::requested);
  // Rounds 1 and 2 fail: the item keeps waiting and is asked for again 30 min later.
  for (int round = 1; round <= 2; ++round) {
    EXPECT_TRUE(c.on_response(failed(sent.back().id, 503, "HTTP 503")).empty());
    EXPECT_EQ(c.pending(), 1u);
    const std::size_t before = sent.size();
    clock.advance(29min);
    c.tick();
    EXPECT_EQ(sent.size(), before);
    clock.advance(1min);
    c.tick();
    ASSERT_EQ(sent.size(), before + 1);
    EXPECT_EQ(sent.back().url, "http://news.test/a/1");
  }
  // Round 3 fails: given up, and not asked for again before retry_failed_after.
  auto settled = c.on_response(failed(sent.back().id, 404, "HTTP 404"));
  ASSERT_EQ(settled.size(), 1u);
  EXPECT_EQ(settled[0].how, Settled::How::failed);
  EXPECT_EQ(settled[0].detail, "HTTP 404");
  EXPECT_EQ(c.pending(), 0u);
  EXPECT_EQ(c.want(item("http://news.test/a/1"), crawl::Origin::listing), Ask::backing_off);
  clock.advance(31min);
  EXPECT_EQ(c.want(item("http://news.test/a/1"), crawl::Origin::listing), Ask::requested);
}

TEST_F(Fixture, AFailedFeedItemPageIsSettledAtOnce) {
  auto o = options();
  o.respect_robots_txt = false;
  auto c = make(o);
  ASSERT_EQ(c.want(item("http://news.test/a/2"), crawl::Origin::feed), Ask::requested);
  auto settled = c.on_response(failed(sent[0].id, 500, "HTTP 500"));
  ASSERT_EQ(settled.size(), 1u);
  EXPECT_EQ(settled[0].how, Settled::How::failed);
  EXPECT_EQ(settled[0].origin, crawl::Origin::feed);
}

TEST_F(Fixture, MissingRobotsTxtAllowsAllAndUnreachableHoldsTheHostBack) {
  auto c = make(options());
  // A 404 robots.txt means no rules.
  ASSERT_EQ(c.want(item("http://a.test/x/1"), crawl::Origin::listing), Ask::waiting);
  EXPECT_TRUE(c.on_response(failed(sent.back().id, 404, "HTTP 404")).empty());
  EXPECT_NE(find("http://a.test/x/1"), nullptr);
  // A robots.txt that cannot be read (5xx) means: assume disallow for a while, then ask again.
  ASSERT_EQ(c.want(item("http://b.test/x/1"), crawl::Origin::feed), Ask::waiting);
  auto settled = c.on_response(failed(sent.back().id, 503, "HTTP 503"));
  ASSERT_EQ(settled.size(), 1u);
  EXPECT_EQ(settled[0].how, Settled::How::failed);
  EXPECT_EQ(c.want(item("http://b.test/x/2"), crawl::Origin::feed), Ask::backing_off);
  clock.advance(11min);
  const std::size_t before = sent.size();
  EXPECT_EQ(c.want(item("http://b.test/x/2"), crawl::Origin::feed), Ask::waiting);
  EXPECT_EQ(sent.size(), before + 1);
  EXPECT_EQ(sent.back().url, "http://b.test/robots.txt");
}

TEST_F(Fixture, RobotsTxtIsTrustedForItsTtlThenFetchedAgain) {
  auto o = options();
  o.robots_ttl = 1h;
  auto c = make(o);
  ASSERT_EQ(c.want(item("http://a.test/x/1"), crawl::Origin::listing), Ask::waiting);
  c.on_response(ok(sent.back().id, "User-agent: *\nDisallow:\n"));
  EXPECT_EQ(c.want(item("http://a.test/x/2"), crawl::Origin::listing), Ask::requested);
  clock.advance(61min);
  EXPECT_EQ(c.want(item("http://a.test/x/3"), crawl::Origin::listing), Ask::waiting);
  EXPECT_EQ(sent.back().url, "http://a.test/robots.txt");
}

TEST_F(Fixture, CrawlDelaySpacesTheHostsPagesCappedByMaxCrawlDelay) {
  auto o = options();
  o.max_crawl_delay = 5s;
  auto c = make(o);
  for (int i = 1; i <= 3; ++i)
    ASSERT_EQ(c.want(item("http://slow.test/p/" + std::to_string(i)), crawl::Origin::listing), Ask::waiting);
  // Crawl-delay 60 is capped at 5 s: one page now, the next after 5 s, the last after 10 s.
  c.on_response(ok(sent[0].id, "User-agent: *\nCrawl-delay: 60\n"));
  EXPECT_EQ(sent.size(), 2u);
  c.tick();
  EXPECT_EQ(sent.size(), 2u);
  clock.advance(5s);
  c.tick();
  EXPECT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent.back().url, "http://slow.test/p/2");
  clock.advance(4s);
  c.tick();
  EXPECT_EQ(sent.size(), 3u);
  clock.advance(1s);
  c.tick();
  EXPECT_EQ(sent.size(), 4u);
  EXPECT_EQ(sent.back().url, "http://slow.test/p/3");
}

TEST_F(Fixture, BoundedByMaxPendingAndTheFetchersRefusal) {
  auto o = options();
  o.respect_robots_txt = false;
  o.max_pending = 2;
  auto c = make(o);
  EXPECT_EQ(c.want(item("http://a.test/1"), crawl::Origin::listing), Ask::requested);
  EXPECT_EQ(c.want(item("http://a.test/2"), crawl::Origin::listing), Ask::requested);
  EXPECT_EQ(c.want(item("http://a.test/3"), crawl::Origin::listing), Ask::full);
  accept = false;
  c.on_response(ok(sent[0].id, "x"));
  EXPECT_EQ(c.want(item("http://a.test/4"), crawl::Origin::listing), Ask::full);
  EXPECT_EQ(c.pending(), 1u);
  EXPECT_EQ(c.want(item("mailto:someone@a.test"), crawl::Origin::feed), Ask::no_url);
  EXPECT_EQ(c.want(item(""), crawl::Origin::feed), Ask::no_url);
}

TEST_F(Fixture, ForgettingASourceDropsItsItemsAndReasksRobotsForOthers) {
  auto c = make(options());
  ASSERT_EQ(c.want(item("http://a.test/x/1", "gone"), crawl::Origin::listing), Ask::waiting);
  ASSERT_EQ(c.want(item("http://a.test/x/2", "kept"), crawl::Origin::listing), Ask::waiting);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].source, "gone");
  c.forget_source("gone");
  EXPECT_EQ(c.pending(), 1u);
  // The robots.txt request made for the removed source is asked again for the remaining one.
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].source, "kept");
  EXPECT_TRUE(c.on_response(ok(sent[0].id, "")).empty());
  c.on_response(ok(sent[1].id, ""));
  ASSERT_NE(find("http://a.test/x/2"), nullptr);
  EXPECT_EQ(find("http://a.test/x/1"), nullptr);
}

}  // namespace
