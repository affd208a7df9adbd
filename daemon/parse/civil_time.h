// Internal: proleptic Gregorian calendar arithmetic (no time zone database, no libc locale).
#pragma once

#include <string>

#include "core/article.h"

namespace parse {

/// A broken-down UTC time with an offset (minutes east of UTC) still to be applied.
struct CivilTime {
  int year = 0, month = 1, day = 1;
  int hour = 0, minute = 0, second = 0;
  int offset_minutes = 0;
};

/// Days in the given month (1-12) of the given year; 0 for an invalid month.
int days_in_month(int year, int month);

/// True when every field is in range (leap seconds are folded into :59).
bool is_valid(const CivilTime& t);

/// Seconds since the epoch for a valid CivilTime, with its offset applied.
core::UnixSeconds to_unix(const CivilTime& t);

/// "YYYY-MM-DDTHH:MM:SSZ" with the year zero-padded to four digits (works for years < 1000).
std::string format_iso_utc(core::UnixSeconds t);

}  // namespace parse
