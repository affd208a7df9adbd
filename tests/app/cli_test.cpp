// The command line, run as a user runs it: the real newswatchd binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/version.h"
#include "support/daemon_harness.h"
#include "support/paths.h"
#include "support/process.h"

namespace {

std::string daemon() { return testsupport::daemon_path(); }

std::string write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("newswatch-cli-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path.string();
}

// Given --version, we should print the daemon's name and version.
TEST(Cli, PrintsVersion) {
  auto r = testsupport::run({daemon(), "--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::string("newswatchd ") + core::kVersion + "\n");
}

// Given an unknown subcommand, we should say so and exit 2.
TEST(Cli, UnknownSubcommandIsUsageError) {
  auto r = testsupport::run({daemon(), "frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown subcommand 'frobnicate'"), std::string::npos) << r.err;
}

// Given a config with several problems, check-config and run should both list every one as
// FILE:LINE:COL and exit 2.
TEST(Cli, InvalidConfigListsEveryProblem) {
  std::string path = write_temp("bad.yaml",
                                "sources:\n"
                                "  - name: wire\n"
                                "    url: ftp://example.invalid/feed\n"
                                "    intervall: 5m\n"
                                "kafka:\n"
                                "  brokers: embedded\n"
                                "state_dir: /tmp/x\n"
                                "profiles: [/nonexistent/profile.yaml]\n");
  for (const char* cmd : {"check-config", "run"}) {
    auto r = testsupport::run({daemon(), cmd, "-c", path});
    EXPECT_EQ(r.exit_code, 2) << cmd;
    EXPECT_NE(r.err.find(path + ":3:10:"), std::string::npos) << cmd << ": bad url scheme\n" << r.err;
    EXPECT_NE(r.err.find(path + ":4:5:"), std::string::npos) << cmd << ": unknown key\n" << r.err;
    EXPECT_NE(r.err.find("/nonexistent/profile.yaml"), std::string::npos) << cmd << ": missing profile\n" << r.err;
  }
  std::filesystem::remove(path);
}

// Given a listing selector outside the supported subset, check-config should name the source and
// key and exit 2 rather than let the daemon find no links later.
TEST(Cli, BadListingSelectorIsAConfigError) {
  std::string path = write_temp("selector.yaml",
                                "sources:\n"
                                "  - name: ministry\n"
                                "    url: http://127.0.0.1:9/press/\n"
                                "    kind: html\n"
                                "    listing: {link_selector: \"h2 ~ a\", date_selector: time}\n"
                                "profiles: [" + testsupport::source_dir() + "/config/profiles/iran-russia-treaty.yaml]\n");
  auto r = testsupport::run({daemon(), "check-config", "-c", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path + ": sources[0].listing.link_selector: 'h2 ~ a' is not a usable selector"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("date_selector"), std::string::npos) << "a good selector is not reported\n" << r.err;
  std::filesystem::remove(path);
}

// Given the shipped example config, check-config should accept it.
TEST(Cli, ExampleConfigIsValid) {
  auto r = testsupport::run({daemon(), "check-config", "-c", testsupport::source_dir() + "/config/newswatch.example.yaml"});
  // The example names the installed profile path; point it at the repo's copy when not installed.
  if (r.exit_code != 0 && r.err.find("/etc/newswatch/profiles") != std::string::npos) GTEST_SKIP() << "profile not installed";
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// Given JSON Lines on stdin, classify should answer one verdict per line, in order, and survive
// a malformed line.
TEST(Cli, ClassifyAnswersEveryLine) {
  std::string input =
      R"({"id":"a","title":"Iran and Russia sign strategic partnership treaty","text":"The presidents of Russia and Iran signed the treaty in Moscow."})"
      "\n"
      R"({"id":"b","title":"Local bakery wins award","text":"The bread was judged the best in the region."})"
      "\nnot json\n";
  auto r = testsupport::run({daemon(), "classify"}, input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(lines, line);) out.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0]["id"], "a");
  EXPECT_TRUE(out[0]["match"].get<bool>());
  EXPECT_FALSE(out[0]["evidence"].empty());
  EXPECT_GT(out[0]["score"].get<double>(), out[1]["score"].get<double>());
  EXPECT_EQ(out[1]["id"], "b");
  EXPECT_FALSE(out[1]["match"].get<bool>());
  EXPECT_TRUE(out[2].contains("error"));
}

// Given a feed file, parse-feed should print the conformance JSON layout.
TEST(Cli, ParseFeedPrintsJson) {
  auto r = testsupport::run({daemon(), "parse-feed", "--url", "http://127.0.0.1/wire.xml",
                             testsupport::testdata_dir() + "/e2e/testdata/feeds/wire.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], "rss20");
  EXPECT_EQ(j["bozo"], false);
  EXPECT_EQ(j["entries"].size(), 7u);
}

}  // namespace
