#include "classify/verdict_scoring.h"

#include <algorithm>
#include <map>
#include <set>

namespace classify {
namespace {

// What each sentence holds, by role, in a form the scoring rules can test cheaply.
struct SentenceRoles {
  unsigned parties = 0;  // bit per party
  bool agreement = false;       // an agreement term, or a soft one made firm by a stage cue
  bool hard_agreement = false;  // an agreement term proper ("treaty", not "documents were signed")
  bool soft_agreement = false;
  bool agreement_stage = false;  // a stage cue that makes a soft agreement term count
  bool any_stage = false;        // any stage cue ("signed", "ratified", "talks", ...)
  bool third_party = false;
};

struct Anchor {
  std::size_t sentence;
  double weight;
};

struct RoleIndex {
  std::vector<int> party_bit;  // per role: bit index, or -1
  unsigned all_parties = 0;
};

RoleIndex index_roles(const Profile& profile) {
  RoleIndex index;
  int bit = 0;
  for (const Role& role : profile.roles) {
    index.party_bit.push_back(role.kind == RoleKind::party ? bit++ : -1);
  }
  index.all_parties = (1u << bit) - 1;
  return index;
}

std::vector<SentenceRoles> classify_sentences(const Profile& profile, const RoleIndex& index,
                                              const std::vector<SentenceHits>& sentences) {
  std::vector<SentenceRoles> out(sentences.size());
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    for (int term : sentences[i].terms) {
      const int role = profile.terms[term].role;
      switch (profile.roles[role].kind) {
        case RoleKind::party: out[i].parties |= 1u << index.party_bit[role]; break;
        case RoleKind::agreement: out[i].agreement = true; break;
        case RoleKind::soft_agreement: out[i].soft_agreement = true; break;
        case RoleKind::third_party: out[i].third_party = true; break;
        case RoleKind::stage:
          out[i].any_stage = true;
          out[i].agreement_stage |= std::count(profile.soft_agreement_stages.begin(),
                                               profile.soft_agreement_stages.end(), role) > 0;
          break;
        case RoleKind::ignore: break;
      }
    }
    out[i].hard_agreement = out[i].agreement;
    out[i].agreement |= out[i].soft_agreement && out[i].agreement_stage;
  }
  return out;
}

double field_weight(const Profile& profile, const SentenceHits& sentence) {
  if (sentence.field == Field::title) return profile.weights.title;
  return sentence.position < profile.lead_sentences ? profile.weights.lead : profile.weights.body;
}

// Parties seen within the window around sentence i, in the same field. Headline and lead read
// as one context: a title sentence also sees the first sentence of the text, and a lead
// sentence sees the parties of a headline that names them all with no third party ("Russia
// and Iran to ..." followed by "The agreement ...").
unsigned parties_in_window(const Profile& profile, const std::vector<SentenceHits>& sentences,
                           const std::vector<SentenceRoles>& roles, std::size_t i, unsigned clean_title) {
  unsigned mask = 0;
  for (std::size_t j = 0; j < sentences.size(); ++j) {
    if (sentences[j].field == sentences[i].field &&
        std::abs(sentences[j].position - sentences[i].position) <= profile.window_sentences) {
      mask |= roles[j].parties;
    }
    if (sentences[i].field == Field::title && sentences[j].field == Field::text && sentences[j].position == 0) {
      mask |= roles[j].parties;
    }
  }
  if (sentences[i].field == Field::text && sentences[i].position < profile.lead_sentences) mask |= clean_title;
  return mask;
}

// Weight of sentence i as an anchor: an agreement term with all parties together.
double anchor_weight(const Profile& profile, const RoleIndex& index, const SentenceRoles& here,
                     unsigned window_parties) {
  // Without a party of its own, a sentence anchors only through the headline, and only when it
  // reports something happening to a real agreement ("the memorandum was signed"), not when it
  // merely names one ("no agreement is mentioned").
  if (!here.agreement) return 0;
  if (here.parties == 0 && (window_parties == 0 || !here.hard_agreement || !here.any_stage)) return 0;
  double base = 0;
  if (here.parties == index.all_parties) {
    base = profile.weights.same_sentence;
  } else if (window_parties == index.all_parties) {
    base = profile.weights.nearby;
  }
  return here.third_party ? base * profile.weights.third_party_damping : base;
}

// The headline is about the parties themselves: all of them, and nobody else.
bool title_names_parties(const RoleIndex& index, const std::vector<SentenceHits>& sentences,
                         const std::vector<SentenceRoles>& roles) {
  unsigned parties = 0;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    if (sentences[i].field != Field::title) continue;
    if (roles[i].third_party) return false;
    parties |= roles[i].parties;
  }
  return parties == index.all_parties && parties != 0;
}

std::string pick_stage(const Profile& profile, const std::vector<SentenceHits>& sentences,
                       const std::vector<double>& anchor_weights) {
  std::map<int, double> stage_scores;  // by role index, so ties go to the profile's order
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const double factor = anchor_weights[i] > 0 ? profile.weights.stage_in_anchor : profile.weights.stage_elsewhere;
    std::set<int> stages_here;  // a stage counts once per sentence, however many of its cues it holds
    for (int term : sentences[i].terms) {
      const int role = profile.terms[term].role;
      if (profile.roles[role].kind == RoleKind::stage) stages_here.insert(role);
    }
    for (int role : stages_here) stage_scores[role] += factor * field_weight(profile, sentences[i]);
  }
  const auto best = std::max_element(stage_scores.begin(), stage_scores.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  return best == stage_scores.end() ? profile.default_stage : profile.roles[best->first].name;
}

void add_evidence(const Profile& profile, const SentenceHits& sentence, RoleKind kind,
                  std::vector<Evidence>& out) {
  for (int term : sentence.terms) {
    const Role& role = profile.roles[profile.terms[term].role];
    if (role.kind != kind) continue;
    const std::string role_name = kind == RoleKind::stage ? "stage" : role.name;  // soft terms are "agreement"
    const bool seen = std::any_of(out.begin(), out.end(), [&](const Evidence& e) { return e.role == role_name; });
    if (seen) continue;
    out.push_back({profile.terms[term].text, role_name, sentence.field == Field::title ? "title" : "text",
                   std::string(sentence.original)});
  }
}

// Evidence from the strongest anchor, then the parties' sentences nearby, then cues.
std::vector<Evidence> collect_evidence(const Profile& profile, const std::vector<SentenceHits>& sentences,
                                       const std::vector<double>& anchor_weights) {
  std::vector<Evidence> evidence;
  const auto best = std::max_element(anchor_weights.begin(), anchor_weights.end());
  if (best == anchor_weights.end() || *best <= 0) return evidence;
  const std::size_t anchor = static_cast<std::size_t>(best - anchor_weights.begin());
  add_evidence(profile, sentences[anchor], RoleKind::agreement, evidence);
  add_evidence(profile, sentences[anchor], RoleKind::soft_agreement, evidence);
  add_evidence(profile, sentences[anchor], RoleKind::party, evidence);
  for (const SentenceHits& s : sentences) {
    if (s.field == sentences[anchor].field &&
        std::abs(s.position - sentences[anchor].position) <= profile.window_sentences) {
      add_evidence(profile, s, RoleKind::party, evidence);
    }
  }
  add_evidence(profile, sentences[anchor], RoleKind::stage, evidence);
  add_evidence(profile, sentences[anchor], RoleKind::third_party, evidence);
  return evidence;
}

}  // namespace

Verdict score_sentences(const Profile& profile, const std::vector<SentenceHits>& sentences) {
  const RoleIndex index = index_roles(profile);
  const std::vector<SentenceRoles> roles = classify_sentences(profile, index, sentences);
  std::vector<double> anchor_weights(sentences.size(), 0.0);
  const bool clean_title = title_names_parties(index, sentences, roles);
  double anchors = 0, third_party = 0;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const double field = field_weight(profile, sentences[i]);
    const unsigned window =
        roles[i].agreement ? parties_in_window(profile, sentences, roles, i, clean_title ? index.all_parties : 0) : 0;
    anchor_weights[i] = anchor_weight(profile, index, roles[i], window) * field;
    anchors += anchor_weights[i];
    // "Russia's treaty with North Korea": a third party's agreement with one of the parties. When
    // every party stands in the sentence too, the third party is a comparison: damped, not penalised.
    if (roles[i].agreement && roles[i].third_party && roles[i].parties != 0 && roles[i].parties != index.all_parties) {
      third_party += field;
    }
  }
  Verdict verdict;
  verdict.score = anchors - profile.weights.third_party_penalty * third_party;
  if (anchors > 0 && clean_title) verdict.score += profile.weights.parties_in_title;
  verdict.match = anchors > 0 && verdict.score >= profile.match_threshold;
  verdict.evidence = collect_evidence(profile, sentences, anchor_weights);
  if (verdict.match) verdict.stage = pick_stage(profile, sentences, anchor_weights);
  return verdict;
}

}  // namespace classify
