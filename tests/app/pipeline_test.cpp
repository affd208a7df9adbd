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

}  // namespace
