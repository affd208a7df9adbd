// The systemd units and the Debian package, checked without a running systemd:
// systemd-analyze verify / security --offline on the unit files, cpack + dpkg-deb for the layout.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "deploy/deploy_support.h"
#include "support/daemon_harness.h"
#include "support/paths.h"

namespace fs = std::filesystem;
using testsupport::read_file;
using testsupport::run;

namespace {

const std::string kBinary = "/usr/bin/newswatchd";

// The unit with its binary path pointing into `root` (verify checks that ExecStart= exists).
std::string unit_in_root(const std::string& unit_path, const std::string& root, const std::string& out_name) {
  std::string text = read_file(unit_path);
  text = std::regex_replace(text, std::regex(kBinary), root + kBinary);
  std::string out = root + "/" + out_name;
  deploy::write_file(out, text);
  return out;
}

// "→ Overall exposure level for newswatchd.service: 1.1 OK" → 1.1
double exposure(const std::string& report) {
  std::smatch m;
  if (!std::regex_search(report, m, std::regex(R"(Overall exposure level for \S+: ([0-9.]+))"))) return 99;
  return std::stod(m[1]);
}

class Units : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!deploy::have("systemd-analyze")) GTEST_SKIP() << "systemd-analyze is not installed";
    root_ = deploy::make_temp_dir();
    fs::create_directories(root_ + "/usr/bin");
    fs::copy_file(testsupport::daemon_path(), root_ + kBinary);
  }
  void TearDown() override {
    if (!root_.empty()) fs::remove_all(root_);
  }
  std::string root_;
};

}  // namespace

// Given the service and the template unit, we should pass `systemd-analyze verify` without a
// single message (ExecStart points at the binary copied into a scratch root).
TEST_F(Units, VerifyIsClean) {
  for (const auto& [unit, name] : {std::pair{"newswatchd.service", "newswatchd.service"},
                                   std::pair{"newswatchd@.service", "newswatchd@alpha.service"}}) {
    std::string path = unit_in_root(testsupport::source_dir() + "/systemd/" + unit, root_, name);
    auto r = run({"systemd-analyze", "verify", "--man=no", path});
    EXPECT_EQ(r.exit_code, 0) << unit << ":\n" << r.out << r.err;
    EXPECT_EQ(r.out + r.err, "") << unit;
  }
}

// Given the hardening in both units, we should score at most 2.0 in `systemd-analyze security`
// (lower is better; "OK" band).
TEST_F(Units, SecurityExposureAtMostTwo) {
  for (const auto& [unit, name] : {std::pair{"newswatchd.service", "newswatchd.service"},
                                   std::pair{"newswatchd@.service", "newswatchd@alpha.service"}}) {
    std::string path = unit_in_root(testsupport::source_dir() + "/systemd/" + unit, root_, name);
    auto r = run({"systemd-analyze", "security", "--offline=true", "--no-pager", path});
    double score = exposure(r.out + r.err);
    std::cout << unit << ": systemd-analyze security exposure " << score << "\n";
    EXPECT_LE(score, 2.0) << r.out << r.err;
  }
}

// Given the package built by CPack, we should find, once extracted into a scratch root, the binary,
// both units, the sysusers and tmpfiles entries, the default config and profiles as conffiles and
// the monitoring assets — and the installed binary should accept the installed config.
TEST(Package, DebLayout) {
  if (!deploy::have("cpack") || !deploy::have("dpkg-deb")) GTEST_SKIP() << "cpack or dpkg-deb missing";
  std::string out = deploy::make_temp_dir();
  auto built = run({"cpack", "-G", "DEB", "-B", out, "--config", testsupport::binary_dir() + "/CPackConfig.cmake"},
                   "", std::chrono::minutes(3));
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  std::string deb;
  for (const auto& e : fs::directory_iterator(out)) {
    if (e.path().extension() == ".deb") deb = e.path();
  }
  ASSERT_FALSE(deb.empty()) << built.out;
  std::string root = out + "/root";
  ASSERT_EQ(run({"dpkg-deb", "-x", deb, root}).exit_code, 0);
  for (const char* f : {"usr/bin/newswatchd", "usr/lib/systemd/system/newswatchd.service",
                        "usr/lib/systemd/system/newswatchd@.service", "usr/lib/sysusers.d/newswatch.conf",
                        "usr/lib/tmpfiles.d/newswatch.conf", "etc/newswatch/newswatch.yaml",
                        "etc/newswatch/profiles/iran-russia-treaty.yaml", "usr/share/doc/newswatch/README.md",
                        "usr/share/newswatch/monitoring/prometheus/alerts.yml",
                        "usr/share/newswatch/monitoring/grafana/dashboards/newswatch.json"}) {
    EXPECT_TRUE(fs::exists(root + "/" + f)) << f;
  }
  EXPECT_TRUE((fs::status(root + "/usr/bin/newswatchd").permissions() & fs::perms::owner_exec) != fs::perms::none);
  EXPECT_NE(read_file(root + "/usr/lib/sysusers.d/newswatch.conf").find("u newswatch"), std::string::npos);

  auto control = run({"dpkg-deb", "-I", deb, "conffiles"});
  EXPECT_NE(control.out.find("/etc/newswatch/newswatch.yaml"), std::string::npos) << control.out;
  EXPECT_NE(control.out.find("/etc/newswatch/profiles/iran-russia-treaty.yaml"), std::string::npos);
  auto fields = run({"dpkg-deb", "-f", deb, "Package", "Depends"});
  EXPECT_NE(fields.out.find("Package: newswatch"), std::string::npos) << fields.out;
  EXPECT_NE(fields.out.find("librdkafka1"), std::string::npos);

  auto check = run({root + "/usr/bin/newswatchd", "check-config", "-c", root + "/etc/newswatch/newswatch.yaml"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  fs::remove_all(out);
}
