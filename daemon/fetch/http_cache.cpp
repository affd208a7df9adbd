#include "fetch/http_cache.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <string>

namespace fetch {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::chrono::seconds clamp_wait(double seconds) {
  const double bounded = std::clamp(seconds, 0.0, static_cast<double>(kMaxRetryAfter.count()));
  return std::chrono::seconds{static_cast<long long>(std::ceil(bounded))};
}

// Delta-seconds: digits only, per RFC 9110 §10.2.3.
std::optional<std::chrono::seconds> parse_delta_seconds(std::string_view s) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  if (s.size() > 12) return kMaxRetryAfter;  // absurdly large, still a number
  long long value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  return clamp_wait(static_cast<double>(value));
}

// HTTP-date in any of the three RFC 9110 formats; curl_getdate parses them without I/O.
std::optional<std::chrono::seconds> parse_http_date(std::string_view s, double now_wall) {
  const std::string text(s);
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return clamp_wait(static_cast<double>(when) - now_wall);
}

// Case-insensitive ASCII prefix test.
bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

std::optional<double> http_date(std::string_view s) {
  const std::string text(trim(s));
  if (text.empty()) return std::nullopt;
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return static_cast<double>(when);
}

}  // namespace

std::optional<std::chrono::seconds> freshness_lifetime(std::string_view cache_control, std::string_view expires,
                                                       std::string_view date, double now_wall) {
  bool no_lifetime = false;
  while (!cache_control.empty()) {
    const auto comma = cache_control.find(',');
    const std::string_view directive = trim(cache_control.substr(0, comma));
    cache_control = comma == std::string_view::npos ? std::string_view{} : cache_control.substr(comma + 1);
    if (starts_with_nocase(directive, "max-age")) {
      std::string_view value = trim(directive.substr(7));
      if (value.empty() || value.front() != '=') continue;
      value = trim(value.substr(1));
      if (!value.empty() && value.front() == '"' && value.size() >= 2) value = value.substr(1, value.size() - 2);
      if (auto seconds = parse_delta_seconds(value)) return seconds;
    } else if (starts_with_nocase(directive, "no-cache") || starts_with_nocase(directive, "no-store")) {
      no_lifetime = true;
    }
  }
  if (no_lifetime) return std::nullopt;
  const auto expires_at = http_date(expires);
  if (!expires_at) return std::nullopt;
  const double reference = http_date(date).value_or(now_wall);
  return clamp_wait(*expires_at - reference);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view header, double now_wall) {
  const std::string_view value = trim(header);
  if (value.empty()) return std::nullopt;
  if (auto delta = parse_delta_seconds(value)) return delta;
  return parse_http_date(value, now_wall);
}

std::chrono::milliseconds backoff_delay(int failures, std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, double uniform01) {
  const int exponent = std::clamp(failures, 1, 63) - 1;
  const double ceiling = std::min(static_cast<double>(max.count()),
                                  static_cast<double>(base.count()) * std::ldexp(1.0, exponent));
  const double spread = std::clamp(uniform01, 0.0, 1.0);
  const double delay = ceiling / 2 + spread * ceiling / 2;
  return std::chrono::milliseconds{static_cast<long long>(std::max(delay, 0.0))};
}

Outcome classify_status(long status, bool has_retry_after) {
  if (status == 0) return Outcome::network_error;
  if (status == 304) return Outcome::not_modified;
  if (status >= 200 && status < 300) return Outcome::ok;
  if (status == 401 || status == 403) return Outcome::blocked;
  if (status == 429 || (status == 503 && has_retry_after)) return Outcome::rate_limited;
  return Outcome::http_error;
}

}  // namespace fetch
