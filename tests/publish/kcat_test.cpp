#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "publish/embedded_broker.h"
#include "publish/publisher.h"
#include "test_consumer.h"

namespace {

using namespace std::chrono_literals;

// Runs a command and returns its standard output.
std::string run(const std::string& cmd) {
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return out;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  pclose(f);
  return out;
}

// Given messages published to the embedded broker, kcat (another Kafka client altogether) should
// read each of them with its key and headers.
TEST(Kcat, ReadsWhatWasPublished) {
  if (std::system("command -v kcat >/dev/null 2>&1") != 0) GTEST_SKIP() << "kcat not on PATH";
  std::string error;
  auto broker = publish::EmbeddedBroker::start(1, "newswatch.matches", 1, error);
  ASSERT_TRUE(broker) << error;
  publish::Options o;
  o.brokers = broker->bootstrap();
  publishtest::Deliveries deliveries;
  auto p = publish::make_kafka_publisher(o, deliveries.callback(), error);
  ASSERT_TRUE(p) << error;
  for (auto& m : publishtest::messages(3)) ASSERT_TRUE(p->produce(m));
  ASSERT_EQ(p->flush(30s), 0u);
  ASSERT_EQ(deliveries.ok(), 3u);

  // -e: exit at the end of the partition; timeout(1) bounds it should kcat hang.
  const std::string out =
      run("timeout 30 kcat -b " + o.brokers + " -t newswatch.matches -C -e -J -q");
  std::vector<nlohmann::json> lines;
  for (std::size_t pos = 0, nl; (nl = out.find('\n', pos)) != std::string::npos; pos = nl + 1)
    lines.push_back(nlohmann::json::parse(out.substr(pos, nl - pos), nullptr, false));
  ASSERT_EQ(lines.size(), 3u) << out;
  for (int i = 0; i < 3; ++i) {
    const auto& j = lines[static_cast<std::size_t>(i)];
    ASSERT_FALSE(j.is_discarded()) << out;
    const std::string s = std::to_string(i);
    EXPECT_EQ(j.value("key", ""), "key-" + s);
    EXPECT_EQ(j.value("payload", ""), "value-" + s);
    EXPECT_EQ(j.value("headers", nlohmann::json()), nlohmann::json({"source", "test", "n", s}));
  }
}

}  // namespace
