// Runs `newswatchd extract` over the shared article-extraction benchmark (181 pages) with the
// benchmark's own run.py and scorer, and holds the published-metric F1 to the target.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>

#include "support/daemon_harness.h"
#include "support/paths.h"
#include "support/process.h"

namespace {

TEST(ArticleExtractionBenchmark, ReachesF1TargetWithNoEmptyPages) {
  // Given the shared benchmark, we should reach F1 >= 0.95 with no empty extraction.
  auto shared = testsupport::shared_dir();
  if (!shared) GTEST_SKIP() << "../shared is absent";
  const std::string bench = *shared + "/bench/article-extraction";
  const std::string out = testing::TempDir() + "/extract-benchmark.json";
  const std::string bin = testsupport::daemon_path();
  auto r = testsupport::run({"python3", bench + "/run.py", "--cmd", bin + " extract {file}", "--out", out, "-j", "2",
                             "--timeout", "20", "--bootstrap", "0"},
                            "", std::chrono::minutes(5));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(F1=([0-9.]+) precision=([0-9.]+) recall=([0-9.]+).* empty=([0-9]+))")))
      << r.out;
  std::cout << m[0] << "\n";
  EXPECT_GE(std::stod(m[1]), 0.95);
  EXPECT_EQ(std::stoi(m[4]), 0);
}

}  // namespace
