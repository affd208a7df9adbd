// ISO 8601 / W3CDTF, including the truncated and century-less forms of ISO 8601:2000.
#include <array>

#include "parse/date_formats.h"
#include "parse/text_util.h"

namespace parse {
namespace {

int expand_year(std::string_view digits, int value) {
  return digits.size() <= 2 ? 2000 + value : value;  // century-less years: this century
}

// Ordinal date (day of year) -> month/day.
bool set_ordinal(CivilTime& t, int day_of_year) {
  for (int m = 1; m <= 12; ++m) {
    const int n = days_in_month(t.year, m);
    if (day_of_year <= n) {
      t.month = m;
      t.day = day_of_year;
      return day_of_year >= 1;
    }
    day_of_year -= n;
  }
  return false;
}

// "20031231", "031231", "2003", "0312" (after a leading '-'), "03335", "2003335".
bool parse_compact_date(std::string_view s, bool no_century, CivilTime& t) {
  int v = 0;
  auto field = [&](std::size_t pos, std::size_t len) {
    return parse_uint(s.substr(pos, len), v) ? v : -1;
  };
  if (!parse_uint(s, v)) return false;
  switch (s.size()) {
    case 4:
      if (!no_century) {
        t.year = v;
      } else {
        t.year = 2000 + field(0, 2), t.month = field(2, 2);
      }
      return true;
    case 5: t.year = 2000 + field(0, 2); return set_ordinal(t, field(2, 3));
    case 6: t.year = 2000 + field(0, 2), t.month = field(2, 2), t.day = field(4, 2); return true;
    case 7: t.year = field(0, 4); return set_ordinal(t, field(4, 3));
    case 8: t.year = field(0, 4), t.month = field(4, 2), t.day = field(6, 2); return true;
    default: return false;
  }
}

// Splits at `sep` into `parts` without allocating; returns the number of parts, which may
// exceed parts.size() (then only the first parts.size() are stored).
template <std::size_t N>
std::size_t split(std::string_view s, char sep, std::array<std::string_view, N>& parts) {
  std::size_t count = 0;
  for (std::size_t pos; (pos = s.find(sep)) != std::string_view::npos; s.remove_prefix(pos + 1)) {
    if (count < N) parts[count] = s.substr(0, pos);
    ++count;
  }
  if (count < N) parts[count] = s;
  return count + 1;
}

bool parse_date_part(std::string_view s, CivilTime& t) {
  const bool no_century = !s.empty() && s.front() == '-';
  if (no_century) s.remove_prefix(1);
  std::array<std::string_view, 3> parts;
  const std::size_t count = split(s, '-', parts);
  if (count == 1) return parse_compact_date(s, no_century, t);
  int y = 0, a = 0, b = 0;
  if (count > 3 || !parse_uint(parts[0], y)) return false;
  if (parts[0].size() != 2 && parts[0].size() != 4) return false;
  t.year = expand_year(parts[0], y);
  if (!parse_uint(parts[1], a)) return false;
  if (count == 2) {
    if (parts[1].size() == 3) return set_ordinal(t, a);
    t.month = a;
    return parts[1].size() <= 2;
  }
  if (!parse_uint(parts[2], b) || parts[2].size() > 2) return false;
  t.month = a;  // "2003-012-31": Google's three-digit month is still a month
  t.day = b;
  return true;
}

// "Z", "+01:00", "-0800", "+01", with optional spaces before it.
bool parse_zone(std::string_view s, CivilTime& t) {
  s = trim(s);
  if (s.empty() || s == "Z" || s == "z") return true;
  if (s.front() != '+' && s.front() != '-') return false;
  const int sign = s.front() == '-' ? -1 : 1;
  s.remove_prefix(1);
  int h = 0, m = 0;
  if (s.size() == 5 && s[2] == ':') {
    if (!parse_uint(s.substr(0, 2), h) || !parse_uint(s.substr(3), m)) return false;
  } else if (s.size() == 4) {
    if (!parse_uint(s.substr(0, 2), h) || !parse_uint(s.substr(2), m)) return false;
  } else if (s.size() <= 2) {
    if (!parse_uint(s, h)) return false;
  } else {
    return false;
  }
  if (h > 23 || m > 59) return false;
  t.offset_minutes = sign * (h * 60 + m);
  return true;
}

// What follows the clock: ".1234Z", "+01:00", " -00:20", "".
bool parse_fraction_and_zone(std::string_view s, std::size_t end, CivilTime& t) {
  if (end < s.size() && (s[end] == '.' || s[end] == ',')) {
    ++end;
    while (end < s.size() && is_digit(s[end])) ++end;  // fraction dropped
  }
  return parse_zone(s.substr(end), t);
}

// "10:14:55.1234Z", "10:14", "23:56:58 -00:20".
bool parse_time_part(std::string_view s, CivilTime& t) {
  std::size_t end = 0;
  while (end < s.size() && (is_digit(s[end]) || s[end] == ':')) ++end;
  std::array<std::string_view, 3> fields;
  const std::size_t count = split(s.substr(0, end), ':', fields);
  if (count < 2 || count > 3) return false;
  int* targets[] = {&t.hour, &t.minute, &t.second};
  for (std::size_t i = 0; i < count; ++i) {
    if (fields[i].size() != 2 || !parse_uint(fields[i], *targets[i])) return false;
  }
  return parse_fraction_and_zone(s, end, t);
}

int digits_at(std::string_view s, std::size_t at, std::size_t n) {
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// "2003-12-31T10:14:55", the layout of nearly every Atom date, read at fixed places; what
// follows goes to parse_fraction_and_zone as in parse_time_part. nullopt: another shape.
std::optional<std::optional<CivilTime>> read_usual_layout(std::string_view s) {
  constexpr std::string_view kShape = "0000-00-00T00:00:00";
  if (s.size() < kShape.size() || (s.size() > kShape.size() && (is_digit(s[19]) || s[19] == ':'))) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool ok = kShape[i] == '0' ? is_digit(s[i]) : i == 10 ? (s[i] == 'T' || s[i] == 't') : s[i] == kShape[i];
    if (!ok) return std::nullopt;
  }
  CivilTime t;
  t.year = digits_at(s, 0, 4);
  t.month = digits_at(s, 5, 2);
  t.day = digits_at(s, 8, 2);
  t.hour = digits_at(s, 11, 2);
  t.minute = digits_at(s, 14, 2);
  t.second = digits_at(s, 17, 2);
  if (!parse_fraction_and_zone(s, kShape.size(), t)) return std::optional<CivilTime>();
  return t;
}

}  // namespace

std::optional<CivilTime> parse_iso8601(std::string_view s) {
  if (auto usual = read_usual_layout(s)) return *usual;
  if (s.empty() || !(is_digit(s.front()) || s.front() == '-')) return std::nullopt;
  std::size_t split_at = 0;
  while (split_at < s.size() && s[split_at] != 'T' && s[split_at] != 't' && s[split_at] != ' ') ++split_at;
  if (split_at == s.size()) split_at = std::string_view::npos;
  CivilTime t;
  if (!parse_date_part(s.substr(0, split_at), t)) return std::nullopt;
  if (split_at != std::string_view::npos && !parse_time_part(trim(s.substr(split_at + 1)), t)) {
    return std::nullopt;
  }
  return t;
}

}  // namespace parse
