#include "config/schema.h"

#include "config/suggest.h"

#include <map>

namespace config::detail {
namespace {

std::string key_list(std::span<const KeySpec> keys) {
  std::string out;
  for (const KeySpec& k : keys) out += (out.empty() ? "" : ", ") + std::string(k.key);
  return out;
}

std::optional<std::size_t> index_of(std::string_view key, std::span<const KeySpec> keys) {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].key == key) return i;
  }
  return std::nullopt;
}

void report_unknown(const YAML::Node& key, const Scope& scope, std::span<const KeySpec> keys) {
  std::vector<std::string_view> names;
  for (const KeySpec& k : keys) names.push_back(k.key);
  std::string what = "unknown key '" + key.Scalar() + "'";
  if (auto guess = nearest(key.Scalar(), names)) what += " (did you mean '" + std::string(*guess) + "'?)";
  scope.error(key, what + ", expected one of " + key_list(keys));
}

void report_missing(const YAML::Node& map, const Scope& scope, std::span<const KeySpec> keys,
                    const std::vector<bool>& seen) {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].required && !seen[i]) {
      scope.error(map, "missing key '" + std::string(keys[i].key) + "', expected " + std::string(keys[i].expected));
    }
  }
}

}  // namespace

bool walk_map(const YAML::Node& map, const Scope& scope, std::span<const KeySpec> keys,
              const ValueVisitor& visit) {
  if (!map.IsMap()) {
    scope.error(map, "found " + describe(map) + ", expected a map with keys " + key_list(keys));
    return false;
  }
  std::vector<bool> seen(keys.size(), false);
  std::map<std::string, int> first_line;  // of every key seen, to name it on a repeat
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      scope.error(key, "found " + describe(key) + " as a key, expected one of " + key_list(keys));
      continue;
    }
    if (auto [at, fresh] = first_line.emplace(key.Scalar(), key.Mark().line + 1); !fresh) {
      scope.error(key, "key '" + key.Scalar() + "' repeats line " + std::to_string(at->second) +
                           ", expected each key once");
      continue;
    }
    const auto index = index_of(key.Scalar(), keys);
    if (!index) {
      report_unknown(key, scope, keys);
      continue;
    }
    seen[*index] = true;
    visit(*index, it->second, scope.key(key));
  }
  report_missing(map, scope, keys, seen);
  return true;
}

}  // namespace config::detail
