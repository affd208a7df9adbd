// The fetcher tests' shared fixture: a real HTTP server on 127.0.0.1 (tests/support/http_server.py)
// serving a temporary directory, a fake clock for schedules, and a helper that polls with a deadline.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "support/fake_clock.h"
#include "fetch/fetcher.h"
#include "support/http_server.h"

namespace fetchtest {

using namespace std::chrono_literals;

using Results = std::vector<fetch::Result>;

// Polls until `n` results arrived or `limit` of real time passed.
inline Results poll_until(fetch::Fetcher& fetcher, std::size_t n, std::chrono::seconds limit = 10s) {
  Results got;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (got.size() < n && std::chrono::steady_clock::now() < deadline) {
    for (auto& r : fetcher.poll(50ms)) got.push_back(std::move(r));
  }
  return got;
}

class FetcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string dir = (std::filesystem::temp_directory_path() / "newswatch-fetch-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    root_ = new std::string(dir);
    server_ = new testsupport::HttpServer(*root_);
  }
  static void TearDownTestSuite() {
    delete server_;
    std::filesystem::remove_all(*root_);
    delete root_;
  }

  // Each test uses its own file names, so the shared server's counters stay per test.
  static void write_file(const std::string& name, const std::string& content) {
    std::ofstream(*root_ + "/" + name, std::ios::binary) << content;
  }
  static fetch::SourceSpec source(const std::string& name, const std::string& path,
                                  std::chrono::milliseconds interval = 1min) {
    return {name, server_->url(path), interval};
  }
  fetch::Fetcher& make_fetcher() {
    fetcher_ = std::make_unique<fetch::Fetcher>(opts_, clock_);
    return *fetcher_;
  }

  static inline std::string* root_ = nullptr;
  static inline testsupport::HttpServer* server_ = nullptr;
  fetch::Options opts_ = [] {
    fetch::Options o;
    o.connect_timeout = 2s;
    o.total_timeout = 5s;
    o.backoff_base = 1s;
    o.backoff_max = 1min;
    return o;
  }();
  testsupport::FakeClock clock_;
  std::unique_ptr<fetch::Fetcher> fetcher_;
};

inline const std::string kFeed =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>\n";

}  // namespace fetchtest
