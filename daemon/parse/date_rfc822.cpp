// RFC 822 and the looser "bag of tokens" dates seen in the wild: each token is classified
// (weekday, month, zone, time, offset, number) and the numbers are assigned to day and year.
#include <array>
#include <vector>

#include "parse/date_formats.h"
#include "parse/text_util.h"

namespace parse {
namespace {

struct Named {
  std::string_view name;
  int value;
};

// Month names: English (any case, 3-letter prefix or full) and the Greek abbreviations.
constexpr std::array<Named, 20> kGreekMonths{{
    {"Ιαν", 1}, {"Φεβ", 2}, {"Μάώ", 3}, {"Μαώ", 3}, {"Μαρ", 3}, {"Απρ", 4}, {"Μάι", 5},
    {"Μαϊ", 5}, {"Μαι", 5}, {"Ιούν", 6}, {"Ιον", 6}, {"Ιούλ", 7}, {"Ιολ", 7}, {"Αύγ", 8},
    {"Αυγ", 8}, {"Σεπ", 9}, {"Οκτ", 10}, {"Νοέ", 11}, {"Νοε", 11}, {"Δεκ", 12},
}};
constexpr std::array<std::string_view, 12> kMonths{"january", "february", "march",     "april",
                                                   "may",     "june",     "july",      "august",
                                                   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays{"monday", "tuesday",  "wednesday", "thursday",
                                                    "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 7> kGreekWeekdays{"Κυρ", "Δευ", "Τρι", "Τετ",
                                                         "Πεμ", "Παρ", "Σαβ"};
// Zone abbreviations -> minutes east of UTC (RFC 822 names plus common ones in news feeds).
constexpr std::array<Named, 28> kZones{{
    {"ut", 0},      {"utc", 0},     {"gmt", 0},     {"z", 0},       {"etc/gmt", 0},
    {"etc/utc", 0}, {"est", -300},  {"edt", -240},  {"cst", -360},  {"cdt", -300},
    {"mst", -420},  {"mdt", -360},  {"pst", -480},  {"pdt", -420},  {"at", -240},
    {"et", -300},   {"ct", -360},   {"mt", -420},   {"pt", -480},   {"met", 60},
    {"mest", 120},  {"cet", 60},    {"cest", 120},  {"eet", 120},   {"eest", 180},
    {"msk", 180},   {"irst", 210},  {"bst", 60},
}};

// Full name or any prefix of at least three letters ("Sept", "Jan").
int english_index(std::string_view lower, const std::string_view* names, std::size_t n) {
  if (lower.size() < 3) return -1;
  for (std::size_t i = 0; i < n; ++i) {
    if (names[i][0] == lower[0] && names[i].substr(0, lower.size()) == lower) return static_cast<int>(i);
  }
  return -1;
}

struct Tokens {
  CivilTime t;
  bool has_month = false, has_day = false, has_year = false;
};

bool set_month(Tokens& tk, int month) {
  tk.t.month = month;
  return tk.has_month = true;
}

bool parse_offset(std::string_view s, int& minutes) {
  const int sign = s.front() == '-' ? -1 : 1;
  s.remove_prefix(1);
  int h = 0, m = 0;
  const std::size_t colon = s.find(':');
  if (colon != std::string_view::npos) {
    if (!parse_uint(s.substr(0, colon), h) || !parse_uint(s.substr(colon + 1), m)) return false;
  } else if (s.size() == 4) {
    if (!parse_uint(s.substr(0, 2), h) || !parse_uint(s.substr(2), m)) return false;
  } else if (s.size() > 2 || !parse_uint(s, h)) {
    return false;
  }
  if (h > 23 || m > 59) return false;
  minutes = sign * (h * 60 + m);
  return true;
}

bool parse_clock(std::string_view s, CivilTime& t) {
  int* fields[] = {&t.hour, &t.minute, &t.second};
  std::size_t i = 0;
  for (;; ++i) {
    const std::size_t colon = s.find(':');
    if (i >= 3 || !parse_uint(s.substr(0, colon), *fields[i])) return false;
    if (colon == std::string_view::npos) break;
    s.remove_prefix(colon + 1);
  }
  return i >= 1;
}

bool parse_slashed_date(std::string_view s, Tokens& tk) {  // Perforce "2006/09/15"
  const std::size_t a = s.find('/'), b = s.find('/', a + 1);
  if (b == std::string_view::npos || a != 4) return false;
  if (!parse_uint(s.substr(0, a), tk.t.year) || !parse_uint(s.substr(a + 1, b - a - 1), tk.t.month) ||
      !parse_uint(s.substr(b + 1), tk.t.day)) {
    return false;
  }
  tk.has_year = tk.has_month = tk.has_day = true;
  return true;
}

bool classify_greek(std::string_view word, Tokens& tk) {
  for (const auto& g : kGreekMonths) {
    if (word == g.name) return set_month(tk, g.value);
  }
  for (const auto& g : kGreekWeekdays) {
    if (word == g) return true;
  }
  return false;
}

bool classify_word(std::string_view word, Tokens& tk) {
  // Greek names start with a non-ASCII byte; English names, zones and offsets never do.
  if (static_cast<unsigned char>(word.front()) >= 0x80) return classify_greek(word, tk);
  std::size_t sign = 0;
  while (sign < word.size() && word[sign] != '+' && word[sign] != '-') ++sign;
  constexpr std::size_t kLongestName = 16;  // no month, weekday or zone is longer
  if (sign > kLongestName) return false;
  char buffer[kLongestName];
  for (std::size_t i = 0; i < sign; ++i) {
    const char c = word[i];
    buffer[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view lower(buffer, sign);
  if (sign < word.size()) {  // "GMT-01:01"
    return (lower == "gmt" || lower == "utc") && parse_offset(word.substr(sign), tk.t.offset_minutes);
  }
  if (const int m = english_index(lower, kMonths.data(), kMonths.size()); m >= 0) {
    return set_month(tk, m + 1);
  }
  if (english_index(lower, kWeekdays.data(), kWeekdays.size()) >= 0) return true;
  for (const auto& z : kZones) {
    if (!lower.empty() && z.name[0] == lower[0] && lower == z.name) {
      tk.t.offset_minutes = z.value;
      return true;
    }
  }
  return false;
}

bool assign_number(std::string_view digits, Tokens& tk) {
  int v = 0;
  if (!parse_uint(digits, v)) return false;
  const bool year_like = digits.size() >= 3 || v > 31;
  if (!year_like && !tk.has_day) {
    tk.t.day = v;
    return tk.has_day = true;
  }
  if (tk.has_year) return false;
  tk.t.year = digits.size() <= 2 ? (v < 70 ? 2000 + v : 1900 + v) : v;
  return tk.has_year = true;
}

bool classify_token(std::string_view tok, Tokens& tk) {
  const char c = tok.front();
  if (c == '+' || c == '-') return parse_offset(tok, tk.t.offset_minutes);
  if (is_digit(c)) {
    if (tok.find(':') != std::string_view::npos) return parse_clock(tok, tk.t);
    if (tok.find('/') != std::string_view::npos) return parse_slashed_date(tok, tk);
    return assign_number(tok, tk);
  }
  return classify_word(tok, tk);
}

constexpr bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ','; }

constexpr char lower_ascii(char c) { return static_cast<char>(c | 0x20); }  // letters only

// The three-letter name at `s` among the first three letters of `names` (any case), or -1.
int three_letter_index(std::string_view s, const std::string_view* names, std::size_t n) {
  const char a = lower_ascii(s[0]), b = lower_ascii(s[1]), c = lower_ascii(s[2]);
  for (std::size_t i = 0; i < n; ++i) {
    if (names[i][0] == a && names[i][1] == b && names[i][2] == c) return static_cast<int>(i);
  }
  return -1;
}

bool matches_shape(std::string_view s, std::string_view shape) {
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const char c = s[i];
    const bool ok = shape[i] == 'A' ? (lower_ascii(c) >= 'a' && lower_ascii(c) <= 'z')
                    : shape[i] == '0' ? is_digit(c)
                                      : c == shape[i];
    if (!ok) return false;
  }
  return true;
}

int two_digits(std::string_view s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

// "Www, DD Mmm YYYY HH:MM:SS", the layout nearly every RSS feed writes, read at fixed places
// into the same tokens the general loop would make of it. Returns where the rest (the zone)
// starts, or 0 when `s` has another shape: then the general loop reads all of it.
std::size_t read_usual_layout(std::string_view s, Tokens& tk) {
  constexpr std::string_view kShape = "AAA, 00 AAA 0000 00:00:00";  // A: a letter, 0: a digit
  if (s.size() < kShape.size() || (s.size() > kShape.size() && !is_separator(s[kShape.size()]))) return 0;
  if (!matches_shape(s, kShape)) return 0;
  const int month = three_letter_index(s.substr(8), kMonths.data(), kMonths.size());
  const int day = two_digits(s, 5);
  if (three_letter_index(s, kWeekdays.data(), kWeekdays.size()) < 0 || month < 0 || day > 31) return 0;
  set_month(tk, month + 1);
  tk.t.day = day;
  tk.t.year = two_digits(s, 12) * 100 + two_digits(s, 14);
  tk.t.hour = two_digits(s, 17);
  tk.t.minute = two_digits(s, 20);
  tk.t.second = two_digits(s, 23);
  tk.has_day = tk.has_year = true;
  return kShape.size();
}

// The zone after the usual layout when it is the whole rest and one of the common spellings:
// " +0300" (as parse_offset reads it) or a name of the zone table in any case (" GMT", " EST",
// " MSK"). Otherwise false, and the general loop reads the rest.
bool read_usual_zone(std::string_view rest, Tokens& tk) {
  if (rest.size() == 6 && rest[0] == ' ' && (rest[1] == '+' || rest[1] == '-') && is_digit(rest[2]) &&
      is_digit(rest[3]) && is_digit(rest[4]) && is_digit(rest[5])) {
    const int h = two_digits(rest, 2), m = two_digits(rest, 4);
    if (h > 23 || m > 59) return false;
    tk.t.offset_minutes = (rest[1] == '-' ? -1 : 1) * (h * 60 + m);
    return true;
  }
  // A zone name of the table, in any case (no month or weekday name is one, so the general
  // loop would read it the same).
  constexpr std::size_t kLongestZone = 4;
  if (rest.size() < 2 || rest.size() > 1 + kLongestZone || rest[0] != ' ') return false;
  char lower[kLongestZone];
  for (std::size_t i = 1; i < rest.size(); ++i) {
    if (!is_alpha(rest[i])) return false;
    lower[i - 1] = lower_ascii(rest[i]);
  }
  const std::string_view zone(lower, rest.size() - 1);
  for (const auto& z : kZones) {
    if (z.name == zone) {
      tk.t.offset_minutes = z.value;
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<CivilTime> parse_rfc822(std::string_view s) {
  Tokens tk;
  const std::size_t usual = read_usual_layout(s, tk);
  if (usual > 0 && read_usual_zone(s.substr(usual), tk)) return tk.t;  // offset 0 unless set
  for (std::size_t pos = usual; pos < s.size();) {
    if (is_separator(s[pos])) {
      ++pos;
      continue;
    }
    std::size_t end = pos;
    while (end < s.size() && !is_separator(s[end])) ++end;
    if (!classify_token(s.substr(pos, end - pos), tk)) return std::nullopt;
    pos = end;
  }
  if (!tk.has_month || !tk.has_day || !tk.has_year) return std::nullopt;
  return tk.t;
}

}  // namespace parse
