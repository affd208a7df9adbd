// html_to_text: a forgiving single-pass HTML tokenizer that keeps only the text.
#include <array>

#include "parse/html_entities.h"
#include "parse/parser.h"
#include "parse/text_util.h"

namespace parse {
namespace {

constexpr std::array<std::string_view, 28> kBlockElements{
    "address", "article", "aside", "blockquote", "br",    "dd",     "div",
    "dl",      "dt",      "footer", "h1",        "h2",    "h3",     "h4",
    "h5",      "h6",      "header", "hr",        "li",    "main",   "ol",
    "p",       "pre",     "section", "table",    "td",    "tr",     "ul"};

bool is_block(std::string_view name) {
  for (std::string_view b : kBlockElements) {
    if (b == name) return true;
  }
  return false;
}

// Decodes the reference at html[pos] == '&'; appends it and returns the position after it.
std::size_t decode_reference(std::string_view html, std::size_t pos, std::string& out) {
  const std::size_t semi = html.find(';', pos);
  if (semi == std::string_view::npos || semi - pos > 32) {
    out += '&';
    return pos + 1;
  }
  const std::string_view name = html.substr(pos + 1, semi - pos - 1);
  int cp = -1;
  if (name.size() > 1 && name.front() == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string s(name.substr(hex ? 2 : 1));
    if (!s.empty() && s.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") == std::string::npos && s.size() < 8) {
      cp = static_cast<int>(std::stol(s, nullptr, hex ? 16 : 10));
    }
  } else if (name == "apos") {
    cp = '\'';
  } else if (const auto found = lookup_html_entity(name)) {
    cp = static_cast<int>(*found);
  }
  if (cp < 0) {
    out += '&';
    return pos + 1;
  }
  append_utf8(out, static_cast<char32_t>(cp));
  return semi + 1;
}

std::string tag_name(std::string_view tag) {  // "<a href=..>" -> "a", "</P>" -> "p"
  std::size_t i = tag.size() > 1 && tag[1] == '/' ? 2 : 1;
  const std::size_t start = i;
  while (i < tag.size() && (is_alpha(tag[i]) || is_digit(tag[i]))) ++i;
  return to_lower(tag.substr(start, i - start));
}

// Handles the markup at html[pos] == '<'; returns the position after it.
std::size_t skip_tag(std::string_view html, std::size_t pos, std::string& out) {
  const char next = pos + 1 < html.size() ? html[pos + 1] : '\0';
  if (!is_alpha(next) && next != '/' && next != '!' && next != '?') {  // "x < y": just text
    out += '<';
    return pos + 1;
  }
  if (html.compare(pos, 4, "<!--") == 0) {
    const std::size_t end = html.find("-->", pos + 4);
    return end == std::string_view::npos ? html.size() : end + 3;
  }
  const std::size_t end = html.find('>', pos);
  if (end == std::string_view::npos) return html.size();
  const std::string_view tag = html.substr(pos, end - pos + 1);
  const std::string name = tag_name(tag);
  if ((name == "script" || name == "style") && tag[1] != '/') {
    const std::size_t close = to_lower(html.substr(end)).find("</" + name);
    return close == std::string::npos ? html.size() : skip_tag(html, end + close, out);
  }
  if (is_block(name)) out += '\n';
  return end + 1;
}

// Collapses whitespace runs to one space, or to one newline when the run has a newline.
std::string collapse_whitespace(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool pending_space = false, pending_newline = false;
  for (const char c : raw) {
    if (is_space(c) || c == '\f' || c == '\v') {
      pending_newline = pending_newline || c == '\n';
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out += pending_newline ? '\n' : ' ';
    pending_space = pending_newline = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string raw;
  raw.reserve(html.size());
  std::size_t pos = 0;
  while (pos < html.size()) {
    const std::size_t next = html.find_first_of("<&", pos);
    raw.append(html.substr(pos, next - pos));
    if (next == std::string_view::npos) break;
    pos = html[next] == '<' ? skip_tag(html, next, raw) : decode_reference(html, next, raw);
  }
  return collapse_whitespace(raw);
}

}  // namespace parse
