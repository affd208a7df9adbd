// resolve_url(): RFC 3986 §5.2 reference resolution, enough for links found in pages.
#include <string>
#include <vector>

#include "extract/extractor.h"

namespace extract {
namespace {

struct Parts {
  std::string scheme, authority, path, query;  // query includes '?'
  bool has_authority = false;
};

bool scheme_end(std::string_view s, std::size_t& colon) {
  colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

Parts split(std::string_view s) {
  Parts p;
  if (auto h = s.find('#'); h != std::string_view::npos) s = s.substr(0, h);
  std::size_t colon;
  if (scheme_end(s, colon)) {
    p.scheme = std::string(s.substr(0, colon));
    for (char& c : p.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    s.remove_prefix(colon + 1);
  }
  if (s.substr(0, 2) == "//") {
    p.has_authority = true;
    s.remove_prefix(2);
    std::size_t end = s.find_first_of("/?");
    p.authority = std::string(s.substr(0, end));
    s = end == std::string_view::npos ? std::string_view() : s.substr(end);
  }
  std::size_t q = s.find('?');
  p.path = std::string(s.substr(0, q));
  if (q != std::string_view::npos) p.query = std::string(s.substr(q));
  return p;
}

std::string remove_dots(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  bool absolute = !path.empty() && path[0] == '/';
  if (absolute) i = 1;
  std::string seg;
  bool trailing = false;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    seg = path.substr(i, j - i);
    trailing = false;
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing = true;
    } else if (seg == ".") {
      trailing = true;
    } else {
      out.push_back(seg);
    }
    i = j + 1;
  }
  std::string r = absolute ? "/" : "";
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k) r += '/';
    r += out[k];
  }
  if (trailing && (r.empty() || r.back() != '/')) r += '/';
  return r;
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view ref) {
  std::string r;
  for (char c : ref)
    if (c != '\n' && c != '\r' && c != '\t') r += c;
  while (!r.empty() && r.front() == ' ') r.erase(0, 1);
  while (!r.empty() && r.back() == ' ') r.pop_back();
  Parts b = split(base), x = split(r);
  std::string fragment;
  if (auto h = r.find('#'); h != std::string::npos) fragment = r.substr(h);
  Parts t;
  if (!x.scheme.empty()) {
    t = x;
    t.path = remove_dots(x.path);
  } else {
    t.scheme = b.scheme;
    if (x.has_authority) {
      t.has_authority = true;
      t.authority = x.authority;
      t.path = remove_dots(x.path);
      t.query = x.query;
    } else {
      t.has_authority = b.has_authority;
      t.authority = b.authority;
      if (x.path.empty()) {
        t.path = b.path;
        t.query = x.query.empty() ? b.query : x.query;
      } else {
        if (x.path[0] == '/') {
          t.path = remove_dots(x.path);
        } else {
          std::string merged = (b.has_authority && b.path.empty()) ? "/" : b.path.substr(0, b.path.rfind('/') + 1);
          t.path = remove_dots(merged + x.path);
        }
        t.query = x.query;
      }
    }
  }
  std::string out = t.scheme.empty() ? "" : t.scheme + ":";
  if (t.has_authority) out += "//" + t.authority;
  if (t.has_authority && t.path.empty()) out += "/";
  out += t.path + t.query + fragment;
  return out;
}

}  // namespace extract
