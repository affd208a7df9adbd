// Text folding for matching: the same function is applied to profile terms and to documents,
// so a term matches whatever spelling variants fold to the same string.
#pragma once

#include <string>
#include <string_view>

namespace classify {

/// Folds UTF-8 text to a canonical matching form: NFKC with case folding (ICU), Latin/Cyrillic/
/// Greek diacritics and Arabic harakat removed, Arabic/Persian letter variants unified
/// (ي/ی/ى, ك/ک, أ/إ/آ, ة/ه), tatweel and zero-width joiners dropped, all digits made ASCII, and
/// every run of non-letters/digits replaced by one space. No leading or trailing space.
/// Invalid UTF-8 is tolerated (it becomes U+FFFD, then a space). Thread-safe.
std::string fold_text(std::string_view utf8);

/// fold_text() appended to `out` (no allocation beyond out's growth). Each code point is folded
/// on its own, from a table built with ICU on first use of its block; ASCII takes a fast path.
void fold_append(std::string_view utf8, std::string& out);

/// True when the code point belongs to a script written without spaces between words
/// (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar); such terms match as substrings.
bool is_unspaced_script(char32_t cp);

/// True when any code point of the UTF-8 string is in an unspaced script.
bool contains_unspaced_script(std::string_view utf8);

}  // namespace classify
