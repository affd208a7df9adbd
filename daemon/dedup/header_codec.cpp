#include "dedup/header_codec.h"

#include <charconv>

namespace dedup {
namespace {

void put(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

std::optional<std::string> take(std::string_view& in) {
  std::size_t len = 0;
  auto [end, ec] = std::from_chars(in.data(), in.data() + in.size(), len);
  if (ec != std::errc() || end == in.data() + in.size() || *end != ':') return std::nullopt;
  in.remove_prefix(static_cast<std::size_t>(end - in.data()) + 1);
  if (len > in.size()) return std::nullopt;
  std::string s(in.substr(0, len));
  in.remove_prefix(len);
  return s;
}

}  // namespace

std::string encode_headers(const Headers& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    put(out, name);
    put(out, value);
  }
  return out;
}

std::optional<Headers> decode_headers(std::string_view bytes) {
  Headers headers;
  while (!bytes.empty()) {
    auto name = take(bytes);
    auto value = name ? take(bytes) : std::nullopt;
    if (!value) return std::nullopt;
    headers.emplace_back(std::move(*name), std::move(*value));
  }
  return headers;
}

}  // namespace dedup
