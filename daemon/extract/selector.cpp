#include "extract/selector.h"

#include <cctype>

namespace extract::detail {
namespace {

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':'; }

std::string read_name(std::string_view s, std::size_t& i) {
  std::size_t b = i;
  while (i < s.size() && name_char(s[i])) ++i;
  return lower(s.substr(b, i - b));
}

std::string read_value(std::string_view s, std::size_t& i) {
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
    char q = s[i++];
    std::size_t b = i;
    while (i < s.size() && s[i] != q) ++i;
    std::string v(s.substr(b, i - b));
    if (i < s.size()) ++i;
    return v;
  }
  std::size_t b = i;
  while (i < s.size() && s[i] != ']' && s[i] != ')' && s[i] != ',') ++i;
  return collapse(s.substr(b, i - b));
}

void skip_ws(std::string_view s, std::size_t& i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
}

bool parse_css(std::string_view s, std::vector<std::vector<Selector::Compound>>& out, std::string& error) {
  std::size_t i = 0;
  std::vector<Selector::Compound> alt;
  bool child = false;
  while (true) {
    skip_ws(s, i);
    if (i >= s.size() || s[i] == ',') {
      if (alt.empty()) return error = "empty selector", false;
      out.push_back(std::move(alt));
      alt.clear();
      if (i >= s.size()) return true;
      ++i;
      continue;
    }
    if (s[i] == '>') {
      if (alt.empty()) return error = "'>' without a left side", false;
      child = true;
      ++i;
      continue;
    }
    Selector::Compound c;
    c.child = child;
    child = false;
    if (s[i] == '*') ++i;
    else if (name_char(s[i])) c.tag = read_name(s, i);
    while (i < s.size() && (s[i] == '.' || s[i] == '#' || s[i] == '[')) {
      char k = s[i++];
      if (k == '.' || k == '#') {
        std::string v = read_name(s, i);
        if (v.empty()) return error = "empty class or id", false;
        c.conditions.push_back({k == '.' ? "class" : "id", k == '.' ? '~' : '=', v});
        continue;
      }
      skip_ws(s, i);
      Selector::Condition cond;
      cond.name = read_name(s, i);
      skip_ws(s, i);
      if (cond.name.empty()) return error = "attribute name expected", false;
      if (i < s.size() && s[i] != ']') {
        if (s[i] != '=') {
          cond.op = s[i++];
          if (i >= s.size() || s[i] != '=' || std::string("~*^$").find(cond.op) == std::string::npos)
            return error = "unsupported attribute operator", false;
        } else {
          cond.op = '=';
        }
        ++i;
        skip_ws(s, i);
        cond.value = read_value(s, i);
        skip_ws(s, i);
      }
      if (i >= s.size() || s[i] != ']') return error = "']' expected", false;
      ++i;
      c.conditions.push_back(cond);
    }
    if (c.tag.empty() && c.conditions.empty() && (i == 0 || s[i - 1] != '*'))
      return error = std::string("unexpected '") + s[i] + "'", false;
    alt.push_back(std::move(c));
  }
}

bool parse_xpath(std::string_view s, std::vector<std::vector<Selector::Compound>>& out, std::string& error) {
  std::size_t i = 0;
  std::vector<Selector::Compound> alt;
  while (true) {
    skip_ws(s, i);
    if (i >= s.size() || s[i] == '|') {
      if (alt.empty()) return error = "empty XPath", false;
      out.push_back(std::move(alt));
      alt.clear();
      if (i >= s.size()) return true;
      ++i;
      continue;
    }
    if (s[i] != '/') return error = "XPath step must start with '/'", false;
    bool descendant = s.substr(i, 2) == "//";
    i += descendant ? 2 : 1;
    Selector::Compound c;
    c.child = !descendant && !alt.empty();
    if (i < s.size() && s[i] == '*') ++i;
    else c.tag = read_name(s, i);
    if (c.tag.empty() && (i == 0 || s[i - 1] != '*')) return error = "XPath step needs a name or '*'", false;
    while (i < s.size() && s[i] == '[') {
      ++i;
      skip_ws(s, i);
      Selector::Condition cond;
      bool contains = s.substr(i, 9) == "contains(";
      if (contains) i += 9;
      skip_ws(s, i);
      if (i >= s.size() || s[i] != '@') return error = "only @attribute predicates are supported", false;
      ++i;
      cond.name = read_name(s, i);
      skip_ws(s, i);
      if (contains) {
        if (i >= s.size() || s[i] != ',') return error = "contains(@a, 'v') expected", false;
        ++i;
        skip_ws(s, i);
        cond.op = '*';
        cond.value = read_value(s, i);
        skip_ws(s, i);
        if (i >= s.size() || s[i] != ')') return error = "')' expected", false;
        ++i;
      } else if (i < s.size() && s[i] == '=') {
        ++i;
        skip_ws(s, i);
        cond.op = '=';
        cond.value = read_value(s, i);
      }
      skip_ws(s, i);
      if (i >= s.size() || s[i] != ']') return error = "']' expected", false;
      ++i;
      c.conditions.push_back(cond);
    }
    alt.push_back(std::move(c));
  }
}

bool condition_holds(const GumboNode* n, const Selector::Condition& c) {
  if (!has_attr(n, c.name.c_str())) return false;
  std::string_view v = attr(n, c.name.c_str());
  switch (c.op) {
    case 0: return true;
    case '=': return v == c.value;
    case '*': return v.find(c.value) != std::string_view::npos;
    case '^': return v.substr(0, c.value.size()) == c.value;
    case '$': return v.size() >= c.value.size() && v.substr(v.size() - c.value.size()) == c.value;
    case '~': {
      std::size_t i = 0;
      while (i < v.size()) {
        while (i < v.size() && std::isspace(static_cast<unsigned char>(v[i]))) ++i;
        std::size_t b = i;
        while (i < v.size() && !std::isspace(static_cast<unsigned char>(v[i]))) ++i;
        if (v.substr(b, i - b) == c.value) return true;
      }
      return false;
    }
  }
  return false;
}

bool compound_holds(const GumboNode* n, const Selector::Compound& c) {
  if (!is_element(n)) return false;
  if (!c.tag.empty() && tag_name(n) != c.tag) return false;
  for (const auto& cond : c.conditions)
    if (!condition_holds(n, cond)) return false;
  return true;
}

void collect(const Selector& s, const GumboNode* n, const GumboNode* scope, std::vector<const GumboNode*>& out,
             int depth) {
  if (depth > kMaxDepth) return;
  for (unsigned i = 0; i < children(n).length; ++i) {
    const GumboNode* k = child(n, i);
    if (!is_element(k)) continue;
    if (s.matches(k, scope)) out.push_back(k);
    collect(s, k, scope, out, depth + 1);
  }
}

}  // namespace

Selector Selector::compile(std::string_view text, std::string& error) {
  Selector s;
  std::string t = collapse(text);
  bool xpath = !t.empty() && (t[0] == '/' || t[0] == '(');
  if (xpath && t[0] == '(') {
    error = "XPath grouping is not supported";
    return s;
  }
  if (t.empty()) {
    error = "empty selector";
    return s;
  }
  if (!(xpath ? parse_xpath(t, s.alternatives_, error) : parse_css(t, s.alternatives_, error))) s.alternatives_.clear();
  return s;
}

bool Selector::match_from(const GumboNode* n, const std::vector<Compound>& alt, std::size_t i,
                          const GumboNode* scope) const {
  if (!compound_holds(n, alt[i])) return false;
  if (i == 0) return true;
  const GumboNode* p = n->parent;
  if (alt[i].child) return p && p != scope && is_element(p) && match_from(p, alt, i - 1, scope);
  for (; p && is_element(p) && p != scope; p = p->parent)
    if (match_from(p, alt, i - 1, scope)) return true;
  return false;
}

bool Selector::matches(const GumboNode* n, const GumboNode* scope) const {
  for (const auto& alt : alternatives_)
    if (match_from(n, alt, alt.size() - 1, scope)) return true;
  return false;
}

std::vector<const GumboNode*> Selector::select(const GumboNode* scope) const {
  std::vector<const GumboNode*> out;
  if (!empty() && scope) collect(*this, scope, scope, out, 0);
  return out;
}

}  // namespace extract::detail
