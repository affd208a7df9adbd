// Internal: make entity references safe for pugixml before parsing.
//
// pugixml keeps unknown references like "&nbsp;" literally and accepts a bare "&", where a
// conforming XML parser would stop. Feeds do both all the time, so this pass rewrites them:
// HTML named entities become character references, entities declared in the DOCTYPE's internal
// subset are expanded, and anything else gets its '&' escaped so it survives as text.
#pragma once

#include <string>
#include <string_view>

namespace parse {

/// The outcome of the repair pass.
struct RepairResult {
  bool changed = false;  ///< `text` holds a rewritten document (else use the input as is)
  std::string text;
  std::string problem;   ///< why the input was not well-formed XML, "" if it was
};

/// Scans `doc` (UTF-8) outside comments, CDATA sections and processing instructions.
RepairResult repair_entities(std::string_view doc);

}  // namespace parse
