// The parts of an absolute URL that politeness is keyed on. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace core {

/// "scheme://host:port" of an absolute URL, lower-cased, userinfo dropped (the unit of per-host
/// limits and of robots.txt); "" when the URL has no "://".
std::string url_origin(std::string_view url);

/// The path and query of an absolute URL, fragment dropped; "/" when it has none.
std::string url_path(std::string_view url);

}  // namespace core
