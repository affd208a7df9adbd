// The processing pipeline through a capturing publisher, with the real state store and the
// shipped profile. Each test: "Given …, we should …".
#include "app/pipeline.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/profiles.h"
#include "support/capturing_publisher.h"
#include "support/paths.h"

namespace {

core::Article treaty_article(const std::string& guid) {
  core::Article a;
  a.source = "wire";
  a.id = guid;
  a.link = "https://news.invalid/a/" + guid;
  a.title = "Iran and Russia sign comprehensive strategic partnership treaty";
  a.summary = "<p>The presidents of Iran and Russia signed the 20-year treaty in Moscow on Friday.</p>";
  return a;
}

core::Article weather_article() {
  core::Article a;
  a.source = "wire";
  a.id = "weather-1";
  a.title = "Sunny weekend ahead for the coast";
  a.summary = "Forecasters expect warm and dry weather until Monday.";
  return a;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("newswatch-pipeline-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    reopen();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // (Re)creates the store and the pipeline on the same state directory, as a restart would.
  void reopen() {
    pipeline_.reset();
    store_.reset();
    std::string error;
    store_ = dedup::Store::open(dir_.string(), error);
    ASSERT_TRUE(store_) << error;
    publisher_ = std::make_unique<testsupport::CapturingPublisher>();
    pipeline_ = std::make_unique<app::Pipeline>(*store_, *publisher_, metrics_, clock_);
    publisher_->on_delivery = [this](const publish::Delivery& d) { pipeline_->on_delivery(d); };
    std::vector<std::string> errors;
    pipeline_->set_filters(app::load_filters({testsupport::source_dir() + "/config/profiles/iran-russia-treaty.yaml"}, errors));
    ASSERT_TRUE(errors.empty()) << errors.front();
  }

  std::filesystem::path dir_;
  core::SystemClock clock_;
  metrics::Metrics metrics_;
  std::unique_ptr<dedup::Store> store_;
  std::unique_ptr<testsupport::CapturingPublisher> publisher_;
  std::unique_ptr<app::Pipeline> pipeline_;
};

// Given an on-topic article, we should produce one message keyed by the item id that carries the
// verdict's evidence, keep it pending until the delivery report, then mark it published.
TEST_F(PipelineTest, MatchIsProducedAndPublishedOnAck) {
  pipeline_->handle_article(treaty_article("g1"), 1737115200);
  ASSERT_EQ(publisher_->produced.size(), 1u);
  const publish::Message& m = publisher_->produced[0];
  EXPECT_EQ(m.key, "g1");
  auto body = nlohmann::json::parse(m.value);
  EXPECT_EQ(body["id"], "g1");
  EXPECT_EQ(body["source"], "wire");
  EXPECT_EQ(body["fetched"], "2025-01-17T12:00:00Z");
  EXPECT_FALSE(body["evidence"].empty());
  EXPECT_EQ(body["summary"].get<std::string>().find('<'), std::string::npos) << "summary is plain text";
  EXPECT_EQ(store_->pending().size(), 1u);
  publisher_->deliver_all(true);
  EXPECT_TRUE(store_->pending().empty());
  EXPECT_EQ(store_->published_count(), 1u);
}

// Given the same item twice, we should produce it once and count the second as a duplicate.
TEST_F(PipelineTest, SameItemTwiceIsProducedOnce) {
  pipeline_->handle_article(treaty_article("g1"), 0);
  pipeline_->handle_article(treaty_article("g1"), 0);
  EXPECT_EQ(publisher_->produced.size(), 1u);
  EXPECT_NE(metrics_.scrape().find("newswatch_items_total{source=\"wire\",stage=\"duplicate\"} 1"), std::string::npos);
}

// Given an off-topic article, we should produce nothing and not classify it again later.
TEST_F(PipelineTest, OffTopicIsRememberedNotProduced) {
  pipeline_->handle_article(weather_article(), 0);
  EXPECT_TRUE(publisher_->produced.empty());
  EXPECT_TRUE(store_->seen("weather-1"));
}

// Given a transient delivery failure, we should produce the same message again on retry.
TEST_F(PipelineTest, FailedDeliveryIsRetried) {
  pipeline_->handle_article(treaty_article("g1"), 0);
  publisher_->deliver_all(false);
  EXPECT_EQ(store_->published_count(), 0u);
  EXPECT_EQ(pipeline_->retry_failed(), 1u);
  ASSERT_EQ(publisher_->produced.size(), 2u);
  EXPECT_EQ(publisher_->produced[1].value, publisher_->produced[0].value);
  publisher_->deliver_all(true);
  EXPECT_EQ(store_->published_count(), 1u);
}

// Given a crash between produce and acknowledgement, we should publish the item at the next start
// — and only that item.
TEST_F(PipelineTest, PendingItemsAreRepublishedAfterRestart) {
  pipeline_->handle_article(treaty_article("g1"), 0);
  pipeline_->handle_article(treaty_article("g2"), 0);
  publisher_->deliver_all(true);
  pipeline_->handle_article(treaty_article("g3"), 0);  // never acknowledged: the process dies
  reopen();
  EXPECT_EQ(pipeline_->republish_pending(), 1u);
  ASSERT_EQ(publisher_->produced.size(), 1u);
  EXPECT_EQ(publisher_->produced[0].key, "g3");
}

// Given a producer whose queue stays full while the daemon stops, we should keep the item pending
// in the store rather than lose it.
TEST_F(PipelineTest, RefusedProduceDuringShutdownStaysPending) {
  publisher_->refuse = true;
  pipeline_->stopping = true;
  pipeline_->handle_article(treaty_article("g1"), 0);
  EXPECT_TRUE(publisher_->produced.empty());
  ASSERT_EQ(store_->pending().size(), 1u);
  EXPECT_EQ(store_->pending()[0].id, "g1");
}

// A finished poll of `source` carrying `body`.
fetch::Result fetched(const std::string& source, const std::string& url, std::string body,
                      const std::string& content_type = "application/rss+xml") {
  fetch::Result r;
  r.source = source;
  r.url = url;
  r.outcome = fetch::Outcome::ok;
  r.http_status = 200;
  r.body = std::move(body);
  r.content_type = content_type;
  r.finished = std::chrono::steady_clock::now();
  return r;
}

std::string rss(const std::string& items) {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><ttl>45</ttl>" + items + "</channel></rss>";
}

std::string rss_item(const std::string& guid, const std::string& title, const std::string& text,
                     const std::string& link = "") {
  return "<item><guid isPermaLink=\"false\">" + guid + "</guid><title>" + title + "</title>" +
         (link.empty() ? "" : "<link>" + link + "</link>") + "<description>" + text + "</description></item>";
}

config::Source source(const std::string& name, config::SourceKind kind) {
  config::Source s;
  s.name = name;
  s.url = "http://news.invalid/" + name;
  s.kind = kind;
  return s;
}

// Given a feed with a match, a non-match and the same match twice, we should publish the match
// once, record both items, and report two fresh items and the feed's <ttl> to the scheduler.
TEST_F(PipelineTest, AFeedIsHandledAsOneBatch) {
  pipeline_->set_sources({source("wire", config::SourceKind::rss)});
  const std::string treaty = rss_item("t1", "Iran and Russia sign comprehensive strategic partnership treaty",
                                      "The presidents of Iran and Russia signed the 20-year treaty in Moscow.");
  const auto handled = pipeline_->handle(fetched("wire", "http://news.invalid/wire", rss(
      treaty + rss_item("w1", "Sunny weekend ahead", "Warm and dry weather until Monday.") + treaty)));
  EXPECT_EQ(handled.fresh, 2u);
  ASSERT_TRUE(handled.ttl.has_value());
  EXPECT_EQ(*handled.ttl, std::chrono::minutes(45));
  ASSERT_EQ(publisher_->produced.size(), 1u);
  EXPECT_EQ(publisher_->produced[0].key, "t1");
  // The next poll of the same feed finds nothing new.
  EXPECT_EQ(pipeline_->handle(fetched("wire", "http://news.invalid/wire", rss(treaty + rss_item("w1", "Sunny", "x")))).fresh, 0u);
  EXPECT_EQ(publisher_->produced.size(), 1u);
}

class CrawlingPipelineTest : public PipelineTest {
 protected:
  void SetUp() override {
    PipelineTest::SetUp();
    crawl::Options o;
    o.respect_robots_txt = false;
    crawler_ = std::make_unique<crawl::Crawler>(o, clock_, [this](const crawl::Request& r) {
      requests_.push_back(r);
      return true;
    });
    pipeline_->attach_crawler(*crawler_);
  }
  // The fetcher's answer to the crawler's request number `i`.
  fetch::Result page(std::size_t i, std::string html) {
    fetch::Result r = fetched(requests_.at(i).source, requests_.at(i).url, std::move(html), "text/html; charset=utf-8");
    r.request_id = requests_.at(i).id;
    return r;
  }
  static std::string article_html(const std::string& title, const std::string& text) {
    return "<html><head><title>" + title + "</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>" +
           title + "</h1><p>" + text + "</p><p>" + text + "</p></article></body></html>";
  }
  std::unique_ptr<crawl::Crawler> crawler_;
  std::vector<crawl::Request> requests_;
};

// Given a feed item with only a teaser and fetch_full_text on, we should classify it on its page's
// text once the page arrives — and record it as seen only then.
TEST_F(CrawlingPipelineTest, TeaserItemIsClassifiedOnItsPage) {
  config::Source wire = source("wire", config::SourceKind::rss);
  wire.full_text = {true, 200};
  pipeline_->set_sources({wire});
  const std::string feed = rss(rss_item("g7", "Agreement signed", "Read more on our site.", "http://news.invalid/story/7"));
  pipeline_->handle(fetched("wire", "http://news.invalid/wire", feed));
  ASSERT_EQ(requests_.size(), 1u);
  EXPECT_EQ(requests_[0].url, "http://news.invalid/story/7");
  EXPECT_TRUE(publisher_->produced.empty());
  // Polled again before the page arrives: not asked for twice.
  pipeline_->handle(fetched("wire", "http://news.invalid/wire", feed));
  EXPECT_EQ(requests_.size(), 1u);
  pipeline_->handle(page(0, article_html("Agreement signed", "Russia and Iran signed an intergovernmental agreement "
                                         "on a gas pipeline, the energy ministers of both countries said in Tehran.")));
  ASSERT_EQ(publisher_->produced.size(), 1u);
  auto msg = nlohmann::json::parse(publisher_->produced[0].value);
  EXPECT_EQ(msg["id"], "g7");
  EXPECT_EQ(msg["text_from"], "page");
  EXPECT_NE(msg["text"].get<std::string>().find("gas pipeline"), std::string::npos);
}

// Given a teaser whose page cannot be fetched, we should still classify the item on its summary
// (nothing is lost); given a listing link whose page failed, we should keep it for another round.
TEST_F(CrawlingPipelineTest, FailedPagesLoseNothing) {
  config::Source wire = source("wire", config::SourceKind::rss);
  wire.full_text = {true, 400};
  config::Source front = source("front", config::SourceKind::html);
  pipeline_->set_sources({wire, front});
  pipeline_->handle(fetched("wire", "http://news.invalid/wire",
                            rss(rss_item("g8", "Iran and Russia ratify their strategic partnership treaty",
                                         "Parliaments in Tehran and Moscow ratified the treaty.", "http://news.invalid/s/8"))));
  ASSERT_EQ(requests_.size(), 1u);
  fetch::Result failed = page(0, "");
  failed.outcome = fetch::Outcome::http_error;
  failed.http_status = 404;
  pipeline_->handle(failed);
  ASSERT_EQ(publisher_->produced.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(publisher_->produced[0].value)["text_from"], "feed");

  const std::string listing =
      "<html><body><main><h2><a href=\"/news/2025/01/17/iran-russia-treaty-signed-in-moscow\">Iran and Russia sign "
      "their partnership treaty in Moscow</a></h2></main></body></html>";
  pipeline_->handle(fetched("front", "http://news.invalid/front", listing, "text/html"));
  ASSERT_EQ(requests_.size(), 2u);
  EXPECT_EQ(requests_[1].url, "http://news.invalid/news/2025/01/17/iran-russia-treaty-signed-in-moscow");
  failed = page(1, "");
  failed.outcome = fetch::Outcome::timeout;
  pipeline_->handle(failed);
  EXPECT_EQ(publisher_->produced.size(), 1u);
  EXPECT_FALSE(store_->seen(requests_[1].url)) << "a failed listing link is not recorded";
  EXPECT_EQ(crawler_->pending(), 1u) << "it waits for its next fetch round";
}

}  // namespace

