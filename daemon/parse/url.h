// Internal: RFC 3986 reference resolution, enough for feed links (no normalisation beyond it).
#pragma once

#include <string>
#include <string_view>

namespace parse {

/// Resolves `ref` against `base`. An empty base or an absolute ref returns ref unchanged.
std::string resolve_url(std::string_view base, std::string_view ref);

/// The scheme of an absolute URL in lower case ("http"), or "" when there is none.
std::string url_scheme(std::string_view url);

/// True when `url` starts with a scheme ("https:"), i.e. url_scheme(url) is not empty.
bool has_url_scheme(std::string_view url);

/// True for schemes that may serve as a document base (http, https, ftp, file, ...), i.e. not
/// javascript:, data:, vbscript: and the like.
bool is_safe_base_scheme(std::string_view scheme);

}  // namespace parse
