#include <gtest/gtest.h>

#include <chrono>

#include "publish/embedded_broker.h"
#include "publish/publisher.h"
#include "test_consumer.h"

namespace {

using namespace std::chrono_literals;
using publishtest::Deliveries;

const std::string kTopic = "newswatch.matches";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class ReadBackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    broker_ = publish::EmbeddedBroker::start(1, kTopic, 3, error);
    ASSERT_TRUE(broker_) << error;
    options_.brokers = broker_->bootstrap();
    options_.read_back_timeout = 20s;
    publisher_ = publish::make_kafka_publisher(options_, deliveries_.callback(), error);
    ASSERT_TRUE(publisher_) << error;
  }
  void produce_all(int n) {
    for (auto& m : publishtest::messages(n)) ASSERT_TRUE(publisher_->produce(m));
    ASSERT_EQ(publisher_->flush(30s), 0u);
    ASSERT_EQ(deliveries_.ok(), static_cast<std::size_t>(n));
  }

  std::unique_ptr<publish::EmbeddedBroker> broker_;
  publish::Options options_;
  Deliveries deliveries_;
  std::unique_ptr<publish::Publisher> publisher_;
};

// Given keys spread over three partitions, we should find exactly those of ours that are in the
// topic, and none that are not.
TEST_F(ReadBackTest, FindsTheKeysAlreadyInTheTopic) {
  const std::int64_t before = now_ms() - 60'000;
  produce_all(30);
  std::unordered_set<std::string> found;
  EXPECT_EQ(publisher_->find_published({"key-0", "key-17", "key-29", "key-30", "missing"}, before, found), "");
  EXPECT_EQ(found, (std::unordered_set<std::string>{"key-0", "key-17", "key-29"}));
}

// Given records older than the point in time asked for, we should not need them (and not fail),
// and an empty topic or an empty question should be answered at once.
TEST_F(ReadBackTest, EmptyTopicAndEmptyQuestion) {
  std::unordered_set<std::string> found;
  EXPECT_EQ(publisher_->find_published({"key-0"}, now_ms(), found), "");
  EXPECT_TRUE(found.empty());
  produce_all(3);
  EXPECT_EQ(publisher_->find_published({}, 0, found), "");
  EXPECT_TRUE(found.empty());
  EXPECT_EQ(publisher_->find_published({"key-0"}, now_ms() + 3'600'000, found), "");
  EXPECT_TRUE(found.empty()) << "records older than the point in time are not looked at";
}

// Given the broker is down, we should give up at the deadline with an error, not hang.
TEST_F(ReadBackTest, BrokerDownIsAnError) {
  produce_all(1);
  options_.read_back_timeout = 2s;
  std::string error;
  auto p = publish::make_kafka_publisher(options_, deliveries_.callback(), error);
  ASSERT_TRUE(p) << error;
  broker_->set_broker_up(1, false);
  std::unordered_set<std::string> found;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_NE(p->find_published({"key-0"}, 0, found), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 15s);
}

// Given a recreated producer, we should keep producing with it and never report the messages the
// old one dropped.
TEST_F(ReadBackTest, RecreateDropsOutstandingWithoutReports) {
  broker_->set_broker_up(1, false);
  for (auto& m : publishtest::messages(3)) ASSERT_TRUE(publisher_->produce(m));
  EXPECT_EQ(publisher_->recreate(), "");
  EXPECT_EQ(publisher_->queue_depth(), 0u);
  broker_->set_broker_up(1, true);
  ASSERT_TRUE(publisher_->produce({"k", "after", {}, "after"}));
  EXPECT_EQ(publisher_->flush(30s), 0u);
  ASSERT_EQ(deliveries_.all.size(), 1u);
  EXPECT_EQ(deliveries_.all[0].item_id, "after");
  EXPECT_TRUE(deliveries_.all[0].ok);
}

// Given transient Produce errors injected by the broker, we should deliver each message once.
TEST_F(ReadBackTest, TransientProduceErrorsAreRetried) {
  std::vector<int> errs;
  for (int i = 0; i < 10; ++i) errs.insert(errs.end(), {6, 7, 19});
  broker_->push_request_errors(0, errs);
  for (int round = 0; round < 3; ++round) {
    for (auto& m : publishtest::messages(100)) ASSERT_TRUE(publisher_->produce(m));
    ASSERT_EQ(publisher_->flush(30s), 0u);
  }
  auto records = publishtest::consume(broker_->bootstrap(), kTopic, 3, 301, 3s);
  EXPECT_EQ(records.size(), 300u);
}

// Given a running producer, we should get librdkafka's statistics.
TEST_F(ReadBackTest, ExportsStatistics) {
  options_.properties["statistics.interval.ms"] = "100";
  std::string error;
  auto p = publish::make_kafka_publisher(options_, deliveries_.callback(), error);
  ASSERT_TRUE(p) << error;
  ASSERT_TRUE(p->produce({"k", "v", {}, "x"}));
  ASSERT_TRUE(publishtest::poll_until(*p, [&] { return !p->stats().broker_rtt_seconds.empty(); }, 10s));
  EXPECT_EQ(p->flush(10s), 0u);
}

}  // namespace
