#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "publish/embedded_broker.h"
#include "publish/publisher.h"
#include "test_consumer.h"

namespace {

using namespace std::chrono_literals;
using publishtest::Deliveries;

const std::string kTopic = "newswatch.matches";

class PublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    broker_ = publish::EmbeddedBroker::start(1, kTopic, 3, error);
    ASSERT_TRUE(broker_) << error;
    options_.brokers = broker_->bootstrap();
  }
  std::unique_ptr<publish::Publisher> make() {
    std::string error;
    auto p = publish::make_kafka_publisher(options_, deliveries_.callback(), error);
    EXPECT_TRUE(p) << error;
    return p;
  }

  std::unique_ptr<publish::EmbeddedBroker> broker_;
  publish::Options options_;
  Deliveries deliveries_;
};

// Given N messages, we should get N successful reports with their item ids, and an independent
// consumer should read exactly those N records with their keys, values and headers.
TEST_F(PublisherTest, DeliversWhatAConsumerReads) {
  constexpr int kN = 25;
  auto p = make();
  ASSERT_TRUE(p);
  for (auto& m : publishtest::messages(kN)) ASSERT_TRUE(p->produce(m));
  EXPECT_TRUE(publishtest::poll_until(
      *p, [&] { return deliveries_.all.size() == kN; }, 30s));
  EXPECT_EQ(deliveries_.ok(), std::size_t{kN});
  EXPECT_EQ(p->queue_depth(), 0u);
  std::set<std::string> ids;
  for (const auto& d : deliveries_.all) ids.insert(d.item_id);
  EXPECT_EQ(ids.size(), std::size_t{kN});
  EXPECT_EQ(ids.count("item-0"), 1u);

  auto records = publishtest::consume(broker_->bootstrap(), kTopic, 3, kN + 1, 3s);
  ASSERT_EQ(records.size(), std::size_t{kN});  // and no more (waited for one extra)
  std::sort(records.begin(), records.end(), [](auto& a, auto& b) { return a.value < b.value; });
  auto want = publishtest::messages(kN);
  std::sort(want.begin(), want.end(), [](auto& a, auto& b) { return a.value < b.value; });
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].key, want[i].key);
    EXPECT_EQ(records[i].value, want[i].value);
    EXPECT_EQ(records[i].headers, want[i].headers);
  }
}

// Given a new publisher, it should know its topic's partitions and leaders before the first
// message: otherwise librdkafka looks them up only after that message, on a one-second timer, and
// the first match after every start waits up to a second for its acknowledgement.
TEST_F(PublisherTest, KnowsItsTopicBeforeTheFirstMessage) {
  options_.properties["statistics.interval.ms"] = "50";
  auto p = make();
  ASSERT_TRUE(p);
  EXPECT_TRUE(publishtest::poll_until(*p, [&] { return p->stats().topic_partitions == 3; }, 10s))
      << "partitions known: " << p->stats().topic_partitions;
  ASSERT_TRUE(p->produce(publishtest::messages(1).front()));
  EXPECT_EQ(p->flush(10s), 0u);
  EXPECT_EQ(deliveries_.ok(), 1u);
}

// Given an unknown or invalid librdkafka property, or no brokers, we should get an error naming
// the problem and no publisher.
TEST_F(PublisherTest, BadConfigurationIsAnError) {
  std::string error;
  options_.properties["no.such.property"] = "1";
  EXPECT_EQ(publish::make_kafka_publisher(options_, nullptr, error), nullptr);
  EXPECT_NE(error.find("no.such.property"), std::string::npos) << error;

  options_.properties = {{"acks", "sometimes"}};
  EXPECT_EQ(publish::make_kafka_publisher(options_, nullptr, error), nullptr);
  EXPECT_NE(error.find("acks"), std::string::npos) << error;

  options_.properties.clear();
  options_.brokers.clear();
  EXPECT_EQ(publish::make_kafka_publisher(options_, nullptr, error), nullptr);
  EXPECT_NE(error.find("brokers"), std::string::npos) << error;
}

// Given a message larger than message.max.bytes, we should take it and report it as a permanent
// failure, and go on delivering the next one.
TEST_F(PublisherTest, TooLargeIsAPermanentFailure) {
  options_.properties["message.max.bytes"] = "1000";
  auto p = make();
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->produce({"k", std::string(5000, 'x'), {}, "big"}));
  ASSERT_TRUE(p->produce({"k", "small", {}, "small"}));
  ASSERT_TRUE(publishtest::poll_until(
      *p, [&] { return deliveries_.all.size() == 2; }, 30s));
  auto big = std::find_if(deliveries_.all.begin(), deliveries_.all.end(),
                          [](auto& d) { return d.item_id == "big"; });
  ASSERT_NE(big, deliveries_.all.end());
  EXPECT_FALSE(big->ok);
  EXPECT_TRUE(big->permanent);
  EXPECT_FALSE(big->error.empty());
  EXPECT_EQ(deliveries_.ok(), 1u);
  EXPECT_EQ(p->queue_depth(), 0u);
}

// Given nothing outstanding, flush should return at once with nothing left.
TEST_F(PublisherTest, FlushWithNothingOutstanding) {
  auto p = make();
  ASSERT_TRUE(p);
  EXPECT_EQ(p->flush(10s), 0u);
  EXPECT_EQ(p->fatal_error(), "");
}

}  // namespace
