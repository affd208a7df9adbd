// The shared feed conformance suite (../shared/conformance), run against the real
// `newswatchd parse-feed` exactly as an operator would run check.py.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support/daemon_harness.h"
#include "support/paths.h"
#include "support/process.h"

namespace {

struct Tally {
  long passed = 0, failed = 0, errors = 0;
  double rate() const { return passed + failed == 0 ? 1.0 : double(passed) / double(passed + failed); }
  void add(const nlohmann::json& g) {
    passed += g.value("passed", 0L);
    failed += g.value("failed", 0L);
    errors += g.value("errors", 0L);
  }
};

bool is_wellformed_feed_group(const std::string& g) {
  return g == "wellformed/rss" || g == "wellformed/atom" || g == "wellformed/atom10" ||
         g == "wellformed/rdf";
}

// Given every case of the conformance suite, run with the HTTP context, we should produce valid
// JSON for each (no crash, hang or error), pass >= 98 % of the assertions on well-formed
// RSS/Atom/RDF and >= 95 % overall.
TEST(ConformanceSuite, GivenTheSharedSuite_WeShouldMeetTheTargets) {
  const auto shared = testsupport::shared_dir();
  if (!shared) GTEST_SKIP() << "../shared is not available";
  const std::string check = *shared + "/conformance/check.py";
  if (!std::filesystem::exists(check)) GTEST_SKIP() << "no conformance/check.py";
  const std::string binary = testsupport::daemon_path();
  ASSERT_TRUE(std::filesystem::exists(binary)) << binary;
  const std::string report =
      (std::filesystem::temp_directory_path() / ("conformance-" + std::to_string(::getpid()) + ".json")).string();
  const std::string parser = binary +
                             " parse-feed --url {url} --content-type {content_type}"
                             " --content-location {content_location}"
                             " --content-language {content_language} {file}";
  const testsupport::RunResult r = testsupport::run(
      {"/usr/bin/python3", check, "-j", "2", "--parser", parser, "--json", report}, "",
      std::chrono::minutes(8));
  std::cout << r.out;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(testsupport::read_file(report));
  std::remove(report.c_str());

  Tally overall, wellformed;
  for (const auto& [group, st] : doc.at("groups").items()) {
    overall.add(st);
    if (is_wellformed_feed_group(group)) wellformed.add(st);
  }
  std::cout << "well-formed rss/atom/rdf: " << wellformed.passed << "/"
            << wellformed.passed + wellformed.failed << " (" << 100 * wellformed.rate() << " %)\n"
            << "overall: " << overall.passed << "/" << overall.passed + overall.failed << " ("
            << 100 * overall.rate() << " %)\n";
  EXPECT_EQ(overall.errors, 0) << "cases that crashed, hung or printed invalid JSON";
  EXPECT_GE(wellformed.rate(), 0.98);
  EXPECT_GE(overall.rate(), 0.95);
  EXPECT_GT(overall.passed, 900);  // the suite really ran
}

}  // namespace
