// Loading the topic profiles named in the config into topic filters. The default profile
// (config/profiles/iran-russia-treaty.yaml) is also compiled in, for `newswatchd classify`
// without -p.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/pipeline.h"

namespace app {

/// Loads every profile; errors ("FILE:LINE:COL: …") are appended to `errors`.
std::shared_ptr<const FilterSet> load_filters(const std::vector<std::string>& paths, std::vector<std::string>& errors);
/// Checks what config/ cannot (it knows no HTML): every listing selector of every source compiles.
/// Errors ("FILE: sources[i].listing.KEY: …") are appended to `errors`.
void check_selectors(const config::Config& config, std::vector<std::string>& errors);
/// The filter of the built-in default profile.
std::shared_ptr<const FilterSet> default_filters(std::vector<std::string>& errors);

}  // namespace app
