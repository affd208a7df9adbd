#include "classify/topic_filter.h"

#include <algorithm>
#include <cassert>
#include <iterator>

#include "classify/language_detector.h"
#include "classify/profile.h"
#include "classify/sentence_splitter.h"
#include "classify/text_folding.h"
#include "classify/verdict_scoring.h"

namespace classify {
namespace {

// The folded document: each sentence as " tok tok … ", sentences joined by '\n' so that no
// pattern (which never contains '\n') can span two sentences.
struct FoldedDocument {
  std::string stream;
  std::vector<std::size_t> starts;  // byte offset of each sentence in `stream`
  std::vector<SentenceHits> sentences;
};

void append_sentence(FoldedDocument& doc, std::string_view original, Field field, int position) {
  if (!doc.stream.empty()) doc.stream += '\n';
  doc.starts.push_back(doc.stream.size());
  doc.stream += ' ';
  fold_append(original, doc.stream);
  doc.stream += ' ';
  doc.sentences.push_back({original, field, position, {}});
}

FoldedDocument fold_document(const Document& document) {
  FoldedDocument doc;
  doc.stream.reserve(document.title.size() + document.text.size() + 64);
  int position = 0;
  for (std::string_view sentence : split_sentences(document.title)) {
    append_sentence(doc, sentence, Field::title, position++);
  }
  position = 0;
  for (std::string_view sentence : split_sentences(document.text)) {
    append_sentence(doc, sentence, Field::text, position++);
  }
  return doc;
}

bool is_ignore(const Profile& profile, const AhoCorasick::Hit& hit) {
  return profile.roles[profile.terms[hit.id].role].kind == RoleKind::ignore;
}

// Drops "ignore" phrases and every hit that lies inside one (e.g. "acuerdo" in "de acuerdo con").
void drop_ignored(const Profile& profile, std::vector<AhoCorasick::Hit>& hits) {
  std::vector<AhoCorasick::Hit> masks;
  for (const auto& hit : hits) {
    if (is_ignore(profile, hit)) masks.push_back(hit);
  }
  if (masks.empty()) return;
  std::erase_if(hits, [&](const AhoCorasick::Hit& hit) {
    return std::any_of(masks.begin(), masks.end(), [&](const AhoCorasick::Hit& mask) {
      return mask.begin <= hit.begin && hit.end <= mask.end;
    });
  });
}

// A stage cue inside a longer cue of another stage yields to it: "to sign" (announced) hides
// the "sign" (signed) it contains.
void drop_nested_stage_cues(const Profile& profile, std::vector<AhoCorasick::Hit>& hits) {
  auto stage_of = [&](const AhoCorasick::Hit& hit) {
    const int role = profile.terms[hit.id].role;
    return profile.roles[role].kind == RoleKind::stage ? role : -1;
  };
  std::vector<AhoCorasick::Hit> stage_hits;
  std::copy_if(hits.begin(), hits.end(), std::back_inserter(stage_hits),
               [&](const AhoCorasick::Hit& hit) { return stage_of(hit) >= 0; });
  std::erase_if(hits, [&](const AhoCorasick::Hit& hit) {
    const int stage = stage_of(hit);
    return stage >= 0 && std::any_of(stage_hits.begin(), stage_hits.end(), [&](const AhoCorasick::Hit& outer) {
             return stage_of(outer) != stage && outer.begin <= hit.begin && hit.end <= outer.end &&
                    outer.end - outer.begin > hit.end - hit.begin;
           });
  });
}

void attach_hits(const Profile& profile, FoldedDocument& doc) {
  std::vector<AhoCorasick::Hit> hits;
  profile.matcher.find_all(doc.stream, hits);
  drop_ignored(profile, hits);
  drop_nested_stage_cues(profile, hits);
  for (const AhoCorasick::Hit& hit : hits) {
    const auto after = std::upper_bound(doc.starts.begin(), doc.starts.end(), hit.begin);
    assert(after != doc.starts.begin());
    doc.sentences[static_cast<std::size_t>(after - doc.starts.begin() - 1)].terms.push_back(hit.id);
  }
  for (SentenceHits& sentence : doc.sentences) {
    std::sort(sentence.terms.begin(), sentence.terms.end());
    sentence.terms.erase(std::unique(sentence.terms.begin(), sentence.terms.end()), sentence.terms.end());
  }
}

}  // namespace

TopicFilter::TopicFilter(std::shared_ptr<const Profile> profile) : profile_(std::move(profile)) {
  assert(profile_ != nullptr);
}

Verdict TopicFilter::classify(const Document& document) const {
  FoldedDocument doc = fold_document(document);
  attach_hits(*profile_, doc);
  Verdict verdict = score_sentences(*profile_, doc.sentences);
  verdict.language = detect_language(document.title + "\n" + document.text, doc.stream, document.language_hint);
  verdict.profile = profile_->name;
  return verdict;
}

}  // namespace classify
