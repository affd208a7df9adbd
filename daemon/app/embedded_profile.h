// The default profile's YAML, compiled in from config/profiles/iran-russia-treaty.yaml.
#pragma once

namespace app {
extern const char* const kEmbeddedProfile;
extern const char* const kEmbeddedProfileName;
}  // namespace app
