#include "fetch/outcome.h"

namespace fetch {

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok: return "ok";
    case Outcome::not_modified: return "not_modified";
    case Outcome::http_error: return "http_error";
    case Outcome::rate_limited: return "rate_limited";
    case Outcome::blocked: return "blocked";
    case Outcome::timeout: return "timeout";
    case Outcome::network_error: return "network_error";
    case Outcome::too_large: return "too_large";
  }
  return "unknown";
}

}  // namespace fetch
