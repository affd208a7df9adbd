// Internal to config/: byte counts written with an optional unit.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace config::detail {

/// Parses "16777216", "512B", "64KiB", "16MiB", "1GiB" (binary) or "10kB", "10KB", "10MB", "1GB"
/// (decimal), with at most one space before the unit; nullopt when malformed or too large.
std::optional<std::uint64_t> parse_byte_size(std::string_view s);

}  // namespace config::detail
