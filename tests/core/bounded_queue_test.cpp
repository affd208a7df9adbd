#include "core/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>

using namespace std::chrono_literals;

// Given a full queue, we should block the producer until a consumer makes room.
TEST(BoundedQueue, FullQueueBlocksProducerUntilPop) {
  core::BoundedQueue<int> q(1);
  ASSERT_TRUE(q.push(1));
  std::atomic<bool> pushed{false};
  std::thread producer([&] { q.push(2); pushed = true; });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(pushed.load());
  EXPECT_EQ(q.pop_for(1s).value(), 1);
  producer.join();
  EXPECT_TRUE(pushed.load());
  EXPECT_EQ(q.pop_for(1s).value(), 2);
}

// Given a closed queue, we should still drain what is in it, then report empty.
TEST(BoundedQueue, CloseDrainsThenEnds) {
  core::BoundedQueue<int> q(4);
  q.push(7);
  q.close();
  EXPECT_FALSE(q.push(8));
  EXPECT_EQ(q.pop_for(10ms).value(), 7);
  EXPECT_FALSE(q.pop_for(10ms).has_value());
}
