#include "app/profiles.h"

#include "app/embedded_profile.h"

namespace app {
namespace {

void add(FilterSet& set, classify::ProfileLoad load, std::vector<std::string>& errors) {
  errors.insert(errors.end(), load.errors.begin(), load.errors.end());
  if (load.profile && load.errors.empty()) set.push_back(std::make_shared<classify::TopicFilter>(load.profile));
}

}  // namespace

std::shared_ptr<const FilterSet> load_filters(const std::vector<std::string>& paths, std::vector<std::string>& errors) {
  auto set = std::make_shared<FilterSet>();
  for (const auto& path : paths) add(*set, classify::load_profile_file(path), errors);
  return set;
}

std::shared_ptr<const FilterSet> default_filters(std::vector<std::string>& errors) {
  auto set = std::make_shared<FilterSet>();
  add(*set, classify::load_profile_text(kEmbeddedProfile, kEmbeddedProfileName), errors);
  return set;
}

}  // namespace app
