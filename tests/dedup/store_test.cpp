#include <gtest/gtest.h>
#include <unistd.h>

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
