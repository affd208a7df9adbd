#include <gtest/gtest.h>

#include "publish/embedded_broker.h"
#include "publish/publisher.h"
#include "test_consumer.h"

namespace {

using namespace std::chrono_literals;
using publishtest::Deliveries;

const std::string kTopic = "newswatch.matches";

// A one-broker cluster that the test takes down and brings back; quick reconnects.
class BrokerDownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    broker_ = publish::EmbeddedBroker::start(1, kTopic, 1, error);
    ASSERT_TRUE(broker_) << error;
    options_.brokers = broker_->bootstrap();
    options_.properties = {{"reconnect.backoff.ms", "50"}, {"reconnect.backoff.max.ms", "200"}};
    publisher_ = publish::make_kafka_publisher(options_, deliveries_.callback(), error);
    ASSERT_TRUE(publisher_) << error;
    // Connected and idempotent producer id acquired before the outage.
    ASSERT_TRUE(publisher_->produce({"k", "warm-up", {}, "warm-up"}));
    ASSERT_TRUE(publishtest::poll_until(
        *publisher_, [&] { return deliveries_.ok() == 1; }, 30s));
    deliveries_.all.clear();
  }

  std::unique_ptr<publish::EmbeddedBroker> broker_;
  publish::Options options_;
  Deliveries deliveries_;
  std::unique_ptr<publish::Publisher> publisher_;
};

// Given the broker is down, flush should give up at its deadline and return how many messages are
// still unacknowledged; once it is back, a flush should deliver them all.
TEST_F(BrokerDownTest, FlushReturnsWhatIsStillQueued) {
  broker_->set_broker_up(1, false);
  for (auto& m : publishtest::messages(3)) ASSERT_TRUE(publisher_->produce(m));
  EXPECT_EQ(publisher_->flush(300ms), 3u);
  EXPECT_EQ(publisher_->queue_depth(), 3u);
  broker_->set_broker_up(1, true);
  EXPECT_EQ(publisher_->flush(30s), 0u);
  EXPECT_EQ(deliveries_.ok(), 3u);
}

// Given messages produced while the broker is down, we should not report them while it is down
// and deliver every one of them, once, after it comes back.
TEST_F(BrokerDownTest, DeliversAfterTheBrokerComesBack) {
  constexpr int kN = 10;
  broker_->set_broker_up(1, false);
  for (auto& m : publishtest::messages(kN)) ASSERT_TRUE(publisher_->produce(m));
  publisher_->poll(300ms);  // a window in which nothing can be acknowledged
  EXPECT_EQ(deliveries_.all.size(), 0u);
  broker_->set_broker_up(1, true);
  ASSERT_TRUE(publishtest::poll_until(
      *publisher_, [&] { return deliveries_.all.size() == kN; }, 60s));
  EXPECT_EQ(deliveries_.ok(), std::size_t{kN});
  auto records = publishtest::consume(broker_->bootstrap(), kTopic, 1, kN + 2, 3s);
  EXPECT_EQ(records.size(), std::size_t{kN + 1});  // the warm-up message and each one once
}

// Given librdkafka's queue is full and stays full (broker down), produce should retry for its
// bounded time, then refuse: the caller keeps the message and nothing is reported for it.
TEST_F(BrokerDownTest, RefusesWhenTheQueueStaysFull) {
  std::string error;
  options_.properties["queue.buffering.max.messages"] = "1";
  options_.queue_full_timeout = 200ms;
  Deliveries deliveries;
  auto p = publish::make_kafka_publisher(options_, deliveries.callback(), error);
  ASSERT_TRUE(p) << error;
  broker_->set_broker_up(1, false);
  ASSERT_TRUE(p->produce({"k", "first", {}, "first"}));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(p->produce({"k", "second", {}, "second"}));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
  EXPECT_EQ(p->queue_depth(), 1u);
  broker_->set_broker_up(1, true);
  EXPECT_EQ(p->flush(30s), 0u);
  ASSERT_EQ(deliveries.all.size(), 1u);
  EXPECT_EQ(deliveries.all[0].item_id, "first");
  EXPECT_TRUE(p->produce({"k", "second", {}, "second"}));  // the caller's retry now goes through
  EXPECT_EQ(p->flush(30s), 0u);
}

}  // namespace
