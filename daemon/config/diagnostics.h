// Internal to config/: collects "FILE:LINE:COL: path: message" errors while the document is read.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

namespace config::detail {

/// Every error found so far in one file, kept with its position so they come out in file order.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  /// Records `message` at `mark` (0-based, as yaml-cpp gives it); a null mark means line 1, col 1.
  void report(const YAML::Mark& mark, std::string_view message);
  bool empty() const { return errors_.empty(); }
  /// The messages, formatted and sorted by position (stable for the same position).
  std::vector<std::string> take();

 private:
  struct Error {
    int line, column;
    std::string text;
  };
  std::string file_;
  std::vector<Error> errors_;
};

/// Where a value sits: its dotted path ("sources[1].url") and the mark of the key that named it,
/// which stands in for the value's own mark when the value is empty (yaml-cpp puts an empty value
/// at the next token).
class Scope {
 public:
  Scope(Diagnostics& diagnostics, std::string path, YAML::Mark key_mark)
      : diagnostics_(&diagnostics), path_(std::move(path)), key_mark_(key_mark) {}

  /// The scope of the value under `key` in this scope's map.
  Scope key(const YAML::Node& key) const;
  /// The scope of the `index`th element of this scope's sequence.
  Scope item(std::size_t index, const YAML::Node& element) const;

  /// Reports "path: what" at `at` (or at the key when `at` is empty).
  void error(const YAML::Node& at, std::string_view what) const;
  /// Reports "path: what" at the key that named this scope.
  void error_here(std::string_view what) const;
  const std::string& path() const { return path_; }

 private:
  Diagnostics* diagnostics_;
  std::string path_;
  YAML::Mark key_mark_;
};

/// "a map", "a sequence", "nothing" or "'text'": what a value is, for "found X, expected Y".
std::string describe(const YAML::Node& node);

}  // namespace config::detail
