#include <gtest/gtest.h>

#include "classify/topic_filter.h"
#include "shipped_profile.h"

namespace classify {
namespace {

constexpr std::string_view kMinimal = R"(name: tiny
parties:
  alpha: [alpha*]
  beta: [beta]
agreement: [treaty]
)";

// Given the shipped profile, we should load it without errors and know its name.
TEST(ProfileLoader, GivenTheShippedProfileWeShouldLoadIt) {
  const auto profile = classify_test::shipped_profile();
  ASSERT_NE(profile, nullptr);
  EXPECT_EQ(profile_name(*profile), "iran-russia-treaty");
}

// Given a term with a '*' inside a phrase (which the matcher cannot honour), we should refuse
// the profile and say where and what to write instead.
TEST(ProfileLoader, GivenAStarInsideAPhraseWeShouldReportIt) {
  const ProfileLoad load = load_profile_text(std::string(kMinimal) + "third_party: [north* korea]\n", "star.yaml");
  EXPECT_EQ(load.profile, nullptr);
  ASSERT_FALSE(load.errors.empty());  // (the list is then also reported as empty)
  EXPECT_EQ(load.errors[0].rfind("star.yaml:6:15: term 'north* korea'", 0), 0u) << load.errors[0];
}

// Given a minimal profile, we should load it.
TEST(ProfileLoader, GivenAMinimalProfileWeShouldLoadIt) {
  const ProfileLoad load = load_profile_text(kMinimal, "tiny.yaml");
  EXPECT_TRUE(load.errors.empty());
  ASSERT_NE(load.profile, nullptr);
  EXPECT_EQ(profile_name(*load.profile), "tiny");
}

// Given several mistakes, we should report each with FILE:LINE:COL (1-based) and no profile.
TEST(ProfileLoader, GivenSeveralMistakesWeShouldReportEachWithItsPosition) {
  const ProfileLoad load = load_profile_text(R"(name: bad
match_threshold: high
colour: blue
parties:
  alpha: [alpha]
  beta: [beta, "!!"]
agreement: [treaty]
)", "bad.yaml");
  EXPECT_EQ(load.profile, nullptr);
  ASSERT_EQ(load.errors.size(), 3u);
  EXPECT_EQ(load.errors[0].rfind("bad.yaml:3:1: unknown key 'colour'", 0), 0u) << load.errors[0];
  EXPECT_EQ(load.errors[1].rfind("bad.yaml:2:18: 'match_threshold' is not a number", 0), 0u) << load.errors[1];
  EXPECT_EQ(load.errors[2].rfind("bad.yaml:6:16: term '!!'", 0), 0u) << load.errors[2];
}

// Given broken YAML syntax, we should report the parser's position.
TEST(ProfileLoader, GivenBrokenYamlWeShouldReportThePosition) {
  const ProfileLoad load = load_profile_text("name: x\nparties: [a, b\n", "broken.yaml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].rfind("broken.yaml:", 0), 0u);
  EXPECT_NE(load.errors[0].find("YAML syntax error"), std::string::npos);
}

// Given a profile without parties or agreement terms, we should say what is expected.
TEST(ProfileLoader, GivenMissingSectionsWeShouldSayWhatIsExpected) {
  const ProfileLoad load = load_profile_text("name: empty\n", "empty.yaml");
  ASSERT_EQ(load.errors.size(), 2u);
  EXPECT_NE(load.errors[0].find("'parties' must map at least two party names"), std::string::npos);
  EXPECT_NE(load.errors[1].find("missing 'agreement'"), std::string::npos);
}

// Given a path that does not exist, we should report it rather than throw.
TEST(ProfileLoader, GivenAMissingFileWeShouldReportIt) {
  const ProfileLoad load = load_profile_file("/nonexistent/profile.yaml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].rfind("/nonexistent/profile.yaml:1:1: cannot read", 0), 0u);
}

}  // namespace
}  // namespace classify
