// Profile loading: YAML → compiled Profile, collecting every error before giving up.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "classify/profile.h"
#include "classify/text_folding.h"

namespace classify {
namespace {

const std::set<std::string> kTopLevelKeys = {
    "name", "window_sentences", "lead_sentences", "match_threshold", "default_stage",
    "weights", "parties", "agreement", "soft_agreement", "soft_agreement_stages", "third_party", "ignore", "stages"};

const std::set<std::string> kStages = {"negotiating", "announced", "signed", "ratified",
                                       "in_force", "implementation", "analysis"};

// Turns YAML into a Profile; every problem is appended to `errors` with its position.
class ProfileBuilder {
 public:
  ProfileBuilder(std::string origin, std::vector<std::string>& errors)
      : origin_(std::move(origin)), errors_(errors), profile_(std::make_shared<Profile>()) {}

  std::shared_ptr<Profile> build(const YAML::Node& root);

 private:
  void error(const YAML::Mark& mark, const std::string& what);
  void check_keys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where);
  void read_scalars(const YAML::Node& root);
  void read_weights(const YAML::Node& node);
  bool read_number(const YAML::Node& parent, const std::string& key, double& out, double min);
  void read_parties(const YAML::Node& node);
  void read_stages(const YAML::Node& node);
  void read_soft_agreement_stages(const YAML::Node& node);
  void read_role_terms(const YAML::Node& node, const std::string& role, RoleKind kind, const std::string& where);
  void read_term_list(const YAML::Node& list, int role, const std::string& where);
  void add_term(const YAML::Node& term, int role, const std::string& where);

  std::string origin_;
  std::vector<std::string>& errors_;
  std::shared_ptr<Profile> profile_;
};

void ProfileBuilder::error(const YAML::Mark& mark, const std::string& what) {
  std::ostringstream out;
  out << origin_ << ':' << (mark.line >= 0 ? mark.line + 1 : 1) << ':'
      << (mark.column >= 0 ? mark.column + 1 : 1) << ": " << what;
  errors_.push_back(out.str());
}

void ProfileBuilder::check_keys(const YAML::Node& map, const std::set<std::string>& allowed,
                                const std::string& where) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (allowed.count(key)) continue;
    std::string expected;
    for (const auto& k : allowed) expected += (expected.empty() ? "" : ", ") + k;
    error(entry.first.Mark(), "unknown key '" + key + "' in " + where + ", expected one of: " + expected);
  }
}

bool ProfileBuilder::read_number(const YAML::Node& parent, const std::string& key, double& out, double min) {
  const YAML::Node node = parent[key];
  if (!node) return false;
  try {
    const double value = node.as<double>();
    if (value < min) {
      error(node.Mark(), "'" + key + "' is " + node.Scalar() + ", expected a number >= " + std::to_string(min));
      return false;
    }
    out = value;
    return true;
  } catch (const YAML::Exception&) {
    error(node.Mark(), "'" + key + "' is not a number, expected e.g. '" + key + ": 1.5'");
    return false;
  }
}

void ProfileBuilder::read_scalars(const YAML::Node& root) {
  const YAML::Node name = root["name"];
  if (!name || !name.IsScalar() || name.Scalar().empty()) {
    error(name ? name.Mark() : root.Mark(), "missing or empty 'name', expected e.g. 'name: my-topic'");
  } else {
    profile_->name = name.Scalar();
  }
  double window = profile_->window_sentences, lead = profile_->lead_sentences;
  if (read_number(root, "window_sentences", window, 0)) profile_->window_sentences = static_cast<int>(window);
  if (read_number(root, "lead_sentences", lead, 0)) profile_->lead_sentences = static_cast<int>(lead);
  read_number(root, "match_threshold", profile_->match_threshold, 0);
  if (const YAML::Node stage = root["default_stage"]) {
    if (!stage.IsScalar() || !kStages.count(stage.Scalar())) {
      error(stage.Mark(), "'default_stage' is not a known stage, expected one of the 'stages' keys");
    } else {
      profile_->default_stage = stage.Scalar();
    }
  }
}

void ProfileBuilder::read_weights(const YAML::Node& node) {
  if (!node) return;
  if (!node.IsMap()) return error(node.Mark(), "'weights' must be a map of name: number");
  ScoringWeights& w = profile_->weights;
  check_keys(node, {"title", "lead", "body", "same_sentence", "nearby", "third_party_damping",
                    "third_party_penalty", "stage_in_anchor", "stage_elsewhere", "parties_in_title"}, "'weights'");
  read_number(node, "title", w.title, 0);
  read_number(node, "lead", w.lead, 0);
  read_number(node, "body", w.body, 0);
  read_number(node, "same_sentence", w.same_sentence, 0);
  read_number(node, "nearby", w.nearby, 0);
  read_number(node, "third_party_damping", w.third_party_damping, 0);
  read_number(node, "third_party_penalty", w.third_party_penalty, 0);
  read_number(node, "stage_in_anchor", w.stage_in_anchor, 0);
  read_number(node, "stage_elsewhere", w.stage_elsewhere, 0);
  read_number(node, "parties_in_title", w.parties_in_title, 0);
}

// A term is "word", "prefix*", "*suffix" or "*infix*"; see the shipped profile's header.
void ProfileBuilder::add_term(const YAML::Node& term, int role, const std::string& where) {
  if (!term.IsScalar()) return error(term.Mark(), "a term in " + where + " is not a string, expected e.g. '- treaty'");
  std::string_view raw = term.Scalar();
  const bool any_before = !raw.empty() && raw.front() == '*';
  if (any_before) raw.remove_prefix(1);
  const bool any_after = !raw.empty() && raw.back() == '*';
  if (any_after) raw.remove_suffix(1);
  if (raw.find('*') != std::string_view::npos) {
    return error(term.Mark(), "term '" + term.Scalar() + "' in " + where +
                                  " has a '*' inside, expected '*' only at the start or end (write each inflected"
                                  " phrase out, e.g. 'вступил в силу', 'вступило в силу')");
  }
  const std::string folded = fold_text(raw);
  if (folded.empty()) {
    return error(term.Mark(), "term '" + term.Scalar() + "' in " + where +
                                  " has no letters or digits, expected a word such as 'treaty' or 'иран*'");
  }
  const bool substring = contains_unspaced_script(folded);
  const std::string pattern = ((any_before || substring) ? "" : " ") + folded +
                              ((any_after || substring) ? "" : " ");
  profile_->matcher.add(pattern, static_cast<int>(profile_->terms.size()));
  profile_->terms.push_back({term.Scalar(), role});
}

void ProfileBuilder::read_term_list(const YAML::Node& list, int role, const std::string& where) {
  if (!list.IsSequence()) {
    return error(list.Mark(), where + " must be a list of terms (or a map of language: list), expected e.g. '[treaty, pact]'");
  }
  for (const auto& term : list) add_term(term, role, where);
}

// Terms may be one list, or a map whose keys (usually language codes) group the lists.
void ProfileBuilder::read_role_terms(const YAML::Node& node, const std::string& role, RoleKind kind,
                                     const std::string& where) {
  const int id = static_cast<int>(profile_->roles.size());
  profile_->roles.push_back({role, kind});
  const std::size_t before = profile_->terms.size();
  if (node.IsMap()) {
    for (const auto& group : node) read_term_list(group.second, id, where + "." + group.first.Scalar());
  } else {
    read_term_list(node, id, where);
  }
  if (profile_->terms.size() == before && node.IsSequence()) {
    error(node.Mark(), where + " has no terms, expected at least one");
  }
}

void ProfileBuilder::read_parties(const YAML::Node& node) {
  if (!node || !node.IsMap() || node.size() < 2) {
    return error(node ? node.Mark() : YAML::Mark(), "'parties' must map at least two party names to their terms");
  }
  for (const auto& party : node) {
    read_role_terms(party.second, party.first.Scalar(), RoleKind::party, "'parties." + party.first.Scalar() + "'");
  }
}

void ProfileBuilder::read_stages(const YAML::Node& node) {
  if (!node) return;
  if (!node.IsMap()) return error(node.Mark(), "'stages' must map stage names to their cue terms");
  check_keys(node, kStages, "'stages'");
  for (const auto& stage : node) {
    if (!kStages.count(stage.first.Scalar())) continue;
    read_role_terms(stage.second, stage.first.Scalar(), RoleKind::stage, "'stages." + stage.first.Scalar() + "'");
  }
}

// Stage names are resolved after 'stages' so that the order of keys in the file does not matter.
void ProfileBuilder::read_soft_agreement_stages(const YAML::Node& node) {
  if (!node) return;
  if (!node.IsSequence()) return error(node.Mark(), "'soft_agreement_stages' must be a list of stage names");
  for (const auto& stage : node) {
    const auto& roles = profile_->roles;
    const auto it = std::find_if(roles.begin(), roles.end(), [&](const Role& role) {
      return role.kind == RoleKind::stage && role.name == stage.Scalar();
    });
    if (it == roles.end()) {
      error(stage.Mark(), "'" + stage.Scalar() + "' is not a stage defined under 'stages', expected one of its keys");
    } else {
      profile_->soft_agreement_stages.push_back(static_cast<int>(it - roles.begin()));
    }
  }
}

std::shared_ptr<Profile> ProfileBuilder::build(const YAML::Node& root) {
  if (!root.IsMap()) {
    error(root.Mark(), "the profile must be a YAML map, expected keys such as 'name', 'parties', 'agreement'");
    return nullptr;
  }
  check_keys(root, kTopLevelKeys, "the profile");
  read_scalars(root);
  read_weights(root["weights"]);
  read_parties(root["parties"]);
  if (const YAML::Node agreement = root["agreement"]) {
    read_role_terms(agreement, "agreement", RoleKind::agreement, "'agreement'");
  } else {
    error(root.Mark(), "missing 'agreement', expected a list of agreement terms");
  }
  if (const YAML::Node third = root["third_party"]) {
    read_role_terms(third, "third_party", RoleKind::third_party, "'third_party'");
  }
  if (const YAML::Node ignore = root["ignore"]) {
    read_role_terms(ignore, "ignore", RoleKind::ignore, "'ignore'");
  }
  if (const YAML::Node soft = root["soft_agreement"]) {
    read_role_terms(soft, "agreement", RoleKind::soft_agreement, "'soft_agreement'");
  }
  read_stages(root["stages"]);
  read_soft_agreement_stages(root["soft_agreement_stages"]);
  profile_->matcher.compile();
  return profile_;
}

}  // namespace

ProfileLoad load_profile_text(std::string_view yaml, const std::string& origin_name) {
  ProfileLoad load;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::ParserException& e) {
    load.errors.push_back(origin_name + ':' + std::to_string(e.mark.line + 1) + ':' +
                          std::to_string(e.mark.column + 1) + ": YAML syntax error: " + e.msg);
    return load;
  }
  ProfileBuilder builder(origin_name, load.errors);
  auto profile = builder.build(root);
  if (load.errors.empty()) load.profile = std::move(profile);
  return load;
}

ProfileLoad load_profile_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {nullptr, {path + ":1:1: cannot read the profile file, expected a readable YAML file"}};
  std::ostringstream text;
  text << in.rdbuf();
  return load_profile_text(text.str(), path);
}

const std::string& profile_name(const Profile& profile) { return profile.name; }

}  // namespace classify
