#include "shipped_profile.h"

#include <gtest/gtest.h>

#include "support/paths.h"

namespace classify_test {

std::shared_ptr<const classify::Profile> shipped_profile() {
  static const classify::ProfileLoad load =
      classify::load_profile_file(testsupport::source_dir() + "/config/profiles/iran-russia-treaty.yaml");
  for (const std::string& error : load.errors) ADD_FAILURE() << error;
  return load.profile;
}

}  // namespace classify_test
