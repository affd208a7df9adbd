// The profile shipped in config/profiles/, loaded once for all classify tests.
#pragma once

#include <memory>

#include "classify/topic_filter.h"

namespace classify_test {

/// Loads config/profiles/iran-russia-treaty.yaml (fails the test run when it does not load).
std::shared_ptr<const classify::Profile> shipped_profile();

}  // namespace classify_test
