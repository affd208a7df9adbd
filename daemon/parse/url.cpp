#include "parse/url.h"

#include "parse/text_util.h"

namespace parse {
namespace {

// Length of the scheme of an absolute URL (before its ':'), 0 when there is none.
std::size_t scheme_length(std::string_view url) {
  std::size_t i = 0;
  while (i < url.size() && (is_alpha(url[i]) || (i > 0 && (is_digit(url[i]) || url[i] == '+' ||
                                                            url[i] == '-' || url[i] == '.')))) {
    ++i;
  }
  return i == 0 || i >= url.size() || url[i] != ':' ? 0 : i;
}

struct Parts {  // the five components of RFC 3986 section 3; has_* tell "" from absent
  std::string_view scheme, authority, path, query, fragment;
  bool has_authority = false, has_query = false, has_fragment = false;
};

Parts split_url(std::string_view s) {
  Parts p;
  if (const auto hash = s.find('#'); hash != std::string_view::npos) {
    p.fragment = s.substr(hash + 1), p.has_fragment = true, s = s.substr(0, hash);
  }
  if (const auto q = s.find('?'); q != std::string_view::npos) {
    p.query = s.substr(q + 1), p.has_query = true, s = s.substr(0, q);
  }
  const std::size_t scheme_len = scheme_length(s);
  if (scheme_len > 0) p.scheme = s.substr(0, scheme_len), s.remove_prefix(scheme_len + 1);
  if (s.substr(0, 2) == "//") {
    s.remove_prefix(2);
    const auto slash = s.find('/');
    p.authority = s.substr(0, slash), p.has_authority = true;
    s = slash == std::string_view::npos ? std::string_view{} : s.substr(slash);
  }
  p.path = s;
  return p;
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./" || in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const auto slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const auto next = in.find('/', 1);
      out.append(in.substr(0, next));
      in = next == std::string_view::npos ? std::string_view{} : in.substr(next);
    }
  }
  return out;
}

std::string merge_paths(const Parts& base, std::string_view ref_path) {
  if (base.has_authority && base.path.empty()) return "/" + std::string(ref_path);
  const auto slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(ref_path);
  return std::string(base.path.substr(0, slash + 1)) + std::string(ref_path);
}

std::string join(const Parts& b, std::string_view authority, bool has_authority,
                 const std::string& path, const Parts& r, bool use_ref_query) {
  std::string out;
  if (!b.scheme.empty()) out.append(b.scheme).append(":");
  if (has_authority) out.append("//").append(authority);
  out.append(path);
  if (use_ref_query ? r.has_query : b.has_query) out.append("?").append(use_ref_query ? r.query : b.query);
  if (r.has_fragment) out.append("#").append(r.fragment);
  return out;
}

}  // namespace

std::string url_scheme(std::string_view url) { return to_lower(url.substr(0, scheme_length(url))); }

bool has_url_scheme(std::string_view url) { return scheme_length(url) > 0; }

bool is_safe_base_scheme(std::string_view scheme) {
  return scheme == "http" || scheme == "https" || scheme == "ftp" || scheme == "file" ||
         scheme == "urn" || scheme == "tag" || scheme.empty();
}

// Whether `path` may hold a "." or ".." segment (a '/' then a '.', or a leading '.').
bool may_have_dot_segments(std::string_view path) {
  return (!path.empty() && path.front() == '.') || path.find("/.") != std::string_view::npos;
}

std::string resolve_url(std::string_view base, std::string_view ref) {
  ref = trim(ref);
  if (base.empty() || has_url_scheme(ref)) return std::string(ref);
  const Parts b = split_url(base);
  const Parts r = split_url(ref);
  // The usual references of feeds, "/news/1" or "story.html?id=2" without dot segments, against
  // a base without them either: the base up to its authority or last '/', then the reference.
  const bool path_absolute = !r.has_authority && !r.path.empty() && r.path.front() == '/';
  const bool path_relative = !r.has_authority && !r.path.empty() && r.path.front() != '/' && b.has_authority &&
                             !b.path.empty() && !may_have_dot_segments(b.path);
  if ((path_absolute || path_relative) && !may_have_dot_segments(r.path)) {
    const auto up_to = [&](const char* end) { return base.substr(0, static_cast<std::size_t>(end - base.data())); };
    const std::string_view kept = !path_absolute  ? up_to(b.path.data() + b.path.rfind('/') + 1)
                                  : b.has_authority ? up_to(b.authority.data() + b.authority.size())
                                                    : base.substr(0, b.scheme.empty() ? 0 : b.scheme.size() + 1);
    std::string out;
    out.reserve(kept.size() + ref.size());
    return out.append(kept).append(ref);
  }
  if (r.has_authority) return join(b, r.authority, true, remove_dot_segments(r.path), r, true);
  if (r.path.empty()) {
    return join(b, b.authority, b.has_authority, std::string(b.path), r, r.has_query);
  }
  const std::string path = r.path.front() == '/' ? std::string(r.path) : merge_paths(b, r.path);
  return join(b, b.authority, b.has_authority, remove_dot_segments(path), r, true);
}

}  // namespace parse
