#include "parse/civil_time.h"

#include <cstdio>

namespace parse {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civil_from_days(long long z, long long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
}

}  // namespace

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

bool is_valid(const CivilTime& t) {
  return t.year >= 1 && t.year <= 9999 && t.day >= 1 && t.day <= days_in_month(t.year, t.month) &&
         t.hour >= 0 && t.hour <= 24 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 &&
         t.second <= 60 && t.offset_minutes > -24 * 60 && t.offset_minutes < 24 * 60;
}

core::UnixSeconds to_unix(const CivilTime& t) {
  const long long days = days_from_civil(t.year, static_cast<unsigned>(t.month),
                                         static_cast<unsigned>(t.day));
  const int second = t.second == 60 ? 59 : t.second;
  return days * 86400 + t.hour * 3600 + t.minute * 60 + second - t.offset_minutes * 60LL;
}

std::string format_iso_utc(core::UnixSeconds t) {
  long long days = t / 86400;
  long long rem = t % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  long long y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", y, m, d, rem / 3600,
                rem / 60 % 60, rem % 60);
  return buf;
}

}  // namespace parse
