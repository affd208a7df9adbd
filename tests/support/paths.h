// Where tests find their data: the repo's own fixtures and, when present, ../shared.
#pragma once

#include <optional>
#include <string>

namespace testsupport {

/// tests/ in the source tree (fixtures live in tests/<stage>/testdata/).
std::string testdata_dir();
/// The repository root.
std::string source_dir();
/// The CMake build directory (where newswatchd is built).
std::string binary_dir();
/// ../shared beside the checkout, or nullopt when it is absent (tests then GTEST_SKIP()).
std::optional<std::string> shared_dir();
/// Reads a whole file; throws std::runtime_error when it cannot.
std::string read_file(const std::string& path);

}  // namespace testsupport
