// The topic filter: decides whether a news item is about the profile's topic (for the shipped
// profile, a treaty or agreement between Iran and Russia) and says why.
//
// The topic itself lives in a YAML profile (see config/profiles/iran-russia-treaty.yaml): party
// entity groups, agreement terms, third-party cues, stage cues, weights and thresholds. Loading
// compiles every term into one multi-pattern matcher, so classify() does no per-call setup.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace classify {

/// What the filter reads. `text` is plain text (the caller strips HTML).
struct Document {
  std::string id;
  std::string title;
  std::string text;
  std::string language_hint;  ///< ISO 639-1 from the feed, may be empty
};

/// One term that contributed to a verdict, with the sentence it stood in.
struct Evidence {
  std::string term;      ///< the term as written in the profile
  std::string role;      ///< a party name (e.g. "iran", "russia"), "agreement", "third_party" or "stage"
  std::string field;     ///< "title" | "text"
  std::string sentence;  ///< the original sentence (trimmed)
};

/// The filter's answer for one document.
struct Verdict {
  bool match = false;
  double score = 0;                ///< compared with the profile's match threshold
  std::vector<Evidence> evidence;  ///< strongest anchor first; empty when nothing co-occurred
  std::string language;            ///< detected ISO 639-1 code ("" if unknown)
  std::string stage;               ///< negotiating|announced|signed|ratified|in_force|implementation|analysis; "" if no match
  std::string profile;             ///< profile name
};

/// A compiled topic profile; opaque and immutable after load, so it may be shared by threads.
class Profile;

/// Result of loading a profile: either a profile, or every error found (never both).
struct ProfileLoad {
  std::shared_ptr<const Profile> profile;
  std::vector<std::string> errors;  ///< "FILE:LINE:COL: what is wrong, what is expected"
};

/// Reads and compiles a profile file; a missing file is reported in `errors`.
ProfileLoad load_profile_file(const std::string& path);
/// Compiles a profile from YAML text; `origin_name` stands for the file name in error messages.
ProfileLoad load_profile_text(std::string_view yaml, const std::string& origin_name);
/// The profile's `name:` field.
const std::string& profile_name(const Profile& profile);

/// Classifies documents against one profile. Thread-safe: classify() may be called from
/// several threads at once (the filter holds only the immutable profile).
class TopicFilter {
 public:
  /// `profile` must not be null.
  explicit TopicFilter(std::shared_ptr<const Profile> profile);
  /// Never throws for any input; malformed UTF-8 is tolerated.
  Verdict classify(const Document& document) const;

 private:
  std::shared_ptr<const Profile> profile_;
};

}  // namespace classify
