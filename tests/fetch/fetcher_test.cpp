#include "fetch/fetcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "fetcher_fixture.h"

using namespace std::chrono_literals;
using fetch::Outcome;
using fetchtest::FetcherTest;
using fetchtest::Results;
using fetchtest::kFeed;
using fetchtest::poll_until;

namespace {

// A loopback port with nothing listening: bound but not listening, so connects are refused.
class RefusingPort {
 public:
  RefusingPort() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~RefusingPort() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

// Given a feed fetched once, we should send its validators next time and get a 304, empty body.
TEST_F(FetcherTest, SecondPollIsConditionalAndNotModified) {
  write_file("cond.xml", kFeed);
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("cond", "/cond.xml")});
  const Results first = poll_until(fetcher, 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].outcome, Outcome::ok);
  EXPECT_EQ(first[0].http_status, 200);
  EXPECT_EQ(first[0].body, kFeed);
  EXPECT_EQ(first[0].content_type, "application/rss+xml");
  EXPECT_FALSE(first[0].etag.empty());
  EXPECT_FALSE(first[0].last_modified.empty());
  EXPECT_GE(first[0].next_attempt, clock_.now() + 1min);
  EXPECT_LE(first[0].next_attempt, clock_.now() + 63s);

  // Re-applying the same config must keep the validators.
  fetcher.set_sources({source("cond", "/cond.xml")});
  clock_.advance(2min);
  const Results second = poll_until(fetcher, 1);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].outcome, Outcome::not_modified);
  EXPECT_EQ(second[0].http_status, 304);
  EXPECT_TRUE(second[0].body.empty());
  EXPECT_EQ(second[0].etag, first[0].etag);
  EXPECT_EQ(second[0].consecutive_failures, 0);
  EXPECT_EQ(server_->count("/cond.xml", "200"), 1);
  EXPECT_EQ(server_->count("/cond.xml", "304"), 1);
  EXPECT_NE(server_->stats_json().find("\"/cond.xml\": {\"200\": 1, \"304\": 1, \"requests\": 2}"),
            std::string::npos) << server_->stats_json();
}

// Given default options, we should name the daemon and its version in the User-Agent and ask
// for compressed bodies.
TEST_F(FetcherTest, SendsUserAgentAndAcceptEncoding) {
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("headers", "/__headers")});
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(fetch::default_user_agent().rfind("newswatchd/0.1.0 ", 0), 0u);
  EXPECT_NE(r[0].body.find("\"user-agent\": \"" + fetch::default_user_agent() + "\""),
            std::string::npos) << r[0].body;
  EXPECT_NE(r[0].body.find("gzip"), std::string::npos) << r[0].body;
}

// Given response headers describing the content, we should pass them on with the body.
TEST_F(FetcherTest, ReportsContentHeaders) {
  write_file("lang.atom", kFeed);
  write_file("lang.atom.headers", "Content-Language: fa\nContent-Location: /elsewhere.atom\n");
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("lang", "/lang.atom")});
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].content_type, "application/atom+xml");
  EXPECT_EQ(r[0].content_language, "fa");
  EXPECT_EQ(r[0].content_location, "/elsewhere.atom");
}

// Given a source whose URL changes, we should forget its validators and fetch it at once;
// given only a shorter interval, we should keep its state and pull its next poll in.
TEST_F(FetcherTest, ChangedUrlResetsStateAndShorterIntervalPullsIn) {
  write_file("old.xml", kFeed);
  write_file("new.xml", kFeed);  // same content, same ETag: a kept validator would yield 304
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("moving", "/old.xml", 1h)});
  ASSERT_EQ(poll_until(fetcher, 1).size(), 1u);

  fetcher.set_sources({source("moving", "/old.xml", 5min)});
  ASSERT_EQ(fetcher.states().size(), 1u);
  EXPECT_LE(fetcher.states()[0].next_due, clock_.now() + 5min);

  fetcher.set_sources({source("moving", "/new.xml", 5min)});
  EXPECT_EQ(fetcher.states()[0].next_due, clock_.now());
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::ok);
  EXPECT_EQ(r[0].body, kFeed);
  EXPECT_EQ(server_->count("/new.xml", "200"), 1);
}

// Given a gzip-encoded response, we should hand over the decoded body.
TEST_F(FetcherTest, DecodesGzip) {
  std::string big;
  for (int i = 0; i < 500; ++i) big += "<item><title>repeated title</title></item>\n";
  write_file("gzip.xml", big);
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("gzip", "/gzip.xml")});
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::ok);
  EXPECT_EQ(r[0].body, big);
  EXPECT_LT(r[0].bytes, big.size()) << "the wire carried the compressed form";
}

// Given a redirect, we should follow it and report where we ended up.
TEST_F(FetcherTest, FollowsRedirects) {
  write_file("target.xml", kFeed);
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("redir", "/__redirect?to=/target.xml")});
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::ok);
  EXPECT_EQ(r[0].body, kFeed);
  EXPECT_EQ(r[0].effective_url, server_->url("/target.xml"));
  EXPECT_EQ(r[0].url, server_->url("/__redirect?to=/target.xml"));
}

// Given a source that keeps failing with 500, we should report http_error and back off longer
// each time, while always scheduling another attempt.
TEST_F(FetcherTest, ServerErrorBacksOffExponentially) {
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("err", "/__status/500")});
  std::chrono::nanoseconds previous{0};
  for (int attempt = 1; attempt <= 4; ++attempt) {
    const Results r = poll_until(fetcher, 1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].outcome, Outcome::http_error);
    EXPECT_EQ(r[0].http_status, 500);
    EXPECT_FALSE(r[0].error.empty());
    EXPECT_EQ(r[0].consecutive_failures, attempt);
    const auto delay = r[0].next_attempt - clock_.now();
    const std::chrono::nanoseconds ceiling = 1s * (1 << (attempt - 1));
    EXPECT_GE(delay, ceiling / 2);
    EXPECT_LE(delay, ceiling);
    EXPECT_GE(delay, previous);
    previous = delay;
    ASSERT_EQ(fetcher.states().size(), 1u);
    EXPECT_EQ(fetcher.states()[0].next_due, r[0].next_attempt);
    clock_.advance(delay);
  }
}

// Given a 429 with Retry-After, we should come back exactly when the server asked.
TEST_F(FetcherTest, HonoursRetryAfter) {
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("limited", "/__retry-after/120")});
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::rate_limited);
  EXPECT_EQ(r[0].http_status, 429);
  EXPECT_EQ(r[0].next_attempt, clock_.now() + 120s);
}

// Given 401/403, we should report the source as blocked.
TEST_F(FetcherTest, ForbiddenIsBlocked) {
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("forbidden", "/__status/403")});
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::blocked);
}

// Given bodies over the cap — announced, unannounced, or only large once decompressed — we
// should abort each transfer and report too_large.
TEST_F(FetcherTest, OversizedBodiesAreAborted) {
  write_file("bomb.txt", std::string(200'000, 'z'));
  opts_.max_body_bytes = 10'000;
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("announced", "/__big/50000"),
                       source("unannounced", "/__big/50000?nolength=1"),
                       source("bomb", "/bomb.txt")});
  const Results r = poll_until(fetcher, 3);
  ASSERT_EQ(r.size(), 3u);
  for (const auto& result : r) {
    EXPECT_EQ(result.outcome, Outcome::too_large) << result.source << ": " << result.error;
    EXPECT_TRUE(result.body.empty());
    EXPECT_EQ(result.consecutive_failures, 1);
  }
}

// Given nothing listening on the port, we should report a network error.
TEST_F(FetcherTest, RefusedConnectionIsNetworkError) {
  RefusingPort port;
  auto& fetcher = make_fetcher();
  fetcher.set_sources({{"refused", "http://127.0.0.1:" + std::to_string(port.port()) + "/", 1min}});
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::network_error);
  EXPECT_EQ(r[0].http_status, 0);
  EXPECT_FALSE(r[0].error.empty());
}

// Given a URL with a scheme other than http(s), we should refuse it as a network error.
TEST_F(FetcherTest, OnlyHttpSchemesAreAllowed) {
  auto& fetcher = make_fetcher();
  fetcher.set_sources({{"file", "file:///etc/hostname", 1min}});
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::network_error);
  EXPECT_TRUE(r[0].body.empty());
}

// Given a server slower than the total timeout, we should give up on time and say so.
TEST_F(FetcherTest, SlowServerTimesOut) {
  opts_.total_timeout = 300ms;
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("slow", "/__slow/5")});
  const auto started = std::chrono::steady_clock::now();
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

// Given a source removed from the config, we should abort its transfer and never poll it again.
TEST_F(FetcherTest, RemovedSourceIsNoLongerPolled) {
  write_file("keep.xml", kFeed);
  write_file("drop.xml", kFeed);
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("keep", "/keep.xml"), source("drop", "/drop.xml"),
                       source("slow", "/__slow/3")});
  ASSERT_EQ(poll_until(fetcher, 2).size(), 2u);
  ASSERT_EQ(fetcher.in_flight(), 1u) << "the slow one is still running";

  fetcher.set_sources({source("keep", "/keep.xml")});
  EXPECT_EQ(fetcher.in_flight(), 0u);
  ASSERT_EQ(fetcher.states().size(), 1u);
  clock_.advance(10min);
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].source, "keep");
  EXPECT_TRUE(fetcher.poll(100ms).empty());
  EXPECT_EQ(server_->count("/keep.xml"), 2);
  EXPECT_EQ(server_->count("/drop.xml"), 1);
}

// Given many sources and a small in-flight cap, we should fetch each once, never exceeding the cap.
TEST_F(FetcherTest, ManySourcesShareOneLoop) {
  constexpr int kSources = 50;
  opts_.max_in_flight = 8;
  std::vector<fetch::SourceSpec> specs;
  for (int i = 0; i < kSources; ++i) {
    const std::string name = "many-" + std::to_string(i) + ".xml";
    write_file(name, kFeed);
    specs.push_back(source(name, "/" + name));
  }
  auto& fetcher = make_fetcher();
  fetcher.set_sources(specs);
  Results got;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (got.size() < kSources && std::chrono::steady_clock::now() < deadline) {
    for (auto& r : fetcher.poll(50ms)) got.push_back(std::move(r));
    ASSERT_LE(fetcher.in_flight(), 8u);
  }
  ASSERT_EQ(got.size(), static_cast<std::size_t>(kSources));
  for (const auto& r : got) EXPECT_EQ(r.outcome, Outcome::ok) << r.source;
  for (const auto& spec : specs) EXPECT_EQ(server_->count("/" + spec.name), 1) << spec.name;
}

// Given a wake() from another thread, we should return from a long poll() promptly.
TEST_F(FetcherTest, WakeInterruptsPoll) {
  auto& fetcher = make_fetcher();
  const auto started = std::chrono::steady_clock::now();
  std::thread waker([&] { fetcher.wake(); });
  EXPECT_TRUE(fetcher.poll(30s).empty());
  waker.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

}  // namespace

// Given five slow sources on one host and a per-host cap of two, we should never run more than
// two transfers to that host at once, and still fetch every source.
TEST_F(FetcherTest, PerHostCapLimitsConcurrentTransfers) {
  opts_.per_host_max_in_flight = 2;
  auto& fetcher = make_fetcher();
  std::vector<fetch::SourceSpec> sources;
  for (int i = 0; i < 5; ++i) sources.push_back(source("cap" + std::to_string(i), "/__slow/0.3?n=" + std::to_string(i)));
  fetcher.set_sources(sources);
  Results got;
  std::size_t peak = 0;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (got.size() < 5 && std::chrono::steady_clock::now() < deadline) {
    for (auto& r : fetcher.poll(20ms)) got.push_back(std::move(r));
    peak = std::max(peak, fetcher.in_flight());
  }
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(peak, 2u);
  for (const auto& r : got) EXPECT_EQ(r.outcome, Outcome::ok) << r.source << ": " << r.error;
}

// Given three due sources on one host and a per-host minimum interval, we should start them one
// interval apart (on the fetcher's clock), not all at once.
TEST_F(FetcherTest, PerHostMinIntervalSpacesStarts) {
  write_file("spaced.xml", kFeed);
  opts_.per_host_min_interval = 10s;
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("s1", "/spaced.xml?1"), source("s2", "/spaced.xml?2"), source("s3", "/spaced.xml?3")});
  for (int round = 1; round <= 3; ++round) {
    const Results r = poll_until(fetcher, 1);
    ASSERT_EQ(r.size(), 1u) << "round " << round;
    EXPECT_EQ(fetcher.poll(100ms).size(), 0u) << "nothing else may start before the next slot";
    EXPECT_EQ(fetcher.in_flight(), 0u);
    clock_.advance(10s);
  }
  EXPECT_EQ(server_->count("/spaced.xml", "200"), 3);
}

// Given a response saying it stays fresh for 10 minutes, we should not poll again before then,
// though the configured interval is one minute.
TEST_F(FetcherTest, CacheControlMaxAgeDelaysNextPoll) {
  write_file("fresh.xml", kFeed);
  write_file("fresh.xml.headers", "Cache-Control: public, max-age=600\n");
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("fresh", "/fresh.xml", 1min)});
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_GE(r[0].next_attempt, clock_.now() + 600s);
  EXPECT_LE(r[0].next_attempt, clock_.now() + 630s);
}

// Given adaptive intervals, we should halve a source's interval when its fetch brought new items
// (pulling its next poll in) and stretch it after a 304.
TEST_F(FetcherTest, AdaptiveIntervalLearnsFromNewItems) {
  write_file("adapt.xml", kFeed);
  opts_.adaptive_interval = true;
  opts_.interval_min = 1min;
  opts_.interval_max = 1h;
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("adapt", "/adapt.xml", 10min)});
  ASSERT_EQ(poll_until(fetcher, 1).size(), 1u);
  fetcher.report_new_items("adapt", 4);
  fetcher.report_new_items("no-such-source", 4);  // ignored
  fetcher.poll(0ms);
  auto state = fetcher.states().at(0);
  EXPECT_EQ(state.interval, 5min);
  EXPECT_LE(state.next_due, clock_.now() + 5min);

  clock_.advance(5min);
  const Results second = poll_until(fetcher, 1);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].outcome, Outcome::not_modified);
  state = fetcher.states().at(0);
  EXPECT_EQ(state.interval, 6min + 15s);
  EXPECT_GE(second[0].next_attempt, clock_.now() + 6min + 15s);
}

// Given 10,000 sources none of which is due, we should keep each poll cheap (the schedule is a
// heap, not a scan): a thousand polls take well under a second.
TEST_F(FetcherTest, IdlePollIsCheapWithTenThousandSources) {
  write_file("many.xml", kFeed);
  opts_.max_in_flight = 1;
  auto& fetcher = make_fetcher();
  std::vector<fetch::SourceSpec> sources;
  for (int i = 0; i < 10000; ++i) sources.push_back(source("m" + std::to_string(i), "/many.xml?" + std::to_string(i), 1h));
  fetcher.set_sources(sources);
  // One transfer runs (max_in_flight 1); 9,999 sources wait behind it.
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) fetcher.poll(0ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_LE(fetcher.in_flight(), 1u);
  EXPECT_EQ(fetcher.states().size(), 10000u);
}
