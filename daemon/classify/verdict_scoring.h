// Scoring: from per-sentence term hits to a verdict. This is where "structure, not bag of
// words" lives: parties and an agreement term must meet in one sentence or a short window.
#pragma once

#include <string_view>
#include <vector>

#include "classify/profile.h"

namespace classify {

enum class Field { title, text };

/// The terms found in one sentence of a document.
struct SentenceHits {
  std::string_view original;  ///< the sentence as written (trimmed)
  Field field = Field::text;
  int position = 0;           ///< index of the sentence within its field
  std::vector<int> terms;     ///< Profile::terms indices, each at most once, ascending
};

/// Fills match, score, stage and evidence of a verdict (not language or profile name).
/// Pure function of its arguments; thread-safe.
Verdict score_sentences(const Profile& profile, const std::vector<SentenceHits>& sentences);

}  // namespace classify
