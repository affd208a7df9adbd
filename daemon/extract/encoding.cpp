// Bytes of an HTML page → UTF-8, following the HTML encoding sniffing order (simplified).
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <string>

#include "extract/dom.h"
#include "extract/extractor.h"

namespace extract {
namespace {

// The charset= parameter of a Content-Type value or of a <meta content="…"> value.
std::string charset_param(std::string_view v) {
  std::string l = detail::lower(v);
  auto p = l.find("charset");
  if (p == std::string::npos) return {};
  p = l.find('=', p);
  if (p == std::string::npos) return {};
  ++p;
  while (p < l.size() && (l[p] == ' ' || l[p] == '"' || l[p] == '\'')) ++p;
  std::size_t e = p;
  while (e < l.size() && l[e] != ';' && l[e] != '"' && l[e] != '\'' && l[e] != ' ' && l[e] != '>' && l[e] != '/') ++e;
  return l.substr(p, e - p);
}

// <meta charset="x"> or <meta http-equiv="content-type" content="…; charset=x"> in the first 1024 bytes.
std::string meta_charset(std::string_view bytes) {
  std::string head = detail::lower(bytes.substr(0, 1024));
  for (std::size_t p = head.find("<meta"); p != std::string::npos; p = head.find("<meta", p + 5)) {
    std::size_t end = head.find('>', p);
    std::string_view tag = std::string_view(head).substr(p, end == std::string::npos ? std::string::npos : end - p);
    std::string cs = charset_param(tag);
    if (!cs.empty()) return cs;
  }
  return {};
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    std::size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 4;
    if (n == 4 || i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

bool is_utf8_label(const std::string& cs) { return cs == "utf-8" || cs == "utf8" || cs == "unicode-1-1-utf-8"; }

std::string transcode(std::string_view bytes, std::string cs) {
  // WHATWG: these labels all mean windows-1252.
  if (cs == "iso-8859-1" || cs == "latin1" || cs == "us-ascii" || cs == "ascii" || cs == "iso8859-1") cs = "windows-1252";
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(cs.c_str(), &status);
  if (U_FAILURE(status)) return {};
  ucnv_close(conv);
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), cs.c_str());
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string repair_utf8(std::string_view bytes) {
  if (valid_utf8(bytes)) return std::string(bytes);
  return transcode(bytes, "utf-8");
}

}  // namespace

std::string to_utf8(std::string_view bytes, std::string_view content_type) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") return repair_utf8(bytes.substr(3));
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    std::string out = transcode(bytes.substr(2), bytes[0] == '\xFF' ? "utf-16le" : "utf-16be");
    if (!out.empty()) return out;
  }
  for (std::string cs : {charset_param(content_type), meta_charset(bytes)}) {
    if (cs.empty()) continue;
    if (is_utf8_label(cs)) return repair_utf8(bytes);
    if (cs.rfind("utf-16", 0) == 0) continue;  // a meta tag readable as ASCII cannot be UTF-16
    std::string out = transcode(bytes, cs);
    if (!out.empty() || bytes.empty()) return out;
  }
  if (valid_utf8(bytes)) return std::string(bytes);
  return transcode(bytes, "windows-1252");
}

}  // namespace extract
