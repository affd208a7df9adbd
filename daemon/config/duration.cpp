#include "config/config.h"
#include "config/number.h"

#include <array>
#include <utility>

namespace config {
namespace {

// "ms" comes before "m" so that "250ms" is not read as 250 minutes followed by "s".
constexpr std::array<std::pair<std::string_view, std::uint64_t>, 4> kUnits{{
    {"ms", 1}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000},
}};
// Far beyond any sensible interval, and safely inside milliseconds' range.
constexpr std::uint64_t kMaxMillis = std::uint64_t{1} << 53;

std::optional<std::uint64_t> take_unit(std::string_view& s) {
  for (const auto& [name, millis] : kUnits) {
    if (s.starts_with(name)) {
      s.remove_prefix(name.size());
      return millis;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t total = 0;
  while (!s.empty()) {
    const auto number = detail::take_number(s);
    const auto unit = number ? take_unit(s) : std::nullopt;
    const auto part = unit ? detail::checked_product(*number, *unit, kMaxMillis) : std::nullopt;
    if (!part || total + *part > kMaxMillis) return std::nullopt;
    total += *part;
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(total));
}

}  // namespace config
