#include "support/paths.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace testsupport {

std::string testdata_dir() { return NEWSWATCH_TESTDATA_DIR; }
std::string source_dir() { return NEWSWATCH_SOURCE_DIR; }
std::string binary_dir() { return NEWSWATCH_BINARY_DIR; }

std::optional<std::string> shared_dir() {
  // NEWSWATCH_NO_SHARED=1 simulates a checkout without ../shared.
  if (const char* off = std::getenv("NEWSWATCH_NO_SHARED"); off && *off == '1') return std::nullopt;
  std::filesystem::path p(NEWSWATCH_SHARED_DIR);
  if (std::filesystem::is_directory(p)) return p.string();
  return std::nullopt;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace testsupport
