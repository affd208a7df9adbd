#include "app/profiles.h"

#include "app/embedded_profile.h"
#include "extract/extractor.h"

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

void check_selectors(const config::Config& config, std::vector<std::string>& errors) {
  for (std::size_t i = 0; i < config.sources.size(); ++i) {
    const config::Listing& l = config.sources[i].listing;
    for (const auto& [key, text] : {std::pair{"link_selector", &l.link_selector}, {"title_selector", &l.title_selector},
                                    {"date_selector", &l.date_selector}}) {
      if (text->empty()) continue;
      if (std::string why = extract::selector_error(*text); !why.empty())
        errors.push_back(config.path + ": sources[" + std::to_string(i) + "].listing." + key + ": '" + *text +
                         "' is not a usable selector (" + why + "), expected CSS or an XPath starting with '/'");
    }
  }
}

}  // namespace app
