#include <gtest/gtest.h>

#include "publish/embedded_broker.h"
#include "publish/publisher.h"

namespace {

using namespace std::chrono_literals;

// Given a reachable broker with our topic, check_broker should return "".
TEST(CheckBroker, ReachableWithTopic) {
  std::string error;
  auto broker = publish::EmbeddedBroker::start(3, "newswatch.matches", 2, error);
  ASSERT_TRUE(broker) << error;
  EXPECT_EQ(broker->bootstrap().rfind("127.0.0.1:", 0), 0u) << broker->bootstrap();
  publish::Options o;
  o.brokers = broker->bootstrap();
  EXPECT_EQ(publish::check_broker(o, 10s), "");
}

// Given a reachable broker without our topic, we should say the topic is missing (and not create
// it).
TEST(CheckBroker, MissingTopic) {
  std::string error;
  auto broker = publish::EmbeddedBroker::start(1, "other", 1, error);
  ASSERT_TRUE(broker) << error;
  publish::Options o;
  o.brokers = broker->bootstrap();
  o.topic = "absent";
  const std::string first = publish::check_broker(o, 10s);
  EXPECT_NE(first.find("'absent' does not exist"), std::string::npos) << first;
  EXPECT_EQ(publish::check_broker(o, 10s), first);
}

// Given nothing listening, we should report the brokers within the timeout.
TEST(CheckBroker, Unreachable) {
  publish::Options o;
  o.brokers = "127.0.0.1:1";
  const auto start = std::chrono::steady_clock::now();
  const std::string error = publish::check_broker(o, 1s);
  EXPECT_NE(error.find("127.0.0.1:1"), std::string::npos) << error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

// Given a bad property, we should report it rather than try to connect.
TEST(CheckBroker, BadProperty) {
  publish::Options o;
  o.brokers = "127.0.0.1:1";
  o.properties["no.such.property"] = "x";
  EXPECT_NE(publish::check_broker(o, 1s).find("no.such.property"), std::string::npos);
}

}  // namespace
