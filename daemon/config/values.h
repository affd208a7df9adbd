// Internal to config/: readers for single values. Each reports what is wrong with the value at
// its scope and returns nullopt, so the caller keeps its default and reading goes on.
#pragma once

#include "config/diagnostics.h"

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace config::detail {

/// A scalar's text (empty allowed only when `allow_empty`); `expected` completes "expected …".
std::optional<std::string> text(const YAML::Node& node, const Scope& scope, std::string_view expected,
                                bool allow_empty = false);
/// A duration greater than zero, like "5m" or "1h30m".
std::optional<std::chrono::milliseconds> positive_duration(const YAML::Node& node, const Scope& scope);
/// A byte count greater than zero, like "16777216" or "16MiB".
std::optional<std::size_t> positive_byte_size(const YAML::Node& node, const Scope& scope);
/// A whole number greater than zero.
std::optional<std::size_t> positive_count(const YAML::Node& node, const Scope& scope);
/// One of `choices`, suggesting the nearest on a typo.
std::optional<std::string> choice(const YAML::Node& node, const Scope& scope,
                                  std::span<const std::string_view> choices);
/// true or false.
std::optional<bool> boolean(const YAML::Node& node, const Scope& scope);
/// A name made of [A-Za-z0-9._-], as used in metric labels.
std::optional<std::string> identifier(const YAML::Node& node, const Scope& scope);
/// An http:// or https:// URL with a host.
std::optional<std::string> http_url(const YAML::Node& node, const Scope& scope);
/// "host:port" or "[v6]:port", port 0..65535.
std::optional<std::string> listen_address(const YAML::Node& node, const Scope& scope);
/// "embedded" or a comma-separated broker list without empty entries.
std::optional<std::string> broker_list(const YAML::Node& node, const Scope& scope);
/// A map of scalar keys to scalar values, kept as text.
std::optional<std::map<std::string, std::string>> scalar_map(const YAML::Node& node, const Scope& scope);
/// A sequence of at least one non-empty scalar.
std::optional<std::vector<std::string>> path_list(const YAML::Node& node, const Scope& scope);

/// Stores `value` into `out` when there is one.
template <class T, class U>
void assign(T& out, std::optional<U>&& value) {
  if (value) out = std::move(*value);
}

}  // namespace config::detail
