// Internal: find the character encoding of a feed document (RFC 3023 rules, as feedparser
// applies them) and transcode it to UTF-8 with ICU.
#pragma once

#include <string>
#include <string_view>

namespace parse {

/// The document as UTF-8 plus how it was obtained.
struct DecodedDocument {
  std::string_view original;  ///< the input bytes, when they were UTF-8 already (no copy)
  std::string storage;        ///< the transcoded text otherwise
  bool converted = false;     ///< which of the two holds the document
  std::string encoding;   ///< the charset actually used, lower case ("utf-8", "windows-1251")
  std::string problem;    ///< non-empty when the handling was lenient (-> bozo)
  bool non_xml_media_type = false;  ///< the problem is (only) a non-XML HTTP media type

  /// The document as UTF-8, without byte-order mark.
  std::string_view text() const { return converted ? std::string_view(storage) : original; }
};

/// Decodes `bytes` using, in order: byte-order mark, HTTP charset (or the text/* default),
/// XML declaration, UTF-8, then windows-1252 / iso-8859-2 as guesses. `content_type` is the
/// HTTP Content-Type header or "" when absent. Never fails: the last guess decodes anything.
/// `bytes` must outlive the result (it may point into them).
DecodedDocument decode_document(std::string_view bytes, std::string_view content_type);

/// The encoding named in an XML declaration ("<?xml version='1.0' encoding='koi8-r'?>"),
/// lower case, or "" when there is none.
std::string xml_declared_encoding(std::string_view head);

/// True when `s` is well-formed UTF-8 (thirty-two bytes at a time where the CPU has AVX2,
/// sixteen where it has SSSE3).
bool is_valid_utf8(std::string_view s);
/// The same check a character at a time, for any CPU (and as the reference in tests).
bool is_valid_utf8_portable(std::string_view s);

}  // namespace parse
