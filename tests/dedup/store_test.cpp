#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "dedup/deduper.h"

namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/newswatch-dedup-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<dedup::Store> open(const std::string& dir) {
    std::string error;
    auto store = dedup::Store::open(dir, error);
    EXPECT_TRUE(store) << error;
    EXPECT_TRUE(error.empty()) << error;
    return store;
  }

  fs::path dir_;
};

const dedup::Pending kMsg{
    "id-1", std::string("{\"t\":\"x\"}\0z", 12), {{"source", "tass"}, {"k", ""}}};

// Given a fresh store, we should see nothing, and then see each id in every state.
TEST_F(StoreTest, SeesIdsInEveryState) {
  auto store = open((dir_ / "state").string());  // created on demand
  EXPECT_FALSE(store->seen("a"));
  EXPECT_TRUE(store->mark_rejected("a", "tass"));
  EXPECT_TRUE(store->add_pending("b", "tass", kMsg));
  EXPECT_TRUE(store->add_pending("c", "tass", kMsg));
  EXPECT_TRUE(store->mark_published("c"));
  for (auto id : {"a", "b", "c"}) EXPECT_TRUE(store->seen(id)) << id;
  EXPECT_FALSE(store->seen("d"));
  EXPECT_EQ(store->published_count(), 1u);
  EXPECT_EQ(store->last_error(), "");
}

// Given a restart, we should remember what was seen and published and replay what is pending,
// oldest first, with payload and headers byte for byte.
TEST_F(StoreTest, SurvivesReopen) {
  {
    auto store = open(dir_.string());
    store->mark_rejected("rejected", "ria");
    store->add_pending("p1", "tass", dedup::Pending{"p1", kMsg.payload, kMsg.headers});
    store->add_pending("p2", "tass", dedup::Pending{"p2", "two", {}});
    store->add_pending("done", "tass", dedup::Pending{"done", "x", {}});
    store->mark_published("done");
  }
  auto store = open(dir_.string());
  EXPECT_TRUE(store->seen("rejected"));
  EXPECT_TRUE(store->seen("done"));
  EXPECT_EQ(store->published_count(), 1u);
  auto pending = store->pending();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].id, "p1");
  EXPECT_EQ(pending[0].payload, kMsg.payload);
  EXPECT_EQ(pending[0].headers, kMsg.headers);
  EXPECT_EQ(pending[1].id, "p2");
  EXPECT_EQ(pending[1].payload, "two");
  EXPECT_TRUE(pending[1].headers.empty());
}

// Given calls out of order, we should only move an item forward: rejected → pending → published.
TEST_F(StoreTest, StatesOnlyMoveForward) {
  auto store = open(dir_.string());
  store->add_pending("x", "tass", kMsg);
  store->mark_rejected("x", "tass");  // must not drop the pending message
  ASSERT_EQ(store->pending().size(), 1u);
  store->mark_published("x");
  store->add_pending("x", "tass", kMsg);  // a replayed item already published stays published
  EXPECT_TRUE(store->pending().empty());
  EXPECT_EQ(store->published_count(), 1u);
  store->mark_rejected("y", "tass");
  store->add_pending("y", "tass", kMsg);  // reclassified as a match
  EXPECT_EQ(store->pending().size(), 1u);
}

// Given a pending item that is acknowledged after a restart, we should stop replaying it.
TEST_F(StoreTest, PublishedAfterReopenIsNoLongerPending) {
  open(dir_.string())->add_pending("p", "tass", kMsg);
  open(dir_.string())->mark_published("p");
  auto store = open(dir_.string());
  EXPECT_TRUE(store->pending().empty());
  EXPECT_EQ(store->published_count(), 1u);
}

// Given several threads writing at once, we should record every write (the store is thread-safe).
TEST_F(StoreTest, ConcurrentWriters) {
  auto store = open(dir_.string());
  constexpr int kThreads = 4, kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&store, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        store->add_pending(id, "s", kMsg);
        store->mark_published(id);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(store->published_count(), std::size_t{kThreads * kEach});
  EXPECT_TRUE(store->pending().empty());
}

// Given a state dir that is a regular file, or lies under one, we should get an error, not a crash.
TEST_F(StoreTest, StateDirIsAFile) {
  const fs::path file = dir_ / "file";
  std::ofstream(file) << "x";
  for (const fs::path& bad : {file, file / "sub"}) {
    std::string error;
    EXPECT_EQ(dedup::Store::open(bad.string(), error), nullptr);
    EXPECT_NE(error.find(bad.string()), std::string::npos) << error;
  }
}

// Given a database file that is not SQLite, we should report it, not crash.
TEST_F(StoreTest, DatabaseIsGarbage) {
  std::ofstream(dir_ / "newswatch.db") << std::string(4096, 'g');
  std::string error;
  EXPECT_EQ(dedup::Store::open(dir_.string(), error), nullptr);
  EXPECT_NE(error.find("newswatch.db"), std::string::npos) << error;
}

// Given a state dir we may not write to, we should get an error (root may write anywhere: skip).
TEST_F(StoreTest, StateDirUnwritable) {
  if (geteuid() == 0) GTEST_SKIP() << "running as root: permissions are not enforced";
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  std::string error;
  EXPECT_EQ(dedup::Store::open(dir_.string(), error), nullptr);
  EXPECT_FALSE(error.empty());
  fs::permissions(dir_, fs::perms::owner_all);
}

}  // namespace

namespace {

// Given a pending item Kafka refused for good, we should move it to the dead letters: no longer
// pending (never replayed), still seen, and one JSON line with its id, reason and message.
TEST_F(StoreTest, DeadLettersLeaveTheSpoolAndGoToAFile) {
  auto store = open(dir_.string());
  ASSERT_TRUE(store->add_pending("p1", "tass", dedup::Pending{"p1", "{\"a\":\"x\ny\"}", {}}));
  ASSERT_TRUE(store->add_pending("p2", "tass", dedup::Pending{"p2", "two", {}}));
  EXPECT_EQ(store->pending_count(), 2u);
  EXPECT_TRUE(store->mark_dead("p1", "Broker: Message size too large"));
  EXPECT_FALSE(store->mark_dead("p1", "again")) << "only a pending item can die";
  EXPECT_TRUE(store->seen("p1"));
  ASSERT_EQ(store->pending().size(), 1u);
  EXPECT_EQ(store->pending()[0].id, "p2");
  EXPECT_EQ(store->pending_count(), 1u);
  EXPECT_FALSE(store->mark_published("p1") && store->published_count() == 1) << "dead stays dead";
  std::ifstream in(dir_ / "dead-letter.jsonl");
  std::string line, rest;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_FALSE(std::getline(in, rest)) << "one line per dead letter";
  EXPECT_NE(line.find("\"id\":\"p1\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"reason\":\"Broker: Message size too large\""), std::string::npos) << line;
  EXPECT_NE(line.find(R"("message":"{\"a\":\"x\u000ay\"}")"), std::string::npos) << line;
}

// Given pending items, we should say when each was first recorded (the read-back starts there).
TEST_F(StoreTest, PendingCarriesWhenItWasFirstSeen) {
  auto store = open(dir_.string());
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  ASSERT_TRUE(store->add_pending("p1", "tass", dedup::Pending{"p1", "x", {}}));
  auto pending = store->pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_GE(pending[0].first_seen, now - 5);
  EXPECT_LE(pending[0].first_seen, now + 5);
}

}  // namespace

namespace {

// Given ids in every state, unknown ones and a repeat, we should answer each in input order, in
// one call; an empty batch gives an empty answer.
TEST_F(StoreTest, SeenManyAnswersEachIdInOrder) {
  auto store = open(dir_.string());
  ASSERT_TRUE(store->mark_rejected("r", "tass"));
  ASSERT_TRUE(store->add_pending("p", "tass", kMsg));
  ASSERT_TRUE(store->add_pending("d", "tass", kMsg));
  ASSERT_TRUE(store->mark_published("d"));
  const std::vector<bool> got = store->seen_many({"x", "r", "p", "d", "y", "r", std::string("\0", 1)});
  EXPECT_EQ(got, (std::vector<bool>{false, true, true, true, false, true, false}));
  EXPECT_TRUE(store->seen_many({}).empty());
  EXPECT_EQ(store->last_error(), "");
  EXPECT_TRUE(store->mark_rejected("after", "tass")) << "no transaction left open";
  EXPECT_TRUE(store->seen("after"));
}

// Given a batch of rejections, including ids already pending or published and a repeat, we
// should record the new ones and move none backwards; an empty batch is a no-op.
TEST_F(StoreTest, MarkRejectedManyFollowsTheSingleRules) {
  auto store = open(dir_.string());
  ASSERT_TRUE(store->add_pending("p", "tass", kMsg));
  ASSERT_TRUE(store->add_pending("d", "tass", kMsg));
  ASSERT_TRUE(store->mark_published("d"));
  EXPECT_TRUE(store->mark_rejected_many({}));
  EXPECT_TRUE(store->mark_rejected_many({{"a", "ria"}, {"p", "ria"}, {"d", "ria"}, {"b", "tass"}, {"a", "ria"}}));
  EXPECT_EQ(store->seen_many({"a", "b", "c"}), (std::vector<bool>{true, true, false}));
  ASSERT_EQ(store->pending().size(), 1u);
  EXPECT_EQ(store->pending()[0].payload, kMsg.payload) << "a pending message is kept";
  EXPECT_EQ(store->published_count(), 1u);
  EXPECT_EQ(store->last_error(), "");
  ASSERT_TRUE(store->add_pending("b", "tass", kMsg)) << "a rejected item may still match later";
  EXPECT_EQ(store->pending_count(), 2u);
}

// Given a rejected batch followed by a pending item, we should find both after a restart (the
// pending write after a no-fsync batch is committed as durably as before).
TEST_F(StoreTest, BatchAndPendingSurviveReopen) {
  {
    auto store = open(dir_.string());
    std::vector<std::pair<std::string, std::string>> batch;
    for (int i = 0; i < 30; ++i) batch.emplace_back("item-" + std::to_string(i), "tass");
    ASSERT_TRUE(store->mark_rejected_many(batch));
    ASSERT_TRUE(store->add_pending("match", "tass", kMsg));
  }
  auto store = open(dir_.string());
  const auto seen = store->seen_many({"item-0", "item-29", "match"});
  EXPECT_EQ(seen, (std::vector<bool>{true, true, true}));
  ASSERT_EQ(store->pending().size(), 1u);
  EXPECT_EQ(store->pending()[0].id, "match");
}

// Given threads mixing batched lookups, batched rejections and pending writes, we should record
// every write (the batch calls take the same lock as the single ones).
TEST_F(StoreTest, ConcurrentBatches) {
  auto store = open(dir_.string());
  constexpr int kThreads = 4, kBatches = 10, kEach = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&store, t] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<std::pair<std::string, std::string>> batch;
        std::vector<std::string> ids;
        for (int i = 0; i < kEach; ++i) {
          ids.push_back(std::to_string(t) + "-" + std::to_string(b) + "-" + std::to_string(i));
          batch.emplace_back(ids.back(), "s");
        }
        store->seen_many(ids);
        store->mark_rejected_many(batch);
        store->add_pending("p-" + ids.front(), "s", kMsg);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(store->pending_count(), std::size_t{kThreads * kBatches});
  std::vector<std::string> all;
  for (int t = 0; t < kThreads; ++t)
    for (int b = 0; b < kBatches; ++b)
      for (int i = 0; i < kEach; ++i) all.push_back(std::to_string(t) + "-" + std::to_string(b) + "-" + std::to_string(i));
  const auto seen = store->seen_many(all);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), true), kThreads * kBatches * kEach);
}

}  // namespace
