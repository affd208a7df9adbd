// One-shot requests: retries, final failures, cancellation, and the limits they share with sources.
#include <gtest/gtest.h>

#include <algorithm>

#include "fetcher_fixture.h"
#include "scripted_server.h"

using namespace std::chrono_literals;
using fetch::Outcome;
using fetchtest::poll_until;
using fetchtest::Results;

namespace {

class OneShotTest : public fetchtest::FetcherTest {
 protected:
  static fetch::OneShot shot(std::uint64_t id, const std::string& source, const std::string& url) {
    fetch::OneShot s;
    s.id = id;
    s.source = source;
    s.url = url;
    return s;
  }
};

// Given a one-shot for a page, we should fetch it once, without validators, asking for HTML
// first, and echo its id.
TEST_F(OneShotTest, FetchesOnceAndEchoesTheId) {
  auto& fetcher = make_fetcher();
  ASSERT_TRUE(fetcher.request(shot(7, "wire", server_->url("/__headers?page=1"))));
  EXPECT_EQ(fetcher.queued_requests(), 1u);
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::ok);
  EXPECT_EQ(r[0].request_id, 7u);
  EXPECT_EQ(r[0].source, "wire");
  EXPECT_EQ(r[0].attempts, 1);
  EXPECT_NE(r[0].body.find("\"accept\": \"text/html"), std::string::npos) << r[0].body;
  EXPECT_EQ(r[0].body.find("if-none-match"), std::string::npos) << r[0].body;
  EXPECT_EQ(fetcher.queued_requests(), 0u);
  EXPECT_TRUE(fetcher.poll(100ms).empty()) << "one Result per request";
}

// Given a 503 with Retry-After and then a 200, we should report nothing for the first attempt,
// retry exactly when the server asked (on the fetcher's clock), and report one ok Result.
TEST_F(OneShotTest, TransientFailureIsRetriedThenReportedOnce) {
  fetchtest::ScriptedServer flaky({{"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n", "busy"},
                                   {"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", "<p>article</p>"}});
  auto& fetcher = make_fetcher();
  ASSERT_TRUE(fetcher.request(shot(1, "wire", flaky.url("/story"))));
  EXPECT_TRUE(poll_until(fetcher, 1, 1s).empty()) << "the first attempt failed: no Result yet";
  EXPECT_EQ(flaky.requests(), 1);
  EXPECT_EQ(fetcher.queued_requests(), 1u) << "still queued for its retry";
  clock_.advance(4900ms);
  EXPECT_TRUE(fetcher.poll(100ms).empty());
  EXPECT_EQ(flaky.requests(), 1) << "not before Retry-After";
  clock_.advance(100ms);
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::ok);
  EXPECT_EQ(r[0].body, "<p>article</p>");
  EXPECT_EQ(r[0].attempts, 2);
  EXPECT_EQ(r[0].consecutive_failures, 0);
  EXPECT_EQ(flaky.requests(), 2);
  EXPECT_EQ(fetcher.queued_requests(), 0u);
}

// Given a 404, we should not retry: one Result, the failure, after one attempt.
TEST_F(OneShotTest, NotFoundIsFinalAtOnce) {
  auto& fetcher = make_fetcher();
  ASSERT_TRUE(fetcher.request(shot(2, "wire", server_->url("/no-such-story.html"))));
  const Results r = poll_until(fetcher, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outcome, Outcome::http_error);
  EXPECT_EQ(r[0].http_status, 404);
  EXPECT_EQ(r[0].attempts, 1);
  EXPECT_FALSE(r[0].error.empty());
  EXPECT_EQ(server_->count("/no-such-story.html"), 1);
  EXPECT_EQ(fetcher.queued_requests(), 0u);
}

// Given a server that keeps answering 503, we should try max_attempts times with backoff and
// then report the failure once; given a scheme we refuse, we should not retry at all.
TEST_F(OneShotTest, GivesUpAfterMaxAttemptsOrOnAPermanentError) {
  auto& fetcher = make_fetcher();
  ASSERT_TRUE(fetcher.request(shot(3, "wire", server_->url("/__status/503?give-up"))));
  ASSERT_TRUE(fetcher.request(shot(4, "wire", "file:///etc/hostname")));
  Results got;
  for (int round = 0; round < 10 && got.size() < 2; ++round) {
    for (auto& r : poll_until(fetcher, 1, 1s)) got.push_back(std::move(r));
    clock_.advance(1min);  // past any backoff (backoff_max is one minute)
  }
  ASSERT_EQ(got.size(), 2u);
  std::sort(got.begin(), got.end(), [](auto& a, auto& b) { return a.request_id < b.request_id; });
  EXPECT_EQ(got[0].outcome, Outcome::http_error);
  EXPECT_EQ(got[0].http_status, 503);
  EXPECT_EQ(got[0].attempts, 3);
  EXPECT_EQ(got[0].consecutive_failures, 3);
  EXPECT_EQ(got[1].outcome, Outcome::network_error);
  EXPECT_EQ(got[1].attempts, 1);
  EXPECT_TRUE(fetcher.poll(100ms).empty());
  EXPECT_EQ(server_->count("/__status/503"), 3);  // the server counts a request after replying
}

// Given a per-host cap of one and a slow source on the host, we should hold a one-shot to the
// same host until the source's transfer ends: they share the host's limit.
TEST_F(OneShotTest, SharesThePerHostLimitWithSources) {
  opts_.per_host_max_in_flight = 1;
  auto& fetcher = make_fetcher();
  fetcher.set_sources({source("slow-site", "/__slow/0.5?shared")});
  EXPECT_TRUE(fetcher.poll(0ms).empty());
  ASSERT_EQ(fetcher.in_flight(), 1u);
  ASSERT_TRUE(fetcher.request(shot(5, "slow-site", server_->url("/__headers?shared"))));
  Results got;
  std::size_t peak = 0;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (got.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    for (auto& r : fetcher.poll(20ms)) got.push_back(std::move(r));
    peak = std::max(peak, fetcher.in_flight());
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(peak, 1u);
  EXPECT_EQ(got[0].request_id, 0u) << "the source's poll ends first";
  EXPECT_EQ(got[1].request_id, 5u);
}

// Given a global cap of one, we should run a one-shot and a source on different hosts one after
// the other, and the one-shot (high by default) before a normal source.
TEST_F(OneShotTest, SharesTheGlobalCapAndGoesFirst) {
  write_file("capped.xml", fetchtest::kFeed);
  fetchtest::ScriptedServer other(std::vector<fetchtest::ScriptedServer::Reply>{{"HTTP/1.1 200 OK\r\n", "page"}});
  opts_.max_in_flight = 1;
  auto& fetcher = make_fetcher();
  ASSERT_TRUE(fetcher.request(shot(6, "x", other.url("/page"))));
  fetcher.set_sources({source("capped", "/capped.xml")});
  Results got;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (got.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    for (auto& r : fetcher.poll(20ms)) got.push_back(std::move(r));
    ASSERT_LE(fetcher.in_flight(), 1u);
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].request_id, 6u);
  EXPECT_EQ(got[1].source, "capped");
}

// Given max_queued_requests, we should refuse one-shots beyond it (and any with id 0) and accept
// again once one has finished.
TEST_F(OneShotTest, RefusesBeyondTheQueueLimit) {
  opts_.max_queued_requests = 2;
  auto& fetcher = make_fetcher();
  EXPECT_FALSE(fetcher.request(shot(0, "q", server_->url("/__headers?q0"))));
  EXPECT_TRUE(fetcher.request(shot(1, "q", server_->url("/__headers?q1"))));
  EXPECT_TRUE(fetcher.request(shot(2, "q", server_->url("/__headers?q2"))));
  EXPECT_FALSE(fetcher.request(shot(3, "q", server_->url("/__headers?q3"))));
  EXPECT_EQ(fetcher.queued_requests(), 2u);
  ASSERT_EQ(poll_until(fetcher, 2).size(), 2u);
  EXPECT_EQ(fetcher.queued_requests(), 0u);
  EXPECT_TRUE(fetcher.request(shot(3, "q", server_->url("/__headers?q3"))));
}

// Given one-shots of a removed source, running, waiting for their host or not yet applied, we
// should drop them all without a Result, keep those of other sources, and accept new ones.
TEST_F(OneShotTest, CancelDropsQueuedAndRunningOnes) {
  write_file("cancel-waiting.html", "<p>never</p>");
  opts_.per_host_max_in_flight = 1;
  auto& fetcher = make_fetcher();
  ASSERT_TRUE(fetcher.request(shot(1, "gone", server_->url("/__slow/3?cancel-running"))));
  ASSERT_TRUE(fetcher.request(shot(2, "gone", server_->url("/cancel-waiting.html"))));
  ASSERT_TRUE(fetcher.request(shot(3, "kept", server_->url("/__headers?cancel-kept"))));
  EXPECT_TRUE(fetcher.poll(0ms).empty());
  ASSERT_EQ(fetcher.in_flight(), 1u);
  ASSERT_TRUE(fetcher.request(shot(4, "gone", server_->url("/__headers?cancel-inbox"))));
  fetcher.cancel_requests("gone");
  EXPECT_EQ(fetcher.queued_requests(), 3u) << "the inbox one goes at once, the others at poll()";
  ASSERT_TRUE(fetcher.request(shot(5, "gone", server_->url("/__headers?cancel-after"))));
  const Results r = poll_until(fetcher, 2, 5s);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].request_id + r[1].request_id, 3u + 5u);
  EXPECT_TRUE(fetcher.poll(100ms).empty());
  EXPECT_EQ(fetcher.queued_requests(), 0u);
  EXPECT_EQ(fetcher.in_flight(), 0u);
  EXPECT_EQ(server_->count("/cancel-waiting.html"), 0);
}

// Given a one-shot waiting for its host behind a low-priority source, we should start it first
// when the host frees up (the host's waiting line is ordered by tier).
TEST_F(OneShotTest, HostWaitingLineIsOrderedByTier) {
  write_file("line.xml", fetchtest::kFeed);
  opts_.per_host_max_in_flight = 1;
  auto& fetcher = make_fetcher();
  fetch::SourceSpec busy = source("busy", "/__slow/0.5?line");
  busy.priority = fetch::Priority::high;
  fetch::SourceSpec low = source("low", "/line.xml");
  low.priority = fetch::Priority::low;
  fetcher.set_sources({busy, low});
  EXPECT_TRUE(fetcher.poll(0ms).empty());  // busy runs, low waits for the host
  ASSERT_TRUE(fetcher.request(shot(9, "x", server_->url("/__headers?line"))));
  const Results r = poll_until(fetcher, 3);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].source, "busy");
  EXPECT_EQ(r[1].request_id, 9u);
  EXPECT_EQ(r[2].source, "low");
}

}  // namespace
