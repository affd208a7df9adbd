#include "config/values.h"

#include <array>

#include "config/byte_size.h"
#include "config/config.h"
#include "config/number.h"
#include "config/suggest.h"

#include <algorithm>

namespace config::detail {
namespace {

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

std::string quoted(std::string_view s) { return '\'' + std::string(s) + '\''; }

std::string joined(std::span<const std::string_view> words) {
  std::string out;
  for (std::string_view w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

// "host:port" with a non-empty host (bracketed for IPv6) and a port in 0..65535.
bool is_host_port(std::string_view s) {
  const auto colon = s.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view host = s.substr(0, colon);
  std::string_view port = s.substr(colon + 1);
  const bool bracketed = host.front() == '[' && host.back() == ']' && host.size() > 2;
  if (!bracketed && host.find_first_of(":[]") != std::string_view::npos) return false;
  const auto number = take_number(port);
  return number && port.empty() && *number <= 65535;
}

}  // namespace

std::optional<std::string> text(const YAML::Node& node, const Scope& scope, std::string_view expected,
                                bool allow_empty) {
  if (allow_empty && node.IsNull()) return std::string();
  if (!node.IsScalar() || (node.Scalar().empty() && !allow_empty)) {
    scope.error(node, "found " + describe(node) + ", expected " + std::string(expected));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::chrono::milliseconds> positive_duration(const YAML::Node& node, const Scope& scope) {
  constexpr std::string_view kExpected = "a duration above zero with units ms, s, m or h, like 30s or 1h30m";
  const auto s = text(node, scope, kExpected);
  if (!s) return std::nullopt;
  const auto d = parse_duration(*s);
  if (!d || d->count() == 0) {
    scope.error(node, quoted(*s) + (d ? " is zero" : " is not a duration") + ", expected " + std::string(kExpected));
    return std::nullopt;
  }
  return d;
}

std::optional<std::size_t> positive_byte_size(const YAML::Node& node, const Scope& scope) {
  constexpr std::string_view kExpected = "a byte count above zero, like 16777216 or 16MiB";
  const auto s = text(node, scope, kExpected);
  if (!s) return std::nullopt;
  const auto n = parse_byte_size(*s);
  if (!n || *n == 0 || *n > SIZE_MAX) {
    scope.error(node, quoted(*s) + " is not a usable size, expected " + std::string(kExpected));
    return std::nullopt;
  }
  return static_cast<std::size_t>(*n);
}

std::optional<std::size_t> positive_count(const YAML::Node& node, const Scope& scope) {
  constexpr std::string_view kExpected = "a whole number above zero";
  const auto s = text(node, scope, kExpected);
  if (!s) return std::nullopt;
  std::string_view rest = *s;
  const auto n = take_number(rest);
  if (!n || !rest.empty() || *n == 0 || *n > SIZE_MAX) {
    scope.error(node, quoted(*s) + " is not a count, expected " + std::string(kExpected));
    return std::nullopt;
  }
  return static_cast<std::size_t>(*n);
}

std::optional<std::string> choice(const YAML::Node& node, const Scope& scope,
                                  std::span<const std::string_view> choices) {
  const std::string expected = "one of " + joined(choices);
  auto s = text(node, scope, expected);
  if (!s || std::find(choices.begin(), choices.end(), *s) != choices.end()) return s;
  std::string what = quoted(*s) + " is not allowed";
  if (auto guess = nearest(*s, choices)) what += " (did you mean '" + std::string(*guess) + "'?)";
  scope.error(node, what + ", expected " + expected);
  return std::nullopt;
}

std::optional<bool> boolean(const YAML::Node& node, const Scope& scope) {
  static constexpr std::array<std::string_view, 2> kBooleans{"true", "false"};
  auto b = choice(node, scope, kBooleans);
  if (!b) return std::nullopt;
  return *b == "true";
}

std::optional<std::string> identifier(const YAML::Node& node, const Scope& scope) {
  constexpr std::string_view kExpected = "a name of letters, digits, '.', '_' and '-'";
  auto s = text(node, scope, kExpected);
  if (s && !std::all_of(s->begin(), s->end(), is_identifier_char)) {
    scope.error(node, quoted(*s) + " has other characters, expected " + std::string(kExpected));
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> http_url(const YAML::Node& node, const Scope& scope) {
  constexpr std::string_view kExpected = "an http:// or https:// URL with a host";
  auto s = text(node, scope, kExpected);
  if (!s) return s;
  const auto scheme_end = s->find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : s->substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    scope.error(node, quoted(*s) + (scheme.empty() ? " has no scheme" : " has scheme '" + scheme + "'") +
                          ", expected " + std::string(kExpected));
    return std::nullopt;
  }
  const auto host_end = s->find_first_of("/?#", scheme_end + 3);
  if (s->substr(scheme_end + 3, host_end - scheme_end - 3).empty()) {
    scope.error(node, quoted(*s) + " has no host, expected " + std::string(kExpected));
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> listen_address(const YAML::Node& node, const Scope& scope) {
  constexpr std::string_view kExpected = "host:port like 127.0.0.1:9464, [::1]:9464 or 0.0.0.0:0";
  auto s = text(node, scope, kExpected);
  if (s && !is_host_port(*s)) {
    scope.error(node, quoted(*s) + " is not host:port, expected " + std::string(kExpected));
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> broker_list(const YAML::Node& node, const Scope& scope) {
  constexpr std::string_view kExpected = "'embedded' or a list like host1:9092,host2:9092";
  auto s = text(node, scope, kExpected);
  if (s && (s->front() == ',' || s->back() == ',' || s->find(",,") != std::string::npos)) {
    scope.error(node, quoted(*s) + " has an empty entry, expected " + std::string(kExpected));
    return std::nullopt;
  }
  return s;
}

std::optional<std::map<std::string, std::string>> scalar_map(const YAML::Node& node, const Scope& scope) {
  if (!node.IsMap()) {
    scope.error(node, "found " + describe(node) + ", expected a map of librdkafka properties to values");
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const auto key = text(it->first, scope, "a property name as a key");
    if (!key) continue;
    const auto value = text(it->second, scope.key(it->first), "a single value (text, number or boolean)");
    if (value && !out.emplace(*key, *value).second) {
      scope.error(it->first, "key '" + *key + "' is given twice, expected each key once");
    }
  }
  return out;
}

std::optional<std::vector<std::string>> path_list(const YAML::Node& node, const Scope& scope) {
  if (!node.IsSequence() || node.size() == 0) {
    scope.error(node, "found " + (node.IsSequence() ? std::string("an empty sequence") : describe(node)) +
                          ", expected a sequence of at least one path");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    assign(out.emplace_back(), text(node[i], scope.item(i, node[i]), "a file path"));
  }
  return out;
}

}  // namespace config::detail
