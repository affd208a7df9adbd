// Page metadata: JSON-LD first, then OpenGraph / <meta>, then plain HTML (<title>, <time>, lang).
#include <nlohmann/json.hpp>

#include "extract/internal.h"

namespace extract::detail {
namespace {

using nlohmann::json;

std::string str(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_object() && j.contains("name")) return str(j["name"]);
  if (j.is_object() && j.contains("@value")) return str(j["@value"]);
  if (j.is_array()) {
    std::string out;
    for (const auto& e : j) {
      std::string s = str(e);
      if (s.empty()) continue;
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }
  return {};
}

bool is_article_type(const json& t) {
  if (t.is_array()) {
    for (const auto& e : t)
      if (is_article_type(e)) return true;
    return false;
  }
  if (!t.is_string()) return false;
  std::string s = t.get<std::string>();
  return s.find("Article") != std::string::npos || s == "BlogPosting" || s == "Report" || s == "LiveBlogPosting";
}

const json* find_article(const json& j, int depth) {
  if (depth > 8) return nullptr;
  if (j.is_array()) {
    for (const auto& e : j)
      if (const json* f = find_article(e, depth + 1)) return f;
  } else if (j.is_object()) {
    if (j.contains("@type") && is_article_type(j["@type"])) return &j;
    if (j.contains("@graph"))
      if (const json* f = find_article(j["@graph"], depth + 1)) return f;
    if (j.contains("mainEntity"))
      if (const json* f = find_article(j["mainEntity"], depth + 1)) return f;
  }
  return nullptr;
}

struct Meta {
  std::string ld_title, ld_author, ld_date, ld_lang, ld_body;
  std::string og_title, og_url, og_locale, meta_author, meta_date, meta_lang, title, canonical, time, html_lang;
};

void read_json_ld(std::string_view text, Meta& m) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return;
  const json* a = find_article(j, 0);
  if (!a || !m.ld_title.empty()) return;
  auto get = [&](const char* key) { return a->contains(key) ? str((*a)[key]) : std::string(); };
  m.ld_title = get("headline");
  m.ld_author = get("author");
  m.ld_date = get("datePublished");
  m.ld_lang = get("inLanguage");
  m.ld_body = get("articleBody");
}

void visit(const GumboNode* n, Meta& m, int depth) {
  if (depth > kMaxDepth || !is_element(n)) return;
  GumboTag t = tag(n);
  if (t == GUMBO_TAG_SCRIPT) {
    if (lower(attr(n, "type")) == "application/ld+json" && n->v.element.children.length > 0) {
      const GumboNode* k = child(n, 0);
      if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE || k->type == GUMBO_NODE_CDATA)
        read_json_ld(k->v.text.text, m);
    }
    return;
  }
  if (t == GUMBO_TAG_META) {
    std::string key = lower(attr(n, "property"));
    if (key.empty()) key = lower(attr(n, "name"));
    if (key.empty()) key = lower(attr(n, "http-equiv"));
    std::string value = collapse(attr(n, "content"));
    auto set = [&](std::string& field) {
      if (field.empty()) field = value;
    };
    if (key == "og:title" || key == "twitter:title") set(m.og_title);
    else if (key == "og:url") set(m.og_url);
    else if (key == "og:locale") set(m.og_locale);
    else if (key == "author" || key == "article:author" || key == "dc.creator" || key == "byl") set(m.meta_author);
    else if (key == "article:published_time" || key == "date" || key == "pubdate" || key == "dc.date" ||
             key == "dc.date.issued" || key == "publish-date" || key == "og:published_time")
      set(m.meta_date);
    else if (key == "content-language" || key == "dc.language" || key == "language") set(m.meta_lang);
  } else if (t == GUMBO_TAG_TITLE && m.title.empty()) {
    m.title = text_of(n);
  } else if (t == GUMBO_TAG_LINK && lower(attr(n, "rel")) == "canonical" && m.canonical.empty()) {
    m.canonical = std::string(attr(n, "href"));
  } else if (t == GUMBO_TAG_TIME && m.time.empty()) {
    m.time = std::string(attr(n, "datetime"));
  } else if (t == GUMBO_TAG_HTML) {
    m.html_lang = lower(attr(n, "lang"));
  }
  for (unsigned i = 0; i < n->v.element.children.length; ++i) visit(child(n, i), m, depth + 1);
}

std::string first(std::initializer_list<const std::string*> xs) {
  for (const std::string* x : xs)
    if (!x->empty()) return *x;
  return {};
}

// "en_US" / "en-us" → "en-us"; kept short.
std::string language_tag(std::string s) {
  s = lower(collapse(s));
  for (char& c : s)
    if (c == '_') c = '-';
  auto comma = s.find_first_of(", ");
  if (comma != std::string::npos) s.resize(comma);
  return s;
}

// A <title> often carries " | Site name": keep the longest part.
std::string strip_site_name(const std::string& t) {
  for (const char* sep : {" | ", " - ", " – ", " — ", " :: ", " « ", " » "}) {
    auto p = t.rfind(sep);
    if (p != std::string::npos && p > t.size() / 2) return t.substr(0, p);
  }
  return t;
}

}  // namespace

Article read_metadata(const Dom& dom, std::string_view url, std::string& ld_body) {
  Meta m;
  visit(dom.root(), m, 0);
  Article a;
  a.title = collapse(first({&m.ld_title, &m.og_title}));
  if (a.title.empty()) a.title = strip_site_name(m.title);
  a.author = collapse(first({&m.ld_author, &m.meta_author}));
  a.language = language_tag(first({&m.ld_lang, &m.html_lang, &m.og_locale, &m.meta_lang}));
  for (const std::string* d : {&m.ld_date, &m.meta_date, &m.time})
    if (!d->empty() && (a.published = parse_iso_date(*d))) break;
  std::string canonical = first({&m.canonical, &m.og_url});
  if (!canonical.empty()) a.canonical_url = url.empty() ? canonical : resolve_url(url, canonical);
  ld_body = std::move(m.ld_body);
  return a;
}

std::optional<std::int64_t> parse_iso_date(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  auto num = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!num(0, 4, y) || s.size() < 10 || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' || !num(8, 2, d)) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  std::size_t p = 10;
  long offset = 0;
  if (p < s.size() && (s[p] == 'T' || s[p] == ' ') && num(p + 1, 2, h) && p + 3 < s.size() && s[p + 3] == ':' &&
      num(p + 4, 2, mi)) {
    p += 6;
    if (p < s.size() && s[p] == ':' && num(p + 1, 2, se)) p += 3;
    if (p < s.size() && s[p] == '.')
      for (++p; p < s.size() && s[p] >= '0' && s[p] <= '9'; ++p) {
      }
    int oh = 0, om = 0;
    if (p < s.size() && (s[p] == '+' || s[p] == '-') && num(p + 1, 2, oh)) {
      std::size_t q = p + 3;
      if (q < s.size() && s[q] == ':') ++q;
      num(q, 2, om);
      offset = (s[p] == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
    }
  }
  // days_from_civil (H. Hinnant)
  int yy = y - (mo <= 2);
  long era = (yy >= 0 ? yy : yy - 399) / 400;
  long yoe = yy - era * 400;
  long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long days = era * 146097 + doe - 719468;
  return static_cast<std::int64_t>(days) * 86400 + h * 3600L + mi * 60L + se - offset;
}

}  // namespace extract::detail
