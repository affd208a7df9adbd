// Language identification by script, then by stopwords for Latin-script text.
#pragma once

#include <string>
#include <string_view>

namespace classify {

/// Guesses the ISO 639-1 code of `raw` (original text). `folded` is the same text after
/// fold_text() and serves the stopword count for Latin-script languages. Returns `hint` when
/// the text gives too little evidence (and "" when there is no hint either). Thread-safe.
std::string detect_language(std::string_view raw, std::string_view folded, std::string_view hint);

}  // namespace classify
