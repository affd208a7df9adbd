// Internal to config/: a map section described as a table of keys, each with its reader.
#pragma once

#include "config/diagnostics.h"

#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace config::detail {

/// One allowed key of a map: its name, whether it must be present, and what it expects.
struct KeySpec {
  std::string_view key;
  bool required = false;
  std::string_view expected;  ///< completes "missing key 'url', expected …"
};

/// One row of a section table: the key, and how its value lands in a `T`.
template <class T>
struct Field {
  KeySpec spec;
  void (*read)(const YAML::Node& value, const Scope& scope, T& out);
};

using ValueVisitor = std::function<void(std::size_t index, const YAML::Node& value, const Scope& scope)>;

/// Checks that `map` is a map whose keys are all in `keys`, each given once, with every required
/// one present; reports each violation; calls `visit` with keys[index] for every allowed value.
/// Returns false (after one report) when `map` is not a map at all.
bool walk_map(const YAML::Node& map, const Scope& scope, std::span<const KeySpec> keys,
              const ValueVisitor& visit);

/// Reads `map` into `out`, one table row per key.
template <class T>
bool read_map(const YAML::Node& map, const Scope& scope, std::span<const Field<T>> fields, T& out) {
  std::vector<KeySpec> keys;
  for (const Field<T>& field : fields) keys.push_back(field.spec);
  return walk_map(map, scope, keys, [&](std::size_t index, const YAML::Node& value, const Scope& at) {
    fields[index].read(value, at, out);
  });
}

}  // namespace config::detail
