// Internal to config/: the leading decimal digits of a string, shared by durations and sizes.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace config::detail {

/// Consumes the decimal digits at the front of `s`; nullopt (leaving `s` alone) when there are
/// none or they overflow.
inline std::optional<std::uint64_t> take_number(std::string_view& s) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end == s.data()) return std::nullopt;
  s.remove_prefix(static_cast<std::size_t>(end - s.data()));
  return value;
}

/// `a * b`, or nullopt when that exceeds `limit`.
inline std::optional<std::uint64_t> checked_product(std::uint64_t a, std::uint64_t b, std::uint64_t limit) {
  if (b != 0 && a > limit / b) return std::nullopt;
  return a * b;
}

}  // namespace config::detail
