#include "config/byte_size.h"

#include "config/number.h"

#include <array>
#include <utility>

namespace config::detail {
namespace {

constexpr std::uint64_t kKi = 1024;
constexpr std::uint64_t kK = 1000;
constexpr std::array<std::pair<std::string_view, std::uint64_t>, 8> kUnits{{
    {"B", 1}, {"KiB", kKi}, {"MiB", kKi * kKi}, {"GiB", kKi * kKi * kKi},
    {"kB", kK}, {"KB", kK}, {"MB", kK * kK}, {"GB", kK * kK * kK},
}};

std::optional<std::uint64_t> unit_multiplier(std::string_view unit) {
  if (unit.empty()) return 1;
  if (unit.front() == ' ') unit.remove_prefix(1);
  for (const auto& [name, multiplier] : kUnits) {
    if (unit == name) return multiplier;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> parse_byte_size(std::string_view s) {
  const auto number = take_number(s);
  const auto multiplier = unit_multiplier(s);
  if (!number || !multiplier) return std::nullopt;
  return checked_product(*number, *multiplier, UINT64_MAX);
}

}  // namespace config::detail
