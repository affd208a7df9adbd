#include "core/url.h"

#include <cctype>

namespace core {
namespace {

// Where the authority of `url` ends (its path, query or fragment starts), or npos.
std::size_t authority_end(std::string_view url, std::size_t start) { return url.find_first_of("/?#", start); }

}  // namespace

std::string url_origin(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  const auto start = scheme_end + 3;
  const auto end = authority_end(url, start);
  std::string_view authority = url.substr(start, end == std::string_view::npos ? end : end - start);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);  // userinfo
  std::string origin = std::string(url.substr(0, start)) + std::string(authority);
  for (char& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return origin;
}

std::string url_path(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "/";
  const auto end = authority_end(url, scheme_end + 3);
  if (end == std::string_view::npos || url[end] == '#') return "/";
  std::string_view rest = url.substr(end);
  rest = rest.substr(0, rest.find('#'));
  return rest.front() == '?' ? "/" + std::string(rest) : std::string(rest);
}

}  // namespace core
