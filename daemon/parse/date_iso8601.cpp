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
  if (end < s.size() && (s[end] == '.' || s[end] == ',')) {
    ++end;
    while (end < s.size() && is_digit(s[end])) ++end;  // fraction dropped
  }
  return parse_zone(s.substr(end), t);
}

}  // namespace

std::optional<CivilTime> parse_iso8601(std::string_view s) {
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
