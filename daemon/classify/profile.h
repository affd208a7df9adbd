// The compiled form of a topic profile (internal to classify/). Built by profile_loader.cpp,
// read by the scorer. Immutable after load; safe to share between threads.
#pragma once

#include <string>
#include <vector>

#include "classify/aho_corasick.h"
#include "classify/topic_filter.h"

namespace classify {

/// What a term says about a sentence.
enum class RoleKind { party, agreement, soft_agreement, third_party, stage, ignore };

struct Role {
  std::string name;  ///< party name, "agreement", "third_party", the stage name or "ignore"
  RoleKind kind;
};

/// One profile term; its index is the pattern id in Profile::matcher.
struct Term {
  std::string text;  ///< as written in the profile (for evidence)
  int role;          ///< index into Profile::roles
};

/// Numbers an operator tunes; defaults match the shipped profile's documentation.
struct ScoringWeights {
  double title = 3.0;               ///< multiplier for an anchor in the title
  double lead = 2.0;                ///< ... in the first `lead_sentences` sentences of the text
  double body = 1.0;                ///< ... anywhere else
  double same_sentence = 1.0;       ///< all parties and an agreement term in one sentence
  double nearby = 0.5;              ///< agreement + a party in one sentence, other parties in the window
  double third_party_damping = 0.5; ///< anchor weight factor when a third party shares the sentence
  double third_party_penalty = 0.5; ///< subtracted per unit of third-party agreement weight
  double stage_in_anchor = 1.0;     ///< stage cue in an anchor sentence
  double stage_elsewhere = 0.3;     ///< stage cue elsewhere
  double parties_in_title = 1.0;    ///< bonus when the title names all parties (no third party) and an anchor exists
};

class Profile {
 public:
  std::string name;
  std::vector<Role> roles;
  std::vector<Term> terms;
  AhoCorasick matcher;
  int window_sentences = 1;  ///< parties may sit this many sentences away from the agreement term
  int lead_sentences = 3;
  double match_threshold = 2.0;
  std::string default_stage = "analysis";  ///< when a match shows no stage cue
  ScoringWeights weights;
  std::vector<int> soft_agreement_stages;  ///< stage roles that turn a soft agreement term into an agreement
};

}  // namespace classify
