// Internal to config/: the file's layout, one table of keys per section.
#pragma once

#include "config/config.h"
#include "config/diagnostics.h"

namespace config::detail {

/// Reads the whole document into `out`, reporting every problem to `scope`.
void read_document(const YAML::Node& root, const Scope& scope, Config& out);

/// Reads `sources`: a non-empty sequence of sources with unique names.
void read_sources(const YAML::Node& node, const Scope& scope, std::vector<Source>& out);

}  // namespace config::detail
