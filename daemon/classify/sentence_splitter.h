// Sentence splitting, good enough to bound co-occurrence: it only needs to keep unrelated
// statements apart, not to be linguistically exact.
#pragma once

#include <string_view>
#include <vector>

namespace classify {

/// Splits plain text into trimmed, non-empty sentences (views into `text`). A sentence ends at a
/// line break, at . ! ? ; followed by white space, or at 。！？؟। (which need no space after).
/// Thread-safe.
std::vector<std::string_view> split_sentences(std::string_view text);

}  // namespace classify
