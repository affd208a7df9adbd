// Internal to config/: "did you mean …?" for misspelt keys and values.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace config::detail {

/// The candidate closest to `word` when it is a likely typo (at most 2 edits away, and fewer edits
/// than `word` has letters); nullopt when nothing is close or two candidates tie.
std::optional<std::string_view> nearest(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace config::detail
