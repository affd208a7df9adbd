// Test helper: parse a fixture from tests/parse/testdata/.
#pragma once

#include <string>

#include "parse/parser.h"
#include "support/paths.h"

namespace parsetest {

inline std::string fixture(const std::string& name) {
  return testsupport::read_file(testsupport::testdata_dir() + "/parse/testdata/" + name);
}

inline parse::Feed parse_fixture(const std::string& name, const parse::HttpContext& http = {}) {
  return parse::parse_feed(fixture(name), http);
}

inline std::string utc(const std::optional<core::UnixSeconds>& t) {
  return t ? core::format_utc(*t) : "null";
}

}  // namespace parsetest
